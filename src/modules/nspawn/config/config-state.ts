/**
 * machine_config: the ONE-round-trip probe and its parsing. The host part (before the guest is
 * entered) reads the host's apt proxy and whether the machine's .nspawn file pins the time zone;
 * the guest part (through guestExec, running or stopped) reads only what the arguments ask about:
 * host name, a sha256 of root's password field (never the hash itself), root's authorized keys,
 * systemd-networkd and ifupdown state, DHCP clients and tools, package status, time zone, the getty
 * TERM drop-in and /etc/securetty.
 */
import { sh } from '../../../util/quote.js';
import type { MachineConfigArgs } from './config-args.js';
import { guestExec, type GuestCommand } from '../../../transport/nspawn/guest-exec.js';
import { nspawnFile } from '../common/names.js';
import { sectionMark, sections } from '../../../util/sections.js';

export const GETTY_DROPIN = '/etc/systemd/system/container-getty@.service.d/machinist-term.conf';
export const IFUPDOWN_HOST0 = '/etc/network/interfaces.d/host0';
export const IFUPDOWN_HOST0_TEXT = 'auto host0\niface host0 inet dhcp\n';
const TOOLS = ['ifup', 'dhclient', 'dhcpcd', 'udhcpc', 'chpasswd', 'apt-get', 'dpkg-query', 'systemctl', 'hostname'];

export function zoneFile(tz: string): string {
  return `/usr/share/zoneinfo/${tz}`;
}

/** The guest half of the probe (shell text run inside the guest). */
export function guestProbeScript(a: MachineConfigArgs): string {
  const lines = [sectionMark('state'), 'echo "${MACHINIST_GUEST_STATE:-unknown}"'];
  if (a.hostname !== undefined) {
    lines.push(sectionMark('hostname'), 'cat /etc/hostname 2>/dev/null || true');
    lines.push(sectionMark('livehost'), 'cat /proc/sys/kernel/hostname 2>/dev/null || true');
  }
  if (a.root_password !== undefined) {
    lines.push(sectionMark('rootpw'), `awk -F: '$1 == "root" { printf "%s", $2 }' /etc/shadow | sha256sum | cut -c1-64`);
  }
  if (a.root_authorized_keys !== undefined) lines.push(sectionMark('keys'), 'cat /root/.ssh/authorized_keys 2>/dev/null || true');
  if (a.network !== undefined && a.network !== 'none') {
    lines.push(
      sectionMark('networkd'),
      'if [ -x /lib/systemd/systemd-networkd ] || [ -x /usr/lib/systemd/systemd-networkd ]; then systemctl is-enabled systemd-networkd.service 2>/dev/null || true; else echo absent; fi',
      sectionMark('host0'),
      sh`cat ${IFUPDOWN_HOST0} 2>/dev/null || true`,
      sectionMark('sources'),
      "grep -qsE '^[[:space:]]*source(-directory)?[[:space:]].*interfaces\\.d' /etc/network/interfaces && echo yes || true",
    );
  }
  lines.push(sectionMark('tools'), `for t in ${TOOLS.join(' ')}; do command -v "$t" >/dev/null 2>&1 && echo "$t"; done; true`);
  if (a.packages?.length) {
    lines.push(sectionMark('packages'), sh`dpkg-query -W -f='\${Package} \${db:Status-Abbrev}\\n' ${a.packages} 2>/dev/null || true`);
    lines.push(sectionMark('guestproxy'), 'apt-config dump Acquire::http::Proxy 2>/dev/null || true');
  }
  if (a.timezone !== undefined) {
    lines.push(
      sectionMark('timezone'),
      'echo "link=$(readlink /etc/localtime 2>/dev/null)"',
      'if [ -f /etc/timezone ]; then echo "file=$(cat /etc/timezone)"; fi',
      'if [ -f /etc/debian_version ]; then echo debian; fi',
      sh`if [ -f ${zoneFile(a.timezone)} ]; then echo zone; fi`,
    );
  }
  if (a.getty_term !== undefined) lines.push(sectionMark('getty'), sh`cat ${GETTY_DROPIN} 2>/dev/null || true`);
  if (a.securetty !== undefined) lines.push(sectionMark('securetty'), 'if [ -f /etc/securetty ]; then echo present; grep -E "^pts/[0-9]+$" /etc/securetty; fi; true');
  return lines.join('\n') + '\n';
}

/** The whole probe: host part, then the guest part. */
export function configProbe(a: MachineConfigArgs): GuestCommand {
  const g = guestExec(a.name, guestProbeScript(a), { running: 'any' });
  const host = [
    sectionMark('hostproxy'),
    'apt-config dump Acquire::http::Proxy 2>/dev/null || true',
    sectionMark('nspawnfile'),
    sh`grep -sE '^[[:space:]]*Timezone[[:space:]]*=' ${nspawnFile(a.name)} || true`,
  ].join('\n');
  return { command: host + '\n' + g.command, marker: g.marker };
}

export interface ConfigState {
  running: boolean;
  hostname?: { permanent: string; live: string };
  rootPasswordSha256?: string;
  keys?: string[];
  networkd?: 'enabled' | 'disabled' | 'absent' | string;
  host0?: string;
  interfacesSourcesDir: boolean;
  tools: Set<string>;
  /** Requested packages that are installed ("ii"). */
  installed: Set<string>;
  /** Acquire::http::Proxy of the host and of the guest ('' when unset). */
  hostProxy: string;
  guestProxy: string;
  timezone?: { link: string; file?: string; debian: boolean; zoneExists: boolean };
  /** The .nspawn file's Timezone= value ('' when not set there). */
  nspawnTimezone: string;
  getty?: string;
  securetty?: { present: boolean; pts: Set<string> };
}

/** `Acquire::http::Proxy "URL";` → URL ('' for none or DIRECT). */
export function parseAptProxy(text: string | undefined): string {
  const m = /^Acquire::http::Proxy\s+"([^"]*)";/m.exec(text ?? '');
  const v = m ? m[1].trim() : '';
  return v === 'DIRECT' || v === 'false' ? '' : v;
}

export function parseConfigProbe(out: string): ConfigState {
  const s = sections(out);
  const lines = (k: string) => (s[k] ?? '').split('\n').map((l) => l.trim()).filter(Boolean);
  const st: ConfigState = {
    running: (s.state ?? '').trim() === 'running',
    interfacesSourcesDir: (s.sources ?? '').trim() === 'yes',
    tools: new Set(lines('tools')),
    installed: new Set(lines('packages').filter((l) => / ii\s*$/.test(l)).map((l) => l.split(' ')[0])),
    hostProxy: parseAptProxy(s.hostproxy),
    guestProxy: parseAptProxy(s.guestproxy),
    nspawnTimezone: (/=\s*(\S+)/.exec(s.nspawnfile ?? '')?.[1] ?? '').toLowerCase(),
  };
  if (s.hostname !== undefined) {
    const permanent = lines('hostname').find((l) => !l.startsWith('#')) ?? '';
    st.hostname = { permanent, live: (s.livehost ?? '').trim() };
  }
  if (s.rootpw !== undefined) st.rootPasswordSha256 = s.rootpw.trim();
  if (s.keys !== undefined) st.keys = (s.keys ?? '').split('\n').filter((l) => l.trim() !== '');
  if (s.networkd !== undefined) st.networkd = s.networkd.trim() || 'disabled';
  if (s.host0 !== undefined) st.host0 = s.host0;
  if (s.timezone !== undefined) {
    const t = lines('timezone');
    const val = (k: string) => t.find((l) => l.startsWith(`${k}=`))?.slice(k.length + 1);
    st.timezone = { link: val('link') ?? '', file: val('file'), debian: t.includes('debian'), zoneExists: t.includes('zone') };
  }
  if (s.getty !== undefined) st.getty = s.getty;
  if (s.securetty !== undefined) {
    const l = lines('securetty');
    st.securetty = { present: l[0] === 'present', pts: new Set(l.slice(1)) };
  }
  return st;
}
