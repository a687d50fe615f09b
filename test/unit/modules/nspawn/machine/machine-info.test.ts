import { describe, expect, it } from 'vitest';
import { machineInfoModule, machineInfoOf } from '../../../../../src/modules/nspawn/machine/machine-info.js';
import { probeComplete } from '../../../../../src/modules/nspawn/machine/state.js';
import { ModuleFailure } from '../../../../../src/util/errors.js';
import { fakeContext } from '../../../../helpers/module-context.js';
import { fixtures } from '../../../../helpers/fixtures.js';

const fixture = fixtures('modules/nspawn');

describe('machine_info: the probe output as a result', () => {
  it('every machine of the host, as the machine module reports one, with memory and start time', () => {
    const r = machineInfoOf({ rc: 0, stdout: fixture('fleet-probe.txt'), stderr: '' });
    expect(r).toMatchObject({ machinectl: true, systemd_version: 252, machines_target_enabled: true });
    expect(r.machines).toEqual([
      {
        name: 'g1', state: 'started', enabled: true, os: 'Debian GNU/Linux 12 (bookworm)', leader: 8026, guest_state: 'running',
        machine_id: 'c87fbc4254ed4d15bbbf170162853f18', addresses: ['192.168.77.2/24', 'fd00:77::2/64'],
        image: { path: '/var/lib/machines/g1', type: 'directory', read_only: false },
        memory: { current: null, max: 536870912 }, started_at: new Date(1795429272 * 1000).toISOString(),
      },
      expect.objectContaining({ name: 'g3', state: 'stopped', enabled: false, memory: { current: null, max: null }, started_at: null }),
    ]);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('a host without machinectl is no failure', () => {
    expect(machineInfoOf({ rc: 0, stdout: fixture('fleet-probe-no-machinectl.txt'), stderr: '' })).toEqual({
      machinectl: false, systemd_version: 252, machines_target_enabled: false, machines: [],
    });
  });

  const failures: Array<[string, { rc: number; stdout: string; stderr: string }, string]> = [
    ['sudo refused', { rc: 1, stdout: '', stderr: 'sudo: a password is required\n' }, 'sudo: a password is required'],
    ['a shell that stopped before the host section', { rc: 0, stdout: 'sh: 1: cannot fork\nmore\n', stderr: '' }, 'sh: 1: cannot fork'],
    ['no output at all', { rc: 0, stdout: '', stderr: '' }, 'rc 0'],
    ['a probe cut short after the host section', { rc: 137, stdout: fixture('fleet-probe.txt'), stderr: 'Killed\n' }, 'Killed'],
  ];
  it.each(failures)('%s: a failure with the first line as its message', (_what, out, msg) => {
    let err: unknown;
    try {
      machineInfoOf(out);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ModuleFailure);
    expect((err as ModuleFailure).message).toBe(msg);
    expect((err as ModuleFailure).result).toMatchObject({ rc: out.rc });
  });

  it('probeComplete: the host section was printed', () => {
    expect(probeComplete(fixture('fleet-probe.txt'))).toBe(true);
    expect(probeComplete(fixture('fleet-probe-no-machinectl.txt'))).toBe(true);
    expect(probeComplete('')).toBe(false);
    expect(probeComplete('@@mx machine\nname=g1\n@@mx host\n')).toBe(false);
  });
});

describe('machine_info: the module', () => {
  it.each([false, true])('one probe exec, bounded in time, and no change (check mode %s)', async (check) => {
    const ctx = fakeContext([fixture('fleet-probe.txt')], { check });
    const plan = await machineInfoModule.plan({}, ctx);
    expect(plan.changed).toBe(false);
    expect(plan.apply).toBeUndefined();
    expect((plan.result?.machines as unknown[]).length).toBe(2);
    expect(ctx.commands).toHaveLength(1);
    expect(ctx.commands[0]).toContain('machinectl list-images --no-legend');
    expect(ctx.execOptions[0]?.timeoutMs).toBe(60_000);
  });

  it('takes no arguments, and answers to machinist.nspawn.machine_info', () => {
    expect(machineInfoModule.schema.safeParse({}).success).toBe(true);
    expect(machineInfoModule.schema.safeParse({ name: 'g1' }).success).toBe(false);
    expect(machineInfoModule.aliases).toContain('machinist.nspawn.machine_info');
  });
});
