import { describe, expect, it } from 'vitest';
import { limitsApplyScript, machineLimitsModule, machineLimitsSchema, wantedLimits } from '../../../../../src/modules/nspawn/limits/limits.js';
import { decideLimits, parseLimitsProbe } from '../../../../../src/modules/nspawn/limits/limits-state.js';
import { normalizeLimit } from '../../../../../src/modules/nspawn/limits/limits-values.js';
import { problems, play } from '../../../playbook/helpers.js';
import { fixtures } from '../../../../helpers/fixtures.js';
import { fakeContext } from '../../../../helpers/module-context.js';

const RUNNING = fixtures('modules/nspawn')('limits-probe-running.txt');

const parse = (a: unknown) => machineLimitsSchema.parse(a);

describe('machine_limits arguments', () => {
  it('limits in CamelCase or snake_case, values normalised; null removes', () => {
    const a = parse({ name: 'web1', limits: { MemoryMax: '1G', cpu_quota: '50%', tasks_max: 100, IOWeight: null } });
    expect(wantedLimits(a)).toEqual({
      MemoryMax: { norm: '1073741824', arg: '1073741824' },
      CPUQuota: { norm: '500000', arg: '50%' },
      TasksMax: { norm: '100', arg: '100' },
      IOWeight: null,
    });
    expect(a.runtime).toBe(false);
    expect(parse({ name: 'web1', limits: { MemoryMax: '1G' }, runtime: 'yes' }).runtime).toBe(true);
  });

  it('state=absent: named keys (list or mapping) or every key are removed', () => {
    expect(wantedLimits(parse({ name: 'w', state: 'absent', limits: ['MemoryMax', 'cpu_quota'] }))).toEqual({ MemoryMax: null, CPUQuota: null });
    expect(wantedLimits(parse({ name: 'w', state: 'absent', limits: { TasksMax: 5 } }))).toEqual({ TasksMax: null });
    expect(Object.keys(wantedLimits(parse({ name: 'w', state: 'absent' })))).toHaveLength(8);
  });

  it('refusals: unknown limit with the near name, bad values, bad machine names, missing limits', () => {
    const r = machineLimitsSchema.safeParse({ name: 'web1', limits: { MemoryMaxx: '1G' } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]).toMatchObject({ path: ['limits', 'MemoryMaxx'], message: "unknown key 'MemoryMaxx' in limits: did you mean 'MemoryMax'?" });
    const v = machineLimitsSchema.safeParse({ name: 'web1', limits: { CPUQuota: '50', CPUWeight: 0, MemoryMax: '1G\n[Service]' } });
    expect(v.error!.issues.map((i) => i.path.join('.'))).toEqual(['limits.CPUQuota', 'limits.CPUWeight', 'limits.MemoryMax']);
    expect(machineLimitsSchema.safeParse({ name: 'a b', limits: { MemoryMax: '1G' } }).success).toBe(false);
    expect(machineLimitsSchema.safeParse({ name: 'w' }).error!.issues[0].message).toMatch(/state=present needs limits/);
    expect(machineLimitsSchema.safeParse({ name: 'w', limits: { MemoryMax: '1G' }, bogus: 1 }).success).toBe(false);
  });

  it('the playbook loader reports an unknown limit with file:line:col and the near name', async () => {
    const out = await problems(play('- machine_limits:\n    name: web1\n    limits:\n      MemroyMax: 1G\n      CPUQuota: 50%'));
    expect(out).toContain("site.yml:6:");
    expect(out).toContain("unknown key 'MemroyMax' in limits: did you mean 'MemoryMax'?");
    const bad = await problems(play('- machinist.nspawn.machine_limits: {name: web1, limits: {CPUWeight: 99999}}'));
    expect(bad).toMatch(/site\.yml:\d+:\d+: .*limits\.CPUWeight.*between 1 and 10000/);
  });
});

describe('machine_limits plan and apply', () => {
  it('no change: one round trip, changed=false, the values now', async () => {
    const ctx = fakeContext([{ stdout: RUNNING }]);
    const plan = await machineLimitsModule.plan(parse({ name: 'tiny', limits: { MemoryMax: '1G', CPUQuota: '50%', MemoryHigh: '40%' } }), ctx);
    expect(plan.changed).toBe(false);
    expect(plan.apply).toBeUndefined();
    expect(ctx.commands).toHaveLength(1);
    expect(plan.result).toMatchObject({ changed: false, running: true, limits: { MemoryMax: '1G', CPUQuota: '50%', MemoryHigh: '40%', TasksMax: '200', AllowedCPUs: '0' } });
  });

  it('a change: diff per key, one command that sets, removes and reads back', async () => {
    const after = RUNNING.replace('MemoryMax=1073741824\nMemorySwapMax', 'MemoryMax=2147483648\nMemorySwapMax').replace('IOWeight=40', 'IOWeight=[not set]');
    const ctx = fakeContext([{ stdout: RUNNING }, { stdout: after }]);
    const plan = await machineLimitsModule.plan(parse({ name: 'tiny', limits: { MemoryMax: '2G', IOWeight: null } }), ctx);
    expect(plan.changed).toBe(true);
    expect(plan.diff).toEqual({
      before: 'MemoryMax=1G\nIOWeight=40\n',
      after: 'MemoryMax=2G\nIOWeight=(not set)\n',
      before_header: 'systemd-nspawn@tiny.service (limits)',
      after_header: 'systemd-nspawn@tiny.service (limits)',
    });
    const res = await plan.apply!();
    const cmd = ctx.commands[1];
    expect(cmd).toContain('rm -f -- /etc/systemd/system.control/systemd-nspawn@tiny.service.d/50-IOWeight.conf || exit $?');
    expect(cmd).toContain('systemctl daemon-reload');
    expect(cmd).toContain('systemctl set-property systemd-nspawn@tiny.service MemoryMax=2147483648 || exit $?');
    expect(cmd.indexOf('daemon-reload')).toBeLessThan(cmd.indexOf('set-property'));
    expect(res).toMatchObject({ limits: { MemoryMax: '2G', IOWeight: null } });
  });

  it('runtime: --runtime and the /run directory', () => {
    const st = parseLimitsProbe(RUNNING.replace(/@@mx persistent[\s\S]*@@mx runtime/, '@@mx persistent\n@@mx runtime'));
    const d = decideLimits(st, { MemoryMax: normalizeLimit('MemoryMax', '2G') }, true);
    expect(limitsApplyScript('tiny', d, true)).toContain('systemctl set-property --runtime systemd-nspawn@tiny.service MemoryMax=2147483648');
    const rm = decideLimits({ ...st, runtime: { TasksMax: { value: '5', files: ['50-TasksMax.conf'] } } }, { TasksMax: null }, true);
    expect(limitsApplyScript('tiny', rm, true)).toContain('rm -f -- /run/systemd/system.control/systemd-nspawn@tiny.service.d/50-TasksMax.conf');
  });

  it('a value that does not take (overridden by another drop-in) fails the task', async () => {
    const ctx = fakeContext([{ stdout: RUNNING }, { stdout: RUNNING }]);
    const plan = await machineLimitsModule.plan(parse({ name: 'tiny', limits: { TasksMax: 300 } }), ctx);
    await expect(plan.apply!()).rejects.toThrow(/TasksMax is 200, not 300 after set-property: another drop-in overrides it/);
  });

  it('clear failures: unit not found, probe error, set-property error, runtime conflict', async () => {
    const notFound = RUNNING.replace('LoadState=loaded', 'LoadState=not-found');
    await expect(machineLimitsModule.plan(parse({ name: 'tiny', limits: { TasksMax: 5 } }), fakeContext([{ stdout: notFound }]))).rejects.toThrow(/systemd-nspawn@tiny.service not found: is systemd-container installed/);
    await expect(machineLimitsModule.plan(parse({ name: 'tiny', limits: { TasksMax: 5 } }), fakeContext([{ rc: 3, stderr: 'systemctl not found' }]))).rejects.toThrow(/could not read the limits.*systemctl not found/);
    const ctx = fakeContext([{ stdout: RUNNING }, { rc: 1, stderr: 'Failed to set unit properties: Access denied' }]);
    const plan = await machineLimitsModule.plan(parse({ name: 'tiny', limits: { TasksMax: 5 } }), ctx);
    await expect(plan.apply!()).rejects.toThrow(/setting the limits of systemd-nspawn@tiny.service failed: Failed to set unit properties: Access denied/);
    await expect(machineLimitsModule.plan(parse({ name: 'tiny', limits: { TasksMax: 5 }, runtime: true }), fakeContext([{ stdout: RUNNING }]))).rejects.toThrow(/TasksMax is set persistently/);
  });
});
