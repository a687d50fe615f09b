import { describe, expect, it } from 'vitest';
import { parseSystemdProbe, systemdActionScript, systemdProbeScript, systemdSchema } from '../../../../src/modules/system/systemd.js';
import { decideSystemd } from '../../../../src/modules/system/systemd-parse.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('systemd schema', () => {
  it('aliases, defaults, loose booleans', () => {
    expect(systemdSchema.parse({ service: 'ssh', state: 'started', enabled: 'yes', 'daemon-reload': 'true' })).toMatchObject({
      name: 'ssh', state: 'started', enabled: true, daemon_reload: true, scope: 'system', no_block: false,
    });
    expect(systemdSchema.parse({ daemon_reload: true })).toMatchObject({ daemon_reload: true });
  });
  it('refuses bad names and missing requirements', () => {
    expect(issues(systemdSchema.safeParse({ name: '-x', state: 'started' }))[0]).toMatch(/not a valid unit name/);
    expect(issues(systemdSchema.safeParse({ name: 'a b' }))[0]).toMatch(/not a valid unit name/);
    expect(issues(systemdSchema.safeParse({ state: 'started' }))).toContain('missing parameter(s) required by state, enabled or masked: name');
    expect(issues(systemdSchema.safeParse({}))).toContain('one of the following is required: name, daemon_reload, daemon_reexec');
    expect(issues(systemdSchema.safeParse({ name: 'x', state: 'running' }))[0]).toMatch(/Invalid enum value/);
  });
});

describe('the one-round-trip probe', () => {
  it('quotes the unit and reloads first (not in check mode)', () => {
    const s = systemdProbeScript({ name: 'getty@tty1.service', scope: 'system', daemon_reload: true }, false);
    expect(s).toContain("systemctl show getty@tty1.service; _rc=$?");
    expect(s.indexOf('daemon-reload')).toBeLessThan(s.indexOf('systemctl show'));
    expect(systemdProbeScript({ name: 'x', scope: 'system', daemon_reload: true }, true)).not.toContain('daemon-reload');
    expect(systemdProbeScript({ name: 'x', scope: 'user' }, true)).toContain('systemctl --user show x');
  });
  it('reads the captured output of a running, a masked, a static, a disabled and an unknown unit', () => {
    const ssh = parseSystemdProbe(fixture('systemd-probe-ssh.txt'));
    expect(ssh).toMatchObject({ systemd: true, showRc: 0, enabled: true, status: { ActiveState: 'active', SubState: 'running' } });
    const masked = parseSystemdProbe(fixture('systemd-probe-masked.txt'));
    expect(masked).toMatchObject({ enabled: false, status: { LoadState: 'masked', UnitFileState: 'masked' } });
    expect(parseSystemdProbe(fixture('systemd-probe-static.txt')).enabled).toBe(true);
    expect(parseSystemdProbe(fixture('systemd-probe-inactive.txt'))).toMatchObject({ enabled: false, status: { ActiveState: 'inactive' } });
    expect(parseSystemdProbe(fixture('systemd-probe-notfound.txt'))).toMatchObject({ enabled: false, status: { LoadState: 'not-found' } });
  });
  it('decides on captured state: ssh already enabled and started; debug-shell needs enable + start', () => {
    const ssh = parseSystemdProbe(fixture('systemd-probe-ssh.txt'));
    expect(decideSystemd({ name: 'ssh.service', state: 'started', enabled: true }, ssh.status, ssh.enabled).changed).toBe(false);
    const dbg = parseSystemdProbe(fixture('systemd-probe-inactive.txt'));
    expect(decideSystemd({ name: 'debug-shell.service', state: 'started', enabled: true }, dbg.status, dbg.enabled).actions).toEqual(['enable', 'start']);
  });
});

describe('the change script', () => {
  it('runs the actions in order, stops at the first failure and names it', () => {
    const s = systemdActionScript({ name: 'nginx.service', scope: 'system', no_block: true }, ['unmask', 'enable', 'start']);
    expect(s.split('\n').filter(Boolean)).toEqual([
      'systemctl unmask nginx.service || { _rc=$?; echo unmask >&2; exit "$_rc"; }',
      'systemctl enable nginx.service || { _rc=$?; echo enable >&2; exit "$_rc"; }',
      'systemctl --no-block start nginx.service || { _rc=$?; echo start >&2; exit "$_rc"; }',
    ]);
  });
});
