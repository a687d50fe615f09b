import { describe, expect, it } from 'vitest';
import { normalizeLimit, type LimitKey } from '../../../../../src/modules/nspawn/limits/limits-values.js';
import {
  decideLimits,
  limitsAfter,
  limitsProbeScript,
  ownDropinNames,
  parseDropins,
  parseLimitsProbe,
  withPercentages,
  type LimitsState,
} from '../../../../../src/modules/nspawn/limits/limits-state.js';
import { fixtures } from '../../../../helpers/fixtures.js';

/** Real output of the probe on a Debian 12 lab host, machine `tiny` running with limits set. */
const RUNNING = fixtures('modules/nspawn')('limits-probe-running.txt');

const want = (o: Partial<Record<LimitKey, string | number | null>>) =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, v === null ? null : normalizeLimit(k as LimitKey, v!)]));

function state(over: Partial<LimitsState> = {}): LimitsState {
  return {
    loadState: 'loaded',
    activeState: 'inactive',
    live: { MemoryMax: 'infinity', MemoryHigh: 'infinity', MemorySwapMax: 'infinity', CPUQuota: null, CPUWeight: null, TasksMax: '16384', IOWeight: null, AllowedCPUs: null },
    persistent: {},
    runtime: {},
    ...over,
  };
}

describe('machine_limits state', () => {
  it('the probe quotes the unit and reads both control directories in one script', () => {
    const s = limitsProbeScript('web-1');
    expect(s).toContain("systemctl show systemd-nspawn@web-1.service -p LoadState");
    expect(s).toContain('/etc/systemd/system.control/systemd-nspawn@web-1.service.d/*.conf');
    expect(s).toContain('/run/systemd/system.control/systemd-nspawn@web-1.service.d/*.conf');
    expect(s).toContain('CPUQuotaPerSecUSec');
  });

  it('parses real probe output: live values in normal form, drop-ins by key, last assignment wins', () => {
    const st = parseLimitsProbe(RUNNING);
    expect(st.loadState).toBe('loaded');
    expect(st.activeState).toBe('active');
    expect(st.live).toEqual({
      MemoryMax: '1073741824',
      MemoryHigh: '10110423040',
      MemorySwapMax: '0',
      CPUQuota: '500000',
      CPUWeight: '300',
      TasksMax: '200',
      IOWeight: '40',
      AllowedCPUs: '0',
    });
    // 50-MemoryHigh.conf (512M) then 50-MemoryHighScale.conf (40%): systemd applies them in name order
    expect(st.persistent.MemoryHigh).toEqual({ value: '40%', files: ['50-MemoryHigh.conf', '50-MemoryHighScale.conf'] });
    expect(st.persistent.CPUQuota).toEqual({ value: '500000', files: ['50-CPUQuota.conf'] });
    expect(st.persistent.AllowedCPUs?.value).toBe('0');
    expect(st.runtime).toEqual({});
  });

  it('drop-ins: only [Service] limit keys count; comments and other keys are skipped', () => {
    const d = parseDropins('== override.conf\n[Unit]\nMemoryMax=1\n[Service]\n# MemoryMax=2\nEnvironment=A=1\nTasksMax=50\n== 50-TasksMax.conf\n[Service]\nTasksMax=60\n');
    expect(d).toEqual({ TasksMax: { value: '60', files: ['override.conf', '50-TasksMax.conf'] } });
  });

  it('a value already in the drop-in and live is left alone (no change)', () => {
    const st = parseLimitsProbe(RUNNING);
    const d = decideLimits(st, want({ MemoryMax: '1G', CPUQuota: '50%', TasksMax: 200, MemoryHigh: '40%', AllowedCPUs: '0' }), false);
    expect(d).toEqual({ set: [], remove: [], errors: [], warnings: [] });
  });

  it('a different value, a missing drop-in, or a live value that differs is set', () => {
    const st = parseLimitsProbe(RUNNING);
    expect(decideLimits(st, want({ MemoryMax: '2G' }), false).set.map((s) => [s.key, s.value.arg])).toEqual([['MemoryMax', '2147483648']]);
    // drop-in right, live value not (another drop-in sorts later): set again
    const drift = state({ persistent: { TasksMax: { value: '200', files: ['50-TasksMax.conf'] } }, live: { ...state().live, TasksMax: '16384' } });
    expect(decideLimits(drift, want({ TasksMax: 200 }), false).set).toHaveLength(1);
    // live right but no drop-in (e.g. only set at runtime): persisted now
    const noDropin = state({ live: { ...state().live, CPUWeight: '100' } });
    expect(decideLimits(noDropin, want({ CPUWeight: 100 }), false).set).toHaveLength(1);
    // a percentage is compared with the drop-in only (show prints bytes)
    const pct = state({ persistent: { MemoryMax: { value: '50%', files: ['50-MemoryMaxScale.conf'] } }, live: { ...state().live, MemoryMax: '4000000000' } });
    expect(decideLimits(pct, want({ MemoryMax: '50%' }), false).set).toEqual([]);
  });

  it('removal: only a key the chosen directory sets, by the files set-property wrote', () => {
    const st = parseLimitsProbe(RUNNING);
    const d = decideLimits(st, { MemoryHigh: null, IOWeight: null }, false);
    expect(d.remove).toEqual([
      { key: 'MemoryHigh', files: ['50-MemoryHigh.conf', '50-MemoryHighScale.conf'] },
      { key: 'IOWeight', files: ['50-IOWeight.conf'] },
    ]);
    expect(decideLimits(st, { MemoryHigh: null }, true).remove).toEqual([]);
    expect(decideLimits(state(), { MemoryMax: null }, false)).toEqual({ set: [], remove: [], errors: [], warnings: [] });
    const foreign = state({ persistent: { MemoryMax: { value: '1', files: ['override.conf'] } } });
    expect(decideLimits(foreign, { MemoryMax: null }, false).errors[0]).toMatch(/override\.conf.*did not write/);
    expect(ownDropinNames('MemoryHigh')).toEqual(['50-MemoryHigh.conf', '50-MemoryHighScale.conf']);
  });

  it('runtime: refused when a persistent drop-in with another value would take precedence', () => {
    const st = parseLimitsProbe(RUNNING);
    const d = decideLimits(st, want({ MemoryMax: '2G' }), true);
    expect(d.set).toEqual([]);
    expect(d.errors[0]).toMatch(/MemoryMax is set persistently .*50-MemoryMax\.conf.*runtime: false, MemoryMax: null/);
    // the same value persistently: a runtime drop-in is written too, no conflict
    expect(decideLimits(st, want({ MemoryMax: '1G' }), true).set).toHaveLength(1);
    expect(decideLimits(state(), want({ MemoryMax: '1G' }), true).set).toHaveLength(1);
  });

  it('persistent: a runtime drop-in with another value is reported and left alone', () => {
    const st = state({ runtime: { TasksMax: { value: '50', files: ['50-TasksMax.conf'] } } });
    const d = decideLimits(st, want({ TasksMax: 100 }), false);
    expect(d.set).toHaveLength(1);
    expect(d.warnings).toEqual([expect.stringMatching(/TasksMax is also set for this boot in \/run\/systemd\/system\.control\/…\/50-TasksMax\.conf/)]);
    expect(decideLimits(st, want({ TasksMax: 50 }), false).warnings).toEqual([]);
  });

  it('values after the change, and percentages kept for the result', () => {
    const st = parseLimitsProbe(RUNNING);
    const d = decideLimits(st, { ...want({ MemoryMax: '2G' }), IOWeight: null }, false);
    const after = limitsAfter(st, d, false);
    expect(after.MemoryMax).toBe('2147483648');
    expect(after.IOWeight).toBeNull();
    expect(after.TasksMax).toBe('200');
    expect(withPercentages(st.live, st).MemoryHigh).toBe('40%');
    expect(withPercentages(st.live, st, decideLimits(st, { MemoryHigh: null }, false)).MemoryHigh).toBe('10110423040');
  });
});
