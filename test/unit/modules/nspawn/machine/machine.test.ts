import { describe, expect, it } from 'vitest';
import { machineModule, machineSchema } from '../../../../../src/modules/nspawn/machine/machine.js';
import { machineChangeScript, parseChangeOutput } from '../../../../../src/modules/nspawn/machine/machine-script.js';
import { fixtures } from '../../../../helpers/fixtures.js';
import { fakeContext } from '../../../../helpers/module-context.js';

const fixture = fixtures('modules/nspawn');
const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('machine arguments', () => {
  it('defaults and loose values', () => {
    expect(machineSchema.parse({ name: 'g1' })).toEqual({ name: 'g1', state: 'present', timeout: 120, stop_timeout: 60, restart_on_change: true });
    expect(machineSchema.parse({ name: 'g1', state: 'started', enabled: 'yes', timeout: '30' })).toMatchObject({ enabled: true, timeout: 30 });
  });
  it('refuses bad names, states, timeouts and combinations', () => {
    expect(issues(machineSchema.safeParse({ name: 'a b' }))[0]).toMatch(/invalid machine name/);
    expect(issues(machineSchema.safeParse({ name: 'g1', clone: '-x' }))[0]).toMatch(/invalid machine name/);
    expect(issues(machineSchema.safeParse({ name: 'g1', state: 'running' }))[0]).toMatch(/Invalid enum value/);
    expect(issues(machineSchema.safeParse({ name: 'g1', timeout: 0 }))[0]).toMatch(/at least 1 second/);
    expect(issues(machineSchema.safeParse({ name: 'g1', stop_timeout: 1.5 }))[0]).toMatch(/whole number/);
    expect(issues(machineSchema.safeParse({ name: 'g1', state: 'absent', clone: 'g0' }))).toContain('clone cannot be used with state=absent');
    expect(issues(machineSchema.safeParse({ name: 'g1', state: 'absent', enabled: true }))).toContain('enabled=true cannot be used with state=absent');
    expect(issues(machineSchema.safeParse({ name: 'g1', clone: 'g1' }))).toContain('a machine cannot be cloned from itself');
    expect(issues(machineSchema.safeParse({ name: 'g1', bogus: 1 }))[0]).toMatch(/Unrecognized key/);
  });
  it('is registered under its own name and machinist.nspawn.machine', () => {
    expect(machineModule.name).toBe('machine');
    expect(machineModule.aliases).toContain('machinist.nspawn.machine');
  });
});

describe('the change script', () => {
  const base = { name: 'g1', wait: false, timeout: 120, stopTimeout: 60 };
  it('runs the actions in order, then waits for the guest, then probes the result', () => {
    const s = machineChangeScript({ ...base, actions: ['enable', 'enable-target', 'start'] });
    const order = ['machinectl enable g1', 'systemctl enable machines.target', 'machinectl start g1', 'mx_wait_up g1 120', 'mx_probe g1'].map((x) => s.indexOf(x));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });
  it('stop uses the stop timeout; remove ends without probing the machine', () => {
    const s = machineChangeScript({ ...base, actions: ['stop', 'disable', 'remove'] });
    expect(s).toContain('mx_stop g1 60 ||');
    expect(s).not.toContain('mx_wait_up g1');
    expect(s).not.toContain('mx_probe g1');
  });
  it('clone writes a fresh machine-id into the new image (equal ids: equal bridge MACs, one DHCP lease)', () => {
    const s = machineChangeScript({ ...base, name: 'g2', clone: 'g1', actions: ['clone'] });
    expect(s).toContain('machinectl clone g1 g2 ||');
    expect(s).toContain('/var/lib/machines/g2/etc/machine-id');
    expect(s).toContain('/proc/sys/kernel/random/uuid');
  });
  it('waits without starting for a machine someone else starts', () => {
    const s = machineChangeScript({ ...base, actions: [], wait: true });
    expect(s).toContain('mx_wait_up g1 120');
    expect(s).not.toContain('machinectl start');
  });
  it('reads the outcome lines before the final probe', () => {
    expect(parseChangeOutput('terminated=yes\nwait.state=running\nmachine_id=0123456789abcdef0123456789abcdef\n@@mx host\nfail=ignored\n')).toEqual({
      terminated: true, timedOut: false, waitState: 'running', machineId: '0123456789abcdef0123456789abcdef',
    });
    expect(parseChangeOutput('wait.state=starting\nwait.timeout=yes\nfail=guest g1 did not finish booting within 5 s\n')).toMatchObject({
      timedOut: true, waitState: 'starting', fail: 'guest g1 did not finish booting within 5 s',
    });
  });
});

/** A context whose host answers with these outputs in order; one with a fail= line exits 1, as the change script does. */
const fakeCtx = (outputs: string[]) => fakeContext(outputs.map((stdout) => ({ stdout, rc: stdout.includes('fail=') ? 1 : 0 })));

describe('plan and apply', () => {
  const probe = fixture('fleet-probe.txt');
  it('a machine in the wanted state costs one round trip and reports the guest', async () => {
    const ctx = fakeCtx([probe]);
    const plan = await machineModule.plan(machineSchema.parse({ name: 'g1', state: 'started', enabled: true }), ctx);
    expect(plan.changed).toBe(false);
    expect(plan.result).toMatchObject({
      name: 'g1', state: 'started', enabled: true, machines_target_enabled: true, leader: expect.any(Number),
      machine_id: 'c87fbc4254ed4d15bbbf170162853f18', os: 'Debian GNU/Linux 12 (bookworm)', addresses: ['192.168.77.2/24', 'fd00:77::2/64'],
    });
    expect(ctx.commands).toHaveLength(1);
  });
  it('start: the diff, then one change script; the result comes from its final probe', async () => {
    const [head, g3] = probe.split('name=g3\n');
    const after = `${head}name=g3\n${g3.replace('unit.ActiveState=inactive', 'unit.ActiveState=active')}`;
    const ctx = fakeCtx([probe, `wait.state=running\n${after}`]);
    const plan = await machineModule.plan(machineSchema.parse({ name: 'g3', state: 'started' }), ctx);
    expect(plan).toMatchObject({ changed: true, diff: { before: 'state: stopped\n', after: 'state: started\n' } });
    const r = await plan.apply!();
    expect(ctx.commands[1]).toContain('machinectl start g3');
    expect(r).toMatchObject({ state: 'started', name: 'g3' });
  });
  it('a guest that does not boot fails with the last state seen', async () => {
    const ctx = fakeCtx([probe, 'wait.state=starting\nwait.timeout=yes\nfail=guest g3 did not finish booting within 120 s\n']);
    const plan = await machineModule.plan(machineSchema.parse({ name: 'g3', state: 'started' }), ctx);
    await expect(plan.apply!()).rejects.toThrow('guest g3 did not finish booting within 120 s (last state seen: starting)');
  });
  it('a host without machinectl fails clearly', async () => {
    const ctx = fakeCtx([fixture('fleet-probe-no-machinectl.txt')]);
    await expect(machineModule.plan(machineSchema.parse({ name: 'g1', state: 'started' }), ctx)).rejects.toThrow(/systemd-container/);
  });
  it('absent: the result lists what was deleted', async () => {
    const ctx = fakeCtx([probe]);
    const plan = await machineModule.plan(machineSchema.parse({ name: 'g3', state: 'absent' }), ctx);
    expect(plan.result).toMatchObject({ removed: ['/var/lib/machines/g3', '/etc/systemd/nspawn/g3.nspawn'] });
    expect(ctx.commands[0]).toContain('du -s -x -B1');
  });
});
