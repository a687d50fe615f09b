/**
 * machine_config: the pure decision (what differs, what cannot be done, what to warn about) and the
 * ONE apply script run inside the guest. Every item is compared with the probed state, so a second
 * run changes nothing. The root password hash reaches the guest on stdin (`chpasswd -e`), never in
 * a command line, and is compared by sha256 only; the diff says "changed", never the hash.
 */
import { sh } from '../../../util/quote.js';
import { sha256 } from '../../kit/file-write.js';
import { DHCP_CLIENTS, type MachineConfigArgs } from './config-args.js';
import { replaceFileScript } from '../common/replace-file.js';
import { GETTY_DROPIN, IFUPDOWN_HOST0, IFUPDOWN_HOST0_TEXT, zoneFile, type ConfigState } from './config-state.js';

export interface ConfigChange {
  /** The argument it comes from (hostname, network, packages...). */
  item: string;
  before: string;
  after: string;
  /** Shell text run inside the guest (one piece of the apply script). */
  script: string;
}

export interface ConfigDecision {
  changes: ConfigChange[];
  errors: string[];
  warnings: string[];
  /** Packages to install (also in changes). */
  install: string[];
  /** stdin of the apply script (root's password line for chpasswd -e). */
  stdin?: string;
}

/** Printed on stdout by the apply script for something that did not work but does not fail the task. */
export const WARN_MARK = '@@mx-warn ';

/** "TYPE BASE64" of an authorized_keys line (its identity), or the trimmed line when none is found. */
export function keyIdentity(line: string): string {
  const m = /(?:^|\s)((?:ssh-|ecdsa-|sk-)\S+)\s+([A-Za-z0-9+/]+={0,3})(?:\s|$)/.exec(line.trim());
  return m ? `${m[1]} ${m[2]}` : line.trim();
}

function shortKey(line: string): string {
  const id = keyIdentity(line);
  const comment = line.trim().slice(line.trim().indexOf(id) + id.length).trim();
  const [type, b64] = id.split(' ');
  return `${type} ${b64 ? b64.slice(0, 12) + '…' + b64.slice(-8) : ''}${comment ? ' ' + comment : ''}`;
}

/** Shell text writing a file inside the guest, atomically (replace-file.ts). */
function writeFile(path: string, content: string, mode: string): string {
  return replaceFileScript(path, sh`printf %s ${content}`, mode) + sh` || mx_fail ${`writing ${path} failed`}`;
}

export const APPLY_PRELUDE = 'mx_fail() { echo "$1" >&2; exit 1; }';

export function decideConfig(a: MachineConfigArgs, st: ConfigState): ConfigDecision {
  const d: ConfigDecision = { changes: [], errors: [], warnings: [], install: [] };
  const add = (item: string, before: string, after: string, script: string) => d.changes.push({ item, before, after, script });
  const has = (tool: string) => st.tools.has(tool);
  const wanted = new Set(a.packages ?? []);

  if (a.root_password !== undefined && st.rootPasswordSha256 !== sha256(a.root_password)) {
    if (!has('chpasswd')) d.errors.push('root_password: chpasswd is not installed in the guest (package passwd)');
    add('root_password', 'root_password: (hidden)', 'root_password: changed', 'chpasswd -e || mx_fail "chpasswd failed"');
    d.stdin = `root:${a.root_password}\n`;
  }

  if (a.packages?.length) {
    d.install = a.packages.filter((p) => !st.installed.has(p.split(':')[0]) && !st.installed.has(p));
    if (d.install.length) {
      if (!has('apt-get')) d.errors.push(`packages: apt-get is not available in the guest (${d.install.join(', ')} cannot be installed)`);
      const proxy = st.hostProxy && !st.guestProxy ? sh` -o ${'Acquire::http::Proxy=' + st.hostProxy}` : '';
      const apt = `apt-get -q -y${proxy}`;
      add(
        'packages',
        `packages missing: ${d.install.join(', ')}`,
        `packages installed: ${d.install.join(', ')}`,
        [
          'export DEBIAN_FRONTEND=noninteractive',
          `${apt} update >/dev/null || mx_fail "apt-get update failed inside the guest"`,
          `${apt} -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install ` + sh`${d.install} || mx_fail "apt-get install failed inside the guest"`,
        ].join('\n'),
      );
    }
  }

  if (a.hostname !== undefined && st.hostname) {
    const h = a.hostname;
    const liveDiffers = st.running && st.hostname.live !== h;
    if (st.hostname.permanent !== h || liveDiffers) {
      const steps = [];
      if (st.hostname.permanent !== h) steps.push(writeFile('/etc/hostname', `${h}\n`, '0644'));
      if (liveDiffers) steps.push(sh`{ hostname ${h} 2>/dev/null || printf '%s\\n' ${h} > /proc/sys/kernel/hostname; } || echo ${WARN_MARK + 'could not set the live host name (it is set at the next start)'}`);
      add('hostname', `hostname: ${st.hostname.permanent || '(none)'}${liveDiffers ? ` (live: ${st.hostname.live})` : ''}`, `hostname: ${h}`, steps.join('\n'));
    }
  }

  if (a.root_authorized_keys !== undefined) {
    const cur = st.keys ?? [];
    const curIds = new Set(cur.map(keyIdentity));
    const wantIds = new Set(a.root_authorized_keys.map(keyIdentity));
    const added = a.root_authorized_keys.filter((k, i, all) => !curIds.has(keyIdentity(k)) && all.findIndex((x) => keyIdentity(x) === keyIdentity(k)) === i);
    const removed = a.root_authorized_keys_exclusive ? cur.filter((l) => !l.trim().startsWith('#') && !wantIds.has(keyIdentity(l))) : [];
    if (added.length || removed.length) {
      const kept = a.root_authorized_keys_exclusive ? [] : cur;
      const lines = a.root_authorized_keys_exclusive ? dedupe(a.root_authorized_keys) : [...kept, ...added];
      add(
        'root_authorized_keys',
        removed.map((k) => `root_authorized_keys: - ${shortKey(k)}`).join('\n') || `root_authorized_keys: ${cur.length} key(s)`,
        added.map((k) => `root_authorized_keys: + ${shortKey(k)}`).join('\n') || `root_authorized_keys: ${lines.length} key(s)`,
        ['{ [ -d /root/.ssh ] || mkdir -m 0700 /root/.ssh; } || mx_fail "cannot create /root/.ssh"', 'chmod 0700 /root/.ssh', writeFile('/root/.ssh/authorized_keys', lines.map((l) => l.trim() + '\n').join(''), '0600')].join('\n'),
      );
    }
  }

  if (a.network === 'networkd') {
    if (st.networkd === 'absent') d.errors.push('network: networkd: systemd-networkd is not installed in the guest');
    const ours = (st.host0 ?? '').trim() === IFUPDOWN_HOST0_TEXT.trim();
    if (st.host0 && !ours) d.warnings.push(`${IFUPDOWN_HOST0} configures host0 too: remove it, or two DHCP clients will manage host0`);
    if (st.networkd !== 'enabled' || ours) {
      const steps = [];
      if (ours) steps.push(sh`rm -f ${IFUPDOWN_HOST0}`);
      if (st.networkd !== 'enabled') steps.push(`systemctl enable${st.running ? ' --now' : ''} systemd-networkd.service || mx_fail "could not enable systemd-networkd"`);
      add('network', `network: systemd-networkd ${st.networkd}${ours ? `, ${IFUPDOWN_HOST0}` : ''}`, 'network: systemd-networkd enabled (host0 by DHCP)', steps.join('\n'));
    }
  } else if (a.network === 'ifupdown') {
    if ((st.host0 ?? '').trim() !== IFUPDOWN_HOST0_TEXT.trim()) {
      if (!has('ifup') && !wanted.has('ifupdown')) d.errors.push('network: ifupdown: ifupdown is not installed in the guest; add it to packages');
      if (!['dhclient', 'dhcpcd', 'udhcpc'].some(has) && !DHCP_CLIENTS.some((p) => wanted.has(p))) {
        d.errors.push('network: ifupdown: no DHCP client in the guest; add isc-dhcp-client or dhcpcd-base to packages');
      }
      if (has('ifup') && !st.interfacesSourcesDir) d.warnings.push('/etc/network/interfaces does not source /etc/network/interfaces.d: host0 will not come up');
      const steps = ['mkdir -p /etc/network/interfaces.d || mx_fail "cannot create /etc/network/interfaces.d"', writeFile(IFUPDOWN_HOST0, IFUPDOWN_HOST0_TEXT, '0644')];
      if (st.running) steps.push(`ifup host0 >/dev/null 2>&1 || echo '${WARN_MARK}ifup host0 failed (it comes up at the next start)'`);
      add('network', `network: ${st.host0 ? IFUPDOWN_HOST0 + ' differs' : 'no host0 stanza'}`, `network: ifupdown, ${IFUPDOWN_HOST0}: auto host0 / iface host0 inet dhcp`, steps.join('\n'));
    }
    if (st.networkd === 'enabled') d.warnings.push('systemd-networkd is enabled in the guest too: host0 is then managed twice');
  }

  if (a.timezone !== undefined && st.timezone) {
    const tz = a.timezone;
    const zf = zoneFile(tz);
    const t = st.timezone;
    const linkOk = t.link === zf || t.link === `..${zf}` || t.link === `../${zf.slice(1)}`;
    const fileOk = t.file === undefined ? !t.debian : t.file === tz;
    if (!linkOk || !fileOk) {
      if (!t.zoneExists && !wanted.has('tzdata')) d.errors.push(`timezone: ${zf} does not exist in the guest; add tzdata to packages`);
      const steps = [sh`[ -f ${zf} ] || mx_fail ${`timezone: ${zf} does not exist in the guest`}`, sh`ln -sfn ${zf} /etc/localtime || mx_fail "cannot link /etc/localtime"`];
      if (t.debian || t.file !== undefined) steps.push(writeFile('/etc/timezone', `${tz}\n`, '0644'));
      const before = t.file ?? (t.link.replace(/^.*zoneinfo\//, '') || '(none)');
      add('timezone', `timezone: ${before}`, `timezone: ${tz}`, steps.join('\n'));
    }
    if (st.nspawnTimezone !== 'off') {
      d.warnings.push(`systemd-nspawn's Timezone=${st.nspawnTimezone || 'auto'} (the default) gives the guest the host's time zone at every start; set Timezone=off in [Exec] of the machine's .nspawn file to keep ${tz}`);
    }
  }

  if (a.getty_term !== undefined) {
    const text = `[Service]\nEnvironment=TERM=${a.getty_term}\n`;
    if ((st.getty ?? '').trim() !== text.trim()) {
      const steps = [sh`mkdir -p ${GETTY_DROPIN.slice(0, GETTY_DROPIN.lastIndexOf('/'))} || mx_fail "cannot create the drop-in directory"`, writeFile(GETTY_DROPIN, text, '0644')];
      if (st.running) steps.push('systemctl daemon-reload || true');
      const before = /TERM=(\S+)/.exec(st.getty ?? '')?.[1];
      add('getty_term', `getty_term: ${before ?? '(default)'}`, `getty_term: ${a.getty_term}`, steps.join('\n'));
    }
  }

  if (a.securetty !== undefined && st.securetty) {
    if (!st.securetty.present) d.warnings.push('securetty: the guest has no /etc/securetty: nothing to add');
    else {
      const missing = Array.from({ length: a.securetty }, (_, i) => `pts/${i}`).filter((p) => !st.securetty!.pts.has(p));
      if (missing.length) {
        const fill = sh`cat /etc/securetty && printf '%s\\n' ${missing}`;
        const script = replaceFileScript('/etc/securetty', fill, { like: '/etc/securetty' }) + ' || mx_fail "cannot update /etc/securetty"';
        add('securetty', `securetty: ${st.securetty.pts.size} pts line(s)`, `securetty: + ${missing.join(' ')}`, script);
      }
    }
  }
  return d;
}

function dedupe(keys: string[]): string[] {
  const seen = new Set<string>();
  return keys.filter((k) => !seen.has(keyIdentity(k)) && !!seen.add(keyIdentity(k)));
}

/** The one script (inside the guest) that makes every change. */
export function applyScript(d: ConfigDecision): string {
  return [APPLY_PRELUDE, ...d.changes.map((c) => c.script), 'exit 0'].join('\n') + '\n';
}

/** Warnings the apply script printed (WARN_MARK lines). */
export function applyWarnings(stdout: string): string[] {
  return stdout.split('\n').filter((l) => l.startsWith(WARN_MARK)).map((l) => l.slice(WARN_MARK.length));
}
