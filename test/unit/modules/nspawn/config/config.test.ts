import { describe, expect, it } from 'vitest';
import { checkAuthorizedKey, checkPasswordHash, machineConfigSchema, type MachineConfigArgs } from '../../../../../src/modules/nspawn/config/config-args.js';
import { applyScript, applyWarnings, decideConfig, keyIdentity } from '../../../../../src/modules/nspawn/config/config-decide.js';
import { sha256 } from '../../../../../src/modules/kit/file-write.js';
import { configProbe, guestProbeScript, parseAptProxy, parseConfigProbe, type ConfigState } from '../../../../../src/modules/nspawn/config/config-state.js';
import { machineConfigModule } from '../../../../../src/modules/nspawn/config/config.js';
import { nspawnModules } from '../../../../../src/modules/nspawn/index.js';
import { fixtures } from '../../../../helpers/fixtures.js';

const RUNNING = fixtures('modules/nspawn')('config-probe-running.txt');
/** The hash the fixture's guest has for root (set by an earlier machine_config run). */
const HASH = '$6$saltsalt$qFmFH.bQmmtXzyBY0s9v7Oicd2z4XSIecDzlB5KiA2/jctKu9YterLp8wwnSq.qc.eoxqOmSuNp2xS0ktL3nh/';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl test@machinist';
const KEY2 = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBNl2bUQe8V0f8a1m1Qd6rQ1m9T4w3cQe2h0t0mR3xYz other@host';

const args = (a: Record<string, unknown>): MachineConfigArgs => machineConfigSchema.parse({ name: 't1', ...a });
const stopped = (over: Partial<ConfigState> = {}): ConfigState => ({
  running: false,
  interfacesSourcesDir: true,
  tools: new Set(['chpasswd', 'apt-get', 'dpkg-query', 'systemctl', 'ifup', 'dhclient']),
  installed: new Set(),
  hostProxy: '',
  guestProxy: '',
  nspawnTimezone: '',
  ...over,
});

describe('machine_config arguments', () => {
  it('accepts crypt hashes and refuses plain text', () => {
    expect(checkPasswordHash(HASH)).toBeUndefined();
    expect(checkPasswordHash('$y$j9T$2iTTkzSmCJhZ/5Ql4nJsf.$Ka0kqnBmCnmfzHHrbeE4Gxp8i6hVRVUymMIvYmoLu48')).toBeUndefined();
    expect(checkPasswordHash('$5$rounds=5000$abc$' + 'a'.repeat(43))).toBeUndefined();
    expect(checkPasswordHash('!')).toBeUndefined();
    for (const bad of ['secret', 'hunter2 with spaces', '$6$salt$short', '$6$salt$' + 'a'.repeat(85) + ':', '$9$x$y', '$6$' + 'a'.repeat(86)]) {
      expect(checkPasswordHash(bad), bad).toMatch(/crypt/);
    }
    const r = machineConfigSchema.safeParse({ name: 't1', root_password: 'plain-password' });
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(/not a plain-text password/);
  });

  it('checks keys, packages, names and the rest before anything runs', () => {
    expect(checkAuthorizedKey(KEY)).toBeUndefined();
    expect(checkAuthorizedKey('from="10.0.0.1" ' + KEY)).toBeUndefined();
    expect(checkAuthorizedKey('not a key')).toMatch(/not an SSH public key/);
    expect(checkAuthorizedKey(KEY + '\nssh-rsa AAAA')).toMatch(/one line/);
    const bad = (a: Record<string, unknown>) => expect(machineConfigSchema.safeParse({ name: 't1', ...a }).success, JSON.stringify(a)).toBe(false);
    bad({ name: 'a b' });
    bad({ hostname: '-bad' });
    bad({ packages: ['curl; reboot'] });
    bad({ timezone: '../../etc/passwd' });
    bad({ network: 'dhcp' });
    bad({ getty_term: 'xterm" x' });
    bad({ securetty: 0 });
    bad({ unknown_key: 1 });
    expect(args({ packages: 'curl', securetty: true, root_authorized_keys: KEY })).toMatchObject({ packages: ['curl'], securetty: 10, root_authorized_keys: [KEY], root_authorized_keys_exclusive: false });
  });

  it('is registered with its alias and masks root_password', () => {
    expect(nspawnModules).toContain(machineConfigModule);
    expect(machineConfigModule.aliases).toContain('machinist.nspawn.machine_config');
    expect(machineConfigModule.secretArgs).toEqual(['root_password']);
  });
});

describe('machine_config probe', () => {
  it('asks only what the arguments need, in one host command that enters the guest', () => {
    const small = guestProbeScript(args({ hostname: 'x' }));
    expect(small).toContain("@@mx hostname");
    expect(small).not.toMatch(/shadow|authorized_keys|dpkg-query -W|networkd/);
    const p = configProbe(args({ hostname: 'x', root_password: HASH }));
    expect(p.command).toContain('apt-config dump Acquire::http::Proxy');
    expect(p.command).toContain('machinectl show "$m" -p Leader --value');
    expect(p.command).not.toContain(HASH.slice(3, 20));
  });

  it('parses a probe captured from a running lab guest', () => {
    const st = parseConfigProbe(RUNNING);
    expect(st.running).toBe(true);
    expect(st.hostname).toEqual({ permanent: 'guest-one', live: 'guest-one' });
    expect(st.rootPasswordSha256).toBe(sha256(HASH));
    expect(st.keys).toEqual([KEY]);
    expect(st.networkd).toBe('enabled');
    expect(st.installed).toEqual(new Set(['tree', 'tzdata']));
    expect(st.timezone).toEqual({ link: '/usr/share/zoneinfo/Etc/UTC', file: 'Etc/UTC', debian: true, zoneExists: true });
    expect(st.securetty).toEqual({ present: false, pts: new Set() });
    expect(st.tools.has('ifup')).toBe(false);
  });

  it('reads apt proxies', () => {
    expect(parseAptProxy('Acquire::http::Proxy "http://10.0.0.1:3142";\n')).toBe('http://10.0.0.1:3142');
    expect(parseAptProxy('Acquire::http::Proxy "DIRECT";')).toBe('');
    expect(parseAptProxy('')).toBe('');
  });
});

describe('machine_config decisions', () => {
  it('changes nothing when the running guest already is as asked', () => {
    const a = args({ hostname: 'guest-one', root_password: HASH, root_authorized_keys: [KEY], network: 'networkd', packages: ['tree'], getty_term: 'xterm-256color' });
    const d = decideConfig(a, parseConfigProbe(RUNNING));
    expect(d).toMatchObject({ changes: [], errors: [], warnings: [], install: [] });
  });

  it('lists each difference for the diff and never shows the password hash', () => {
    const a = args({ hostname: 'web1', root_password: '$6$other$' + 'b'.repeat(86), root_authorized_keys: [KEY, KEY2], packages: ['tree', 'curl'], getty_term: 'vt220' });
    const d = decideConfig(a, parseConfigProbe(RUNNING));
    expect(d.changes.map((c) => c.item)).toEqual(['root_password', 'packages', 'hostname', 'root_authorized_keys', 'getty_term']);
    const text = d.changes.map((c) => `${c.before}\n${c.after}`).join('\n');
    expect(text).toContain('hostname: guest-one');
    expect(text).toContain('hostname: web1');
    expect(text).toContain('packages installed: curl');
    expect(text).toContain('root_authorized_keys: + ssh-ed25519 AAAAC3NzaC1l…bQe8V0f8a1m1Qd6rQ1m9T4w3cQe2h0t0mR3xYz'.slice(0, 40));
    expect(text).toContain('root_password: changed');
    expect(text).not.toContain('bbbb');
    const script = applyScript(d);
    expect(script).not.toContain('bbbb');
    expect(d.stdin).toBe(`root:$6$other$${'b'.repeat(86)}\n`);
    expect(script.indexOf('chpasswd -e')).toBeLessThan(script.indexOf('apt-get'));
    expect(script).toContain("install curl ||");
    expect(script).toContain('hostname web1');
    expect(script).toContain('systemctl daemon-reload');
  });

  it('keeps existing keys unless exclusive', () => {
    const st = stopped({ keys: [KEY, '# a comment'] });
    expect(decideConfig(args({ root_authorized_keys: [KEY] }), st).changes).toEqual([]);
    const ex = decideConfig(args({ root_authorized_keys: [KEY2], root_authorized_keys_exclusive: true }), st);
    expect(ex.changes[0].before).toContain('- ssh-ed25519');
    expect(ex.changes[0].script).toContain(`'${KEY2}\n'`);
    expect(ex.changes[0].script).not.toContain(keyIdentity(KEY).split(' ')[1]);
    const add = decideConfig(args({ root_authorized_keys: [KEY2] }), st);
    expect(add.changes[0].script).toContain(`${KEY}\n# a comment\n${KEY2}\n`);
  });

  it('enables networkd offline in a stopped guest and with --now in a running one; refuses when it is missing', () => {
    expect(decideConfig(args({ network: 'networkd' }), stopped({ networkd: 'disabled' })).changes[0].script).toContain('systemctl enable systemd-networkd.service');
    expect(decideConfig(args({ network: 'networkd' }), stopped({ running: true, networkd: 'disabled' })).changes[0].script).toContain('systemctl enable --now systemd-networkd.service');
    expect(decideConfig(args({ network: 'networkd' }), stopped({ networkd: 'absent' })).errors[0]).toMatch(/systemd-networkd is not installed/);
    const swap = decideConfig(args({ network: 'networkd' }), stopped({ networkd: 'enabled', host0: 'auto host0\niface host0 inet dhcp' }));
    expect(swap.changes[0].script).toContain('rm -f /etc/network/interfaces.d/host0');
    expect(decideConfig(args({ network: 'none' }), stopped({ networkd: 'disabled' })).changes).toEqual([]);
  });

  it('needs ifupdown and a DHCP client for network: ifupdown (present or in packages)', () => {
    const none = stopped({ tools: new Set(['apt-get']), networkd: 'disabled' });
    const d = decideConfig(args({ network: 'ifupdown' }), none);
    expect(d.errors).toEqual([
      'network: ifupdown: ifupdown is not installed in the guest; add it to packages',
      'network: ifupdown: no DHCP client in the guest; add isc-dhcp-client or dhcpcd-base to packages',
    ]);
    const ok = decideConfig(args({ network: 'ifupdown', packages: ['ifupdown', 'dhcpcd-base'] }), none);
    expect(ok.errors).toEqual([]);
    expect(ok.changes.map((c) => c.item)).toEqual(['packages', 'network']);
    expect(ok.changes[1].script).toContain(`{ printf %s 'auto host0\niface host0 inet dhcp\n'; } > "$t") && chmod 0644 "$t" && mv -f -- "$t" /etc/network/interfaces.d/host0`);
    const done = decideConfig(args({ network: 'ifupdown' }), stopped({ host0: 'auto host0\niface host0 inet dhcp', networkd: 'enabled' }));
    expect(done.changes).toEqual([]);
    expect(done.warnings[0]).toMatch(/managed twice/);
  });

  it('sets the time zone when tzdata has it, and warns that nspawn replaces it unless Timezone=off', () => {
    const st = stopped({ timezone: { link: '/usr/share/zoneinfo/Etc/UTC', file: 'Etc/UTC', debian: true, zoneExists: true } });
    const d = decideConfig(args({ timezone: 'Europe/Berlin' }), st);
    expect(d.changes[0]).toMatchObject({ before: 'timezone: Etc/UTC', after: 'timezone: Europe/Berlin' });
    expect(d.changes[0].script).toContain('ln -sfn /usr/share/zoneinfo/Europe/Berlin /etc/localtime');
    expect(d.warnings[0]).toMatch(/Timezone=auto/);
    expect(decideConfig(args({ timezone: 'Etc/UTC' }), { ...st, nspawnTimezone: 'off' })).toMatchObject({ changes: [], warnings: [] });
    const noZone = stopped({ timezone: { link: '', debian: true, zoneExists: false } });
    expect(decideConfig(args({ timezone: 'Europe/Berlin' }), noZone).errors[0]).toMatch(/add tzdata to packages/);
    expect(decideConfig(args({ timezone: 'Europe/Berlin', packages: ['tzdata'] }), noZone).errors).toEqual([]);
  });

  it('adds missing pts lines to an existing /etc/securetty only', () => {
    const d = decideConfig(args({ securetty: 3 }), stopped({ securetty: { present: true, pts: new Set(['pts/0']) } }));
    expect(d.changes[0].after).toBe('securetty: + pts/1 pts/2');
    expect(d.changes[0].script).toContain("printf '%s\\n' pts/1 pts/2");
    expect(decideConfig(args({ securetty: 1 }), stopped({ securetty: { present: true, pts: new Set(['pts/0']) } })).changes).toEqual([]);
  });

  it('passes the host apt proxy on when the guest has none', () => {
    const d = decideConfig(args({ packages: ['curl'] }), stopped({ hostProxy: 'http://10.0.0.1:3142' }));
    expect(d.changes[0].script).toContain("apt-get -q -y -o Acquire::http::Proxy=http://10.0.0.1:3142 update");
    const own = decideConfig(args({ packages: ['curl'] }), stopped({ hostProxy: 'http://10.0.0.1:3142', guestProxy: 'http://p:1' }));
    expect(own.changes[0].script).not.toContain('Acquire::http::Proxy');
  });

  it('reads the warnings the apply script printed', () => {
    expect(applyWarnings('x\n@@mx-warn ifup host0 failed\n')).toEqual(['ifup host0 failed']);
  });
});
