import { describe, expect, it } from 'vitest';
import { decideSystemd, isRunning, parseIsEnabled, parseSystemctlShow } from '../../../../src/modules/system/systemd-parse.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

describe('systemctl show (systemd 252, Debian 12 lab host)', () => {
  const ssh = parseSystemctlShow(fixture('systemctl-show-ssh-active.txt'));
  it("parses into Ansible's status dict", () => {
    expect(ssh).toMatchObject({ Id: 'ssh.service', ActiveState: 'active', SubState: 'running', LoadState: 'loaded', UnitFileState: 'enabled', Type: 'notify' });
    expect(Object.keys(ssh).length).toBeGreaterThan(200);
    expect(isRunning(ssh)).toBe(true);
  });
  it('keeps { ... } values whole', () => {
    expect(ssh.ExecStart).toMatch(/^\{ path=\/usr\/sbin\/sshd ; argv\[\]=\/usr\/sbin\/sshd -D \$SSHD_OPTS ; .* \}$/);
  });
  it('a { value spanning lines is joined until the closing }', () => {
    expect(parseSystemctlShow('A=1\nExecStart={ path=/x ;\n argv[]=/x -y }\nB=2\n')).toEqual({ A: '1', ExecStart: '{ path=/x ;\n argv[]=/x -y }', B: '2' });
  });
  it('an unknown unit says not-found', () => {
    expect(parseSystemctlShow(fixture('systemctl-show-notfound.txt'))).toMatchObject({ LoadState: 'not-found', ActiveState: 'inactive' });
  });
});

describe('systemctl is-enabled', () => {
  it("rc 0 is enabled except for a lone 'indirect' or 'alias'", () => {
    expect(parseIsEnabled('enabled\n', 0)).toBe(true);
    expect(parseIsEnabled('static\n', 0)).toBe(true);
    expect(parseIsEnabled('indirect\n', 0)).toBe(false);
    expect(parseIsEnabled('alias\n', 0)).toBe(false);
    expect(parseIsEnabled('disabled\n', 1)).toBe(false);
    expect(parseIsEnabled('masked\n', 1)).toBe(false);
  });
});

describe('decideSystemd', () => {
  const running = { LoadState: 'loaded', ActiveState: 'active' };
  const stopped = { LoadState: 'loaded', ActiveState: 'inactive' };
  it('started/stopped change only when needed', () => {
    expect(decideSystemd({ name: 'x', state: 'started' }, running, true)).toMatchObject({ actions: [], changed: false, result: { state: 'started' } });
    expect(decideSystemd({ name: 'x', state: 'started' }, stopped, true).actions).toEqual(['start']);
    expect(decideSystemd({ name: 'x', state: 'stopped' }, running, true).actions).toEqual(['stop']);
    expect(decideSystemd({ name: 'x', state: 'stopped' }, { LoadState: 'loaded', ActiveState: 'deactivating' }, true).actions).toEqual(['stop']);
    expect(decideSystemd({ name: 'x', state: 'stopped' }, stopped, true).changed).toBe(false);
  });
  it('restarted/reloaded always act; a stopped unit is started; state reads started', () => {
    expect(decideSystemd({ name: 'x', state: 'restarted' }, running, true)).toMatchObject({ actions: ['restart'], result: { state: 'started' } });
    expect(decideSystemd({ name: 'x', state: 'reloaded' }, running, true).actions).toEqual(['reload']);
    expect(decideSystemd({ name: 'x', state: 'reloaded' }, stopped, true).actions).toEqual(['start']);
  });
  it("order: mask/unmask, enable/disable, then state (Ansible's)", () => {
    const masked = { LoadState: 'masked', ActiveState: 'inactive' };
    expect(decideSystemd({ name: 'x', masked: false, enabled: true, state: 'started' }, masked, false).actions).toEqual(['unmask', 'enable', 'start']);
    expect(decideSystemd({ name: 'x', masked: true }, running, true).actions).toEqual(['mask']);
    expect(decideSystemd({ name: 'x', enabled: false }, running, true)).toMatchObject({ actions: ['disable'], result: { enabled: false } });
  });
  it('an unknown unit fails when a state or enabled is asked; masking it is fine', () => {
    const nf = parseSystemctlShow(fixture('systemctl-show-notfound.txt'));
    expect(decideSystemd({ name: 'machinist-nosuch.service', state: 'started' }, nf, false).fail).toBe('Could not find the requested service machinist-nosuch.service');
    const m = decideSystemd({ name: 'machinist-nosuch.service', masked: true }, nf, false);
    expect(m.actions).toEqual(['mask']);
    expect(m.fail).toBeUndefined();
  });
});
