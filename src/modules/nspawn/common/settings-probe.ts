/**
 * What the `nspawn` module reads in its one probe besides the file itself: the machine unit's state
 * and start times, machined's view of the machine (asked only when machined has registered it), the image's root owner and the host's clocks; and
 * the pure test "are the settings newer than the running machine" (reused by the `machine` module).
 */
import { sh } from '../../../util/quote.js';
import { machineDir, machineUnit, MACHINES_DIR } from './names.js';

/** The probed paths, in order: the trusted file, the untrusted one beside the image, the image dir. */
export function settingsPaths(name: string): { trusted: string; untrusted: string; image: string } {
  return { trusted: `/etc/systemd/nspawn/${name}.nspawn`, untrusted: `${MACHINES_DIR}/${name}.nspawn`, image: machineDir(name) };
}

/** Extra probe script (lines "x KEY VALUE"): unit properties, machine state, clocks. */
export function settingsExtraScript(name: string): string {
  return [
    sh`systemctl show ${machineUnit(name)} -p ActiveState -p ExecMainStartTimestampMonotonic -p ActiveEnterTimestampMonotonic 2>/dev/null | sed 's/^/x unit /'`,
    // machined keeps a file per registered machine: ask it (over D-Bus) only when there is one
    sh`if [ -e /run/systemd/machines/${name} ]; then printf 'x machine %s\\n' "$(machinectl show ${name} -p State --value 2>/dev/null)"; else echo 'x machine '; fi`,
    `printf 'x clock %s %s\\n' "$(date +%s.%N)" "$(cut -d' ' -f1 /proc/uptime)"`,
  ].join('\n');
}

/** What systemd says about the machine's unit (times in µs of CLOCK_MONOTONIC; 0 = never). */
export interface UnitTimes {
  activeState?: string;
  execMainStartMonotonicUsec?: number;
  activeEnterMonotonicUsec?: number;
}

export interface HostClock {
  /** Wall clock now (seconds since the epoch). */
  nowEpochSec: number;
  /** Seconds since boot (/proc/uptime: the same clock as systemd's monotonic timestamps). */
  uptimeSec: number;
}

export interface RunState {
  unit: UnitTimes;
  /** machined's State (running, opening, closing) or '' when it does not know the machine. */
  machineState: string;
  clock?: HostClock;
}

/** Parse `systemctl show -p ActiveState -p ExecMainStartTimestampMonotonic -p ActiveEnterTimestampMonotonic`. */
export function parseUnitTimes(lines: string[]): UnitTimes {
  const out: UnitTimes = {};
  for (const l of lines) {
    const eq = l.indexOf('=');
    if (eq < 0) continue;
    const k = l.slice(0, eq);
    const val = l.slice(eq + 1).trim();
    if (k === 'ActiveState') out.activeState = val;
    else if (k === 'ExecMainStartTimestampMonotonic' && /^\d+$/.test(val)) out.execMainStartMonotonicUsec = Number(val);
    else if (k === 'ActiveEnterTimestampMonotonic' && /^\d+$/.test(val)) out.activeEnterMonotonicUsec = Number(val);
  }
  return out;
}

export function parseRunState(extra: Record<string, string[]>): RunState {
  const c = (extra.clock?.[0] ?? '').split(' ').map(Number);
  const clock = c.length === 2 && c.every((x) => Number.isFinite(x) && x > 0) ? { nowEpochSec: c[0], uptimeSec: c[1] } : undefined;
  return { unit: parseUnitTimes(extra.unit ?? []), machineState: (extra.machine?.[0] ?? '').trim(), clock };
}

/** The machine runs (its unit is active or reloading, or machined has it as running/opening). */
export function machineRunning(s: RunState): boolean {
  const a = s.unit.activeState;
  return a === 'active' || a === 'reloading' || a === 'activating' || s.machineState === 'running' || s.machineState === 'opening';
}

/**
 * Whether a settings file last modified at `fileMtimeEpochSec` (wall clock, as stat's %Y) is newer
 * than the start of the running machine, i.e. the machine was started with older settings and needs
 * a restart to use them. The unit's start is ExecMainStartTimestampMonotonic (when systemd-nspawn,
 * which reads the file, was started), else ActiveEnterTimestampMonotonic, turned into wall-clock time
 * with the host's clock (now - uptime = boot time). False when the unit is not active, the file does
 * not exist, or the start time is unknown.
 */
export function settingsNewerThanStart(fileMtimeEpochSec: number | undefined, unit: UnitTimes, clock: HostClock | undefined): boolean {
  if (fileMtimeEpochSec === undefined || !clock) return false;
  if (unit.activeState !== 'active' && unit.activeState !== 'reloading' && unit.activeState !== 'activating') return false;
  const startUsec = unit.execMainStartMonotonicUsec || unit.activeEnterMonotonicUsec;
  if (!startUsec) return false;
  const bootEpoch = clock.nowEpochSec - clock.uptimeSec;
  const startEpoch = bootEpoch + startUsec / 1e6;
  // /proc/uptime has 10 ms resolution: only a file written clearly after the start counts
  return fileMtimeEpochSec > startEpoch + 0.02;
}
