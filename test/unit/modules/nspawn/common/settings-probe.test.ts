import { describe, expect, it } from 'vitest';
import { parseProbe } from '../../../../../src/modules/kit/file-probe.js';
import { machineRunning, parseRunState, settingsNewerThanStart } from '../../../../../src/modules/nspawn/common/settings-probe.js';
import { RUNNING_PROBE, ABSENT_PROBE } from './settings-fixtures.js';

describe('settings probe', () => {
  it('reads a running machine with a file and a file beside its image (captured on Debian 12)', () => {
    const p = parseProbe(RUNNING_PROBE, ['/etc/systemd/nspawn/tiny.nspawn', '/var/lib/machines/tiny.nspawn', '/var/lib/machines/tiny']);
    expect(p.paths[0]).toMatchObject({ exists: true, type: 'file', mode: 0o644, mtime: 1795429313.246292558 });
    expect(p.paths[0].content?.toString()).toBe('# x\n[Exec]\nPrivateUsers=pick\n');
    expect(p.paths[1].exists).toBe(true);
    expect(p.paths[2]).toMatchObject({ type: 'directory', uid: 1397096448 });
    const s = parseRunState(p.extra);
    expect(s).toEqual({
      unit: { activeState: 'active', execMainStartMonotonicUsec: 11713584379, activeEnterMonotonicUsec: 11713856569 },
      machineState: 'running',
      clock: { nowEpochSec: 1795429314.218074121, uptimeSec: 12044.13 },
    });
    expect(machineRunning(s)).toBe(true);
    // the file was written at 1795429313.2, the machine started at now - uptime + 11713.58 = 1795428983.67
    expect(settingsNewerThanStart(p.paths[0].mtime, s.unit, s.clock)).toBe(true);
    expect(settingsNewerThanStart(1795428983.0, s.unit, s.clock)).toBe(false);
  });

  it('reads a machine that does not exist', () => {
    const p = parseProbe(ABSENT_PROBE, ['a', 'b', 'c']);
    expect(p.paths.map((x) => x.exists)).toEqual([false, false, false]);
    const s = parseRunState(p.extra);
    expect(s.unit).toEqual({ activeState: 'inactive', execMainStartMonotonicUsec: 0, activeEnterMonotonicUsec: 0 });
    expect(s.machineState).toBe('');
    expect(machineRunning(s)).toBe(false);
    expect(settingsNewerThanStart(1795429318, s.unit, s.clock)).toBe(false);
  });

  it('settingsNewerThanStart: start from ExecMainStart, else ActiveEnter; nothing known is not newer', () => {
    const clock = { nowEpochSec: 1000, uptimeSec: 100 }; // booted at 900
    expect(settingsNewerThanStart(951, { activeState: 'active', execMainStartMonotonicUsec: 50e6, activeEnterMonotonicUsec: 60e6 }, clock)).toBe(true);
    expect(settingsNewerThanStart(949, { activeState: 'active', execMainStartMonotonicUsec: 50e6 }, clock)).toBe(false);
    expect(settingsNewerThanStart(961, { activeState: 'active', activeEnterMonotonicUsec: 60e6 }, clock)).toBe(true);
    expect(settingsNewerThanStart(959, { activeState: 'active', execMainStartMonotonicUsec: 0, activeEnterMonotonicUsec: 60e6 }, clock)).toBe(false);
    expect(settingsNewerThanStart(999, { activeState: 'inactive', execMainStartMonotonicUsec: 50e6 }, clock)).toBe(false);
    expect(settingsNewerThanStart(undefined, { activeState: 'active', execMainStartMonotonicUsec: 50e6 }, clock)).toBe(false);
    expect(settingsNewerThanStart(999, { activeState: 'active', execMainStartMonotonicUsec: 50e6 }, undefined)).toBe(false);
  });
});
