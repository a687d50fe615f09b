/**
 * The cut-over script that runs ON the host, detached from the SSH session (a transient systemd unit,
 * or setsid+nohup), in its private directory (0700) that the controller filled with:
 *   vars            shell assignments written by the controller (every value quoted)
 *   manifest        "put N DEST" / "del - DEST": new file new/N goes to DEST, or DEST is deleted
 *   new/N           the new files
 *   forward.batch   `ip -batch` lines that move the network (one ip process: one step)
 *   rollback.batch  `ip -batch` lines that bring the probed network back
 * It backs up every file it touches (old/), installs the new ones (temp file + rename in the same
 * directory), moves the network, checks that the gateway answers, then waits `TIMEOUT` seconds for
 * the controller to create `confirm` over a NEW connection. Without it — or when a step or the
 * gateway check fails — it restores the files and the live network by itself (one ip -batch) and
 * says why in `status` ("rolled-back\nREASON"); with it, status is "committed".
 * POSIX sh (dash); tools: ip, cp, mv, sleep; ping/arping/perl used for the gateway check when present.
 */
export const CUTOVER_SCRIPT = `#!/bin/sh
# machinist bridge cut-over: runs detached; see status and log in this directory.
D=$1
cd "$D" || exit 1
. ./vars
trap '' HUP PIPE

log() { printf '%s %s\\n' "$(date +%H:%M:%S.%N | cut -c1-12)" "$*" >> log; }
status() {
  printf '%s\\n%s\\n' "$1" "$2" > status.tmp && mv -f status.tmp status
  log "status $1 $2"
}

backup() {
  mkdir -p old || return 1
  i=0
  while read -r op n dest; do
    i=$((i + 1))
    if [ -e "$dest" ]; then cp -p -- "$dest" "old/$i" || return 1; else : > "old/$i.absent" || return 1; fi
  done < manifest
}

install_new() {
  while read -r op n dest; do
    case $op in
      put)
        mkdir -p -- "\${dest%/*}" && cp -- "new/$n" "$dest.mx-new" && chmod 0644 "$dest.mx-new" && mv -f -- "$dest.mx-new" "$dest" || return 1 ;;
      del)
        rm -f -- "$dest" || return 1 ;;
    esac
    log "installed $op $dest"
  done < manifest
}

restore_old() {
  i=0
  while read -r op n dest; do
    i=$((i + 1))
    if [ -e "old/$i.absent" ]; then rm -f -- "$dest"
    elif [ -e "old/$i" ]; then cp -p -- "old/$i" "$dest.mx-old" && mv -f -- "$dest.mx-old" "$dest"
    fi
  done < manifest
}

dhcp_stop() {
  [ -n "$1" ] || return 0
  if [ -e "/run/dhclient.$1.pid" ]; then dhclient -x -pf "/run/dhclient.$1.pid" "$1" >> log 2>&1; fi
  return 0
}

dhcp_start() {
  command -v dhclient > /dev/null 2>&1 || { log "no dhclient"; return 1; }
  timeout "$2" dhclient -4 -1 -pf "/run/dhclient.$1.pid" -lf "/var/lib/dhcp/dhclient.$1.leases" "$1" >> log 2>&1
}

# The gateway answers: an ICMP echo reply (ping), an ARP reply (arping), or — when neither tool is
# installed — a datagram sent with perl makes the kernel resolve the gateway, and its neighbour entry
# must then hold a link-layer address. Without any of these tools the check is skipped (logged).
gw_check() {
  ip neigh flush dev "$DEV" > /dev/null 2>&1
  have_ping=0; have_arping=0; have_perl=0
  command -v ping > /dev/null 2>&1 && have_ping=1
  command -v arping > /dev/null 2>&1 && have_arping=1
  command -v perl > /dev/null 2>&1 && have_perl=1
  if [ $have_ping$have_arping$have_perl = 000 ]; then log "no ping, arping or perl: gateway check skipped"; return 0; fi
  n=0
  while [ $n -lt "$GW_TRIES" ]; do
    n=$((n + 1))
    if [ $have_ping = 1 ] && ping -n -c 1 -W 1 "$GW" > /dev/null 2>&1; then log "gateway $GW answers ping"; return 0; fi
    if [ $have_arping = 1 ] && arping -c 1 -w 1 -I "$DEV" "$GW" > /dev/null 2>&1; then log "gateway $GW answers arping"; return 0; fi
    if [ $have_perl = 1 ]; then
      perl -MIO::Socket::INET -e '$s = IO::Socket::INET->new(PeerAddr => $ARGV[0], PeerPort => 9, Proto => "udp") or exit 1; $s->send("x")' "$GW" > /dev/null 2>&1
    fi
    k=0
    while [ $k -lt 5 ]; do
      if ip neigh show to "$GW" dev "$DEV" | grep -Eq 'lladdr .*(REACHABLE|STALE|DELAY|PROBE|PERMANENT)'; then log "gateway $GW answers ARP"; return 0; fi
      sleep 0.2
      k=$((k + 1))
    done
  done
  return 1
}

# networkd must say the bridge is configured: one it cannot configure now would not come up at boot
nd_wait() {
  n=0
  while [ $n -lt 30 ]; do
    nd_state=$(networkctl --no-legend --no-pager list "$DEV" 2>/dev/null | awk '{print $5}')
    case $nd_state in configured) log "networkd configured $DEV"; return 0 ;; failed) return 1 ;; esac
    sleep 0.5
    n=$((n + 1))
  done
  return 1
}

rollback() {
  log "rolling back: $1"
  status rolling-back "$1"
  [ -z "$DHCP_NEW" ] || dhcp_stop "$DHCP_NEW"
  if [ "$NETWORKD" = 1 ] && [ "$NETWORKD_WAS" != 1 ]; then systemctl disable --now systemd-networkd.service systemd-networkd.socket >> log 2>&1; fi
  restore_old
  ip -force -batch rollback.batch >> log 2>&1
  if [ -n "$DHCP_OLD" ]; then dhclient -4 -nw -pf "/run/dhclient.$DHCP_OLD.pid" -lf "/var/lib/dhcp/dhclient.$DHCP_OLD.leases" "$DHCP_OLD" >> log 2>&1; fi
  status rolled-back "$1"
  exit 3
}

status applying ""
backup || { status failed "could not back up the current configuration files"; exit 2; }
install_new || rollback "could not install the new configuration files"
[ -z "$DHCP_OLD" ] || dhcp_stop "$DHCP_OLD"
if [ -s forward.batch ] && ! ip -batch forward.batch >> log 2>&1; then
  rollback "moving the network failed: $(tail -n 2 log | tr '\\n' ' ')"
fi
if [ "$NETWORKD" = 1 ]; then
  if [ "$NETWORKD_WAS" = 1 ]; then timeout 15 networkctl reload >> log 2>&1
  else systemctl enable --now systemd-networkd.service >> log 2>&1 || rollback "systemd-networkd could not be started"
  fi
  nd_wait || rollback "systemd-networkd could not configure $DEV (networkctl says: \${nd_state:-nothing}; see journalctl -u systemd-networkd)"
fi
if [ -n "$DHCP_NEW" ]; then
  dhcp_start "$DHCP_NEW" "$DHCP_TIMEOUT" || rollback "the DHCP client got no lease on $DHCP_NEW within $DHCP_TIMEOUT s"
  [ -n "$GW" ] || GW=$(ip -4 route show default dev "$DEV" | sed -n 's/.* via \\([0-9.]*\\).*/\\1/p' | head -n 1)
fi
if [ -n "$GW" ]; then
  gw_check || rollback "gateway $GW did not answer"
fi
status waiting ""
n=$((TIMEOUT * 5))
while [ $n -gt 0 ] && [ ! -e confirm ]; do sleep 0.2; n=$((n - 1)); done
[ -e confirm ] || rollback "no confirmation from the controller within $TIMEOUT s (it could not reconnect)"
if [ -n "$IFSTATE_UP" ] && [ -d /run/network ]; then
  for i in $IFSTATE_DOWN; do rm -f "/run/network/ifstate.$i"; done
  for i in $IFSTATE_UP; do printf '%s\\n' "$i" > "/run/network/ifstate.$i"; done
  for f in /run/network/ifstate.*; do if [ -f "$f" ]; then printf '%s=%s\\n' "\${f#/run/network/ifstate.}" "$(cat "$f")"; fi; done > /run/network/.ifstate.mx-new
  mv -f /run/network/.ifstate.mx-new /run/network/ifstate
fi
rm -rf old new
status committed ""
exit 0
`;
