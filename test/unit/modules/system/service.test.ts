import { describe, expect, it } from 'vitest';
import { decideSysv, parseSysvProbe, serviceSchema, sysvProbeScript } from '../../../../src/modules/system/service.js';

describe('service schema', () => {
  it('needs state or enabled; takes args as arguments', () => {
    expect(serviceSchema.safeParse({ name: 'ssh' }).success).toBe(false);
    expect(serviceSchema.parse({ name: 'ssh', state: 'restarted', args: '--foo' })).toMatchObject({ arguments: '--foo', use: 'auto' });
  });
});

describe('SysV fallback', () => {
  it('probe text quotes the name; parse reads script, status and rc links', () => {
    expect(sysvProbeScript('ssh')).toContain('[ -x /etc/init.d/ssh ]');
    const out = "@@mx script\nyes\n@@mx status\n3\n@@mx links\n/etc/rc2.d/S01ssh\n/etc/rc3.d/S01ssh\n";
    expect(parseSysvProbe(out, 'ssh')).toEqual({ script: true, running: false, enabled: true });
    expect(parseSysvProbe("@@mx script\nyes\n@@mx status\n0\n@@mx links\n/etc/rc2.d/S01sshd\n", 'ssh')).toEqual({ script: true, running: true, enabled: false });
  });
  it('decides like the systemd backend', () => {
    expect(decideSysv({ state: 'started', enabled: true }, { script: true, running: false, enabled: false })).toEqual({ actions: ['enable', 'start'], state: 'started' });
    expect(decideSysv({ state: 'started' }, { script: true, running: true, enabled: false }).actions).toEqual([]);
    expect(decideSysv({ state: 'restarted' }, { script: true, running: false, enabled: false }).actions).toEqual(['start']);
    expect(decideSysv({ state: 'stopped', enabled: false }, { script: true, running: true, enabled: true }).actions).toEqual(['disable', 'stop']);
  });
});
