/**
 * The fact-gathering script: ONE POSIX sh (dash) run that prints every section the parser needs
 * between marker lines (util/sections.ts: the wire format every probe shares). It reads /proc and
 * /sys with the `read` builtin (no process per file) and spawns only the few tools that have no file
 * equivalent (uname -m, ip, systemctl, systemd-detect-virt, nproc, date, id, getent, hostname -f
 * when /etc/hosts does not name the host, and python when there is one, for the python facts). A missing tool or file leaves its section empty; nothing
 * here fails the run.
 */
import { sectionMarkFunction } from '../util/sections.js';

/**
 * Ansible's python facts, when the host has a Python (Ansible's own interpreter; machinist needs
 * none): executable, version_info, implementation, has_sslcontext, one per line (Python 2 and 3).
 */
const PYTHON_PROBE = [
  'import sys',
  'try:\n import ssl\n c = hasattr(ssl, "SSLContext")\nexcept Exception:\n c = False',
  'print(sys.executable)',
  'print(" ".join(str(x) for x in sys.version_info))',
  'print(getattr(getattr(sys, "implementation", None), "name", "cpython"))',
  'print(c)',
].join('\n');

export const FACTS_SCRIPT = `export LC_ALL=C
${sectionMarkFunction('__s')}
__f() { [ -r "$1" ] || return 0; while IFS= read -r __l || [ -n "$__l" ]; do printf '%s\\n' "$__l"; done <"$1"; }
__has() { command -v "$1" >/dev/null 2>&1; }
__to=; if __has timeout; then __to='timeout 1'; fi
__s hostname; __f /proc/sys/kernel/hostname
__s fqdn
__h=; if [ -r /proc/sys/kernel/hostname ]; then read -r __h </proc/sys/kernel/hostname; fi
__fq=
if [ -n "$__h" ] && [ -r /etc/hosts ]; then
  while read -r __ip __names || [ -n "$__ip" ]; do
    case "$__ip" in ''|'#'*) continue;; esac
    for __n in $__names; do case "$__n" in '#'*) break;; "$__h"|"$__h".*) __fq=\${__names%% *}; break 2;; esac; done
  done </etc/hosts
fi
if [ -n "$__fq" ]; then printf '%s\\n' "$__fq"; elif __has hostname; then $__to hostname -f 2>/dev/null; fi
__s ostype; __f /proc/sys/kernel/ostype
__s osrelease; __f /proc/sys/kernel/osrelease
__s kversion; __f /proc/sys/kernel/version
__s machine; uname -m 2>/dev/null
__s os_release; if [ -r /etc/os-release ]; then __f /etc/os-release; else __f /usr/lib/os-release; fi
__s debian_version; __f /etc/debian_version
__s lsb_release; __f /etc/lsb-release
__s proc1; __f /proc/1/comm
__s exists
for __p in /run/systemd/system /sbin/openrc /etc/init.d /.dockerenv /run/.containerenv /dev/kvm /sys/kernel/security/apparmor /proc/xen; do
  if [ -e "$__p" ]; then printf '%s\\n' "$__p"; fi
done
__s systemd; if [ -d /run/systemd/system ] && __has systemctl; then systemctl --version 2>/dev/null; fi
__s container; __f /run/systemd/container
__s detect_virt; if __has systemd-detect-virt; then systemd-detect-virt 2>/dev/null; fi
__s pkg; for __p in apt-get dnf5 dnf yum zypper pacman apk emerge xbps-install opkg; do if __has "$__p"; then printf '%s\\n' "$__p"; fi; done
if __has ip; then
  __s route4; ip -4 route show default 2>/dev/null
  __s route6; ip -6 route show default 2>/dev/null
  __s addr; ip -o addr show 2>/dev/null
else
  __s proc_route; __f /proc/net/route
fi
__s links
for __i in /sys/class/net/*; do
  [ -e "$__i" ] || continue
  __mac=; __mtu=; __op=; __ty=; __kind=
  [ -r "$__i/address" ] && read -r __mac <"$__i/address"
  [ -r "$__i/mtu" ] && read -r __mtu <"$__i/mtu"
  [ -r "$__i/operstate" ] && read -r __op <"$__i/operstate"
  [ -r "$__i/type" ] && read -r __ty <"$__i/type"
  if [ -d "$__i/bridge" ]; then __kind=bridge; elif [ -d "$__i/bonding" ]; then __kind=bonding; fi
  printf '%s %s %s %s %s %s\\n' "\${__i##*/}" "\${__mac:--}" "\${__mtu:--}" "\${__op:--}" "\${__ty:--}" "\${__kind:--}"
done
__s meminfo
if [ -r /proc/meminfo ]; then while read -r __k __v __r; do
  case "$__k" in MemTotal:|MemFree:|MemAvailable:|Buffers:|Cached:|SwapTotal:|SwapFree:|SwapCached:) printf '%s %s\\n' "$__k" "$__v";; esac
done </proc/meminfo; fi
__s cpuinfo
if [ -r /proc/cpuinfo ]; then while IFS= read -r __l; do
  case "$__l" in processor*|'physical id'*|'core id'*|'cpu cores'*|siblings*|'model name'*|vendor_id*|'CPU implementer'*|Hardware*|'cpu model'*) printf '%s\\n' "$__l";; esac
done </proc/cpuinfo; fi
__s nproc; nproc 2>/dev/null
__s date; date '+%s %N %z %Z' 2>/dev/null
__s id; __id=$(id 2>/dev/null); printf '%s\\n' "$__id"
__s passwd; __u=\${__id#uid=}; __u=\${__u%%[!0-9]*}; if [ -n "$__u" ] && __has getent; then getent passwd "$__u" 2>/dev/null; fi
__s env
for __v in HOME PATH USER LOGNAME SHELL LANG PWD TERM MAIL; do
  eval "if [ -n \\"\\\${$__v+x}\\" ]; then printf '%s=%s\\\\n' $__v \\"\\$$__v\\"; fi"
done
__s machine_id; __f /etc/machine-id
__s cmdline; __f /proc/cmdline
__s uptime; __f /proc/uptime
__s loadavg; __f /proc/loadavg
__s fips; __f /proc/sys/crypto/fips_enabled
__s resolv; __f /etc/resolv.conf
__s python
for __p in /usr/bin/python3 python3 /usr/bin/python python; do
  if __has "$__p"; then "$__p" -c '${PYTHON_PROBE}' 2>/dev/null && break; fi
done
__s end
`;
