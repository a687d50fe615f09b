/**
 * What a host says about its machines, read in ONE round trip: the shell functions of the probe
 * (shared by the `machine` module and `machinist machines`), and their pure parsing.
 *
 * Each machine is printed as a section `machine` (util/sections.ts) of KEY=VALUE lines: `image.*`
 * (machinectl show-image), `unit.*` (systemctl show systemd-nspawn@NAME.service), `machine.*`
 * (machinectl show, only while registered), `enabled`, `nspawn_mtime`, `os` (PRETTY_NAME of a
 * directory image) and, for a running guest, `guest.*`: its own systemd's state (asked through
 * nsenter on the leader PID, so no dbus is needed in the guest), machine-id and addresses.
 */
import { sh } from '../../../util/quote.js';
import { MACHINES_DIR, NSPAWN_DIR } from '../common/names.js';
import { parseUnitTimes, type HostClock, type UnitTimes } from '../common/settings-probe.js';
import { keyValueLines, sectionMark, splitOutput, type Section } from '../../../util/sections.js';

/** Shell functions the probes and change scripts use (program-written text; names come in as $1). */
export const PROBE_FUNCTIONS = `
mx_unit() { echo "systemd-nspawn@$1.service"; }
mx_leader() { machinectl show "$1" -p Leader --value 2>/dev/null; }
mx_active() { systemctl show -p ActiveState --value "$(mx_unit "$1")" 2>/dev/null; }
mx_guest_state() { timeout 5 nsenter -t "$1" -a systemctl is-system-running 2>/dev/null; }
mx_probe() {
  n=$1
  ${sectionMark('machine')}
  echo "name=$n"
  machinectl show-image "$n" 2>/dev/null | sed 's/^/image./'
  u=$(mx_unit "$n")
  { systemctl show --timestamp=unix "$u" -p LoadState -p ActiveState -p SubState -p MainPID -p ActiveEnterTimestamp -p ActiveEnterTimestampMonotonic -p ExecMainStartTimestampMonotonic -p MemoryCurrent -p MemoryMax 2>/dev/null ||
    systemctl show "$u" -p LoadState -p ActiveState -p SubState -p MainPID -p ActiveEnterTimestamp -p ActiveEnterTimestampMonotonic -p ExecMainStartTimestampMonotonic -p MemoryCurrent -p MemoryMax; } | sed 's/^/unit./'
  echo "enabled=$(systemctl is-enabled "$u" 2>/dev/null)"
  ms=$(machinectl show "$n" 2>/dev/null)
  [ -n "$ms" ] && printf '%s\n' "$ms" | sed 's/^/machine./'
  f=${NSPAWN_DIR}/$n.nspawn
  [ -e "$f" ] && echo "nspawn_mtime=$(stat -c %.9Y "$f" 2>/dev/null || stat -c %Y "$f")"
  d=${MACHINES_DIR}/$n
  for o in "$d/usr/lib/os-release" "$d/etc/os-release"; do
    if [ -f "$o" ] && [ ! -L "$o" ]; then sed -n 's/^PRETTY_NAME=/os=/p' "$o"; break; fi
  done
  L=$(printf '%s\n' "$ms" | sed -n 's/^Leader=//p')
  if [ -n "$L" ] && [ "$L" != 0 ]; then
    echo "guest.state=$(mx_guest_state "$L")"
    echo "guest.machine_id=$(cat "/proc/$L/root/etc/machine-id" 2>/dev/null)"
    nsenter -t "$L" -n ip -o addr show scope global 2>/dev/null | while read -r _i _d _f a _r; do echo "guest.addr=$a"; done
  fi
}
mx_host() {
  ${sectionMark('host')}
  echo "systemd=$(systemctl --version 2>/dev/null | head -n 1)"
  if command -v machinectl >/dev/null 2>&1; then echo machinectl=yes; else echo machinectl=no; fi
  echo "machines_target=$(systemctl is-enabled machines.target 2>/dev/null)"
  echo "clock=$(date +%s.%N) $(cut -d' ' -f1 /proc/uptime)"
}
`;

/** Probe of one machine (and optionally a second one, the clone source), with the host's facts. */
export function machineProbeScript(names: string[], opts: { diskUsage?: boolean } = {}): string {
  const du = opts.diskUsage ? ['  p=$(machinectl show-image "$n" -p Path --value 2>/dev/null)', '  if [ -n "$p" ]; then echo "du=$(timeout 10 du -s -x -B1 "$p" 2>/dev/null | cut -f1)"; fi'] : [];
  return [PROBE_FUNCTIONS, 'mx_host', 'if command -v machinectl >/dev/null 2>&1; then', ...names.flatMap((n) => [sh`  mx_probe ${n}`, ...du]), 'fi', 'exit 0', ''].join('\n');
}

/** Probe of every machine on a host: images (also stopped ones) and registered machines. */
export const FLEET_PROBE = [
  PROBE_FUNCTIONS,
  'mx_host',
  'if command -v machinectl >/dev/null 2>&1; then',
  "  { machinectl list-images --no-legend 2>/dev/null; machinectl list --no-legend 2>/dev/null; } | while read -r n _rest; do [ -n \"$n\" ] && echo \"$n\"; done | sort -u | while read -r n; do mx_probe \"$n\"; done",
  'fi',
  'exit 0',
  '',
].join('\n');

export interface HostInfo {
  /** systemd's major version (0 when unknown). */
  systemdVersion: number;
  machinectl: boolean;
  /** `systemctl is-enabled machines.target` output ('' when unknown). */
  machinesTarget: string;
  /** The host's clocks: wall time and uptime (to place systemd's monotonic timestamps). */
  clock?: HostClock;
}

export type RunState = 'running' | 'starting' | 'stopping' | 'stopped';

export interface MachineInfo {
  name: string;
  /** The image as machinectl sees it (undefined: no image). */
  image?: { path: string; type: string; readOnly: boolean; usage?: number };
  /** Properties of systemd-nspawn@NAME.service. */
  unit: Record<string, string>;
  /** Properties of the registered machine (machinectl show); undefined when not registered. */
  machine?: Record<string, string>;
  /** systemctl is-enabled of the unit. */
  enabledState: string;
  enabled: boolean;
  /** mtime of /etc/systemd/nspawn/NAME.nspawn (unix seconds). */
  nspawnMtime?: number;
  os?: string;
  runState: RunState;
  leader?: number;
  /** When the machine's unit became active (unix seconds). */
  startedAt?: number;
  /** The unit's state and start times (monotonic), for settingsNewerThanStart (settings-probe.ts). */
  times: UnitTimes;
  guest?: { state: string; machineId?: string; addresses: string[] };
  /** Bytes the image takes on disk (du, only when asked for). */
  diskUsage?: number;
  memory: { current?: number; max?: number };
}

export interface HostProbe {
  host: HostInfo;
  machines: MachineInfo[];
}

/** "systemd 252 (252.39-1~deb12u2)" → 252 */
export function systemdMajor(line: string): number {
  const m = /^systemd (\d+)/.exec(line.trim());
  return m ? Number(m[1]) : 0;
}

/**
 * systemd 253 and later enable machines.target themselves in `machinectl enable`; before, an enabled
 * machine does not start at boot unless machines.target is enabled too.
 */
export function needsMachinesTarget(systemdVersion: number): boolean {
  return systemdVersion < 253;
}

const ENABLED = new Set(['enabled', 'enabled-runtime', 'alias']);

export function parseHostInfo(text: string): HostInfo {
  const kv = keyValueLines(text);
  return {
    systemdVersion: systemdMajor(kv.systemd ?? ''),
    machinectl: kv.machinectl === 'yes',
    machinesTarget: kv.machines_target ?? '',
    clock: parseClock(kv.clock ?? ''),
  };
}

/** "1795429320.123 12044.13" (date +%s.%N, /proc/uptime) → the host's clocks. */
export function parseClock(v: string): HostClock | undefined {
  const c = v.trim().split(/\s+/).map(Number);
  return c.length === 2 && c.every((x) => Number.isFinite(x) && x > 0) ? { nowEpochSec: c[0], uptimeSec: c[1] } : undefined;
}

function prefixed(kv: Record<string, string>, prefix: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  let any = false;
  for (const [k, v] of Object.entries(kv)) {
    if (k.startsWith(prefix)) {
      out[k.slice(prefix.length)] = v;
      any = true;
    }
  }
  return any ? out : undefined;
}

/** A byte count as systemd prints it: '[not set]', 'infinity' and 2^64-1 mean unknown. */
export function bytesOf(v: string | undefined): number | undefined {
  if (v === undefined || !/^\d+$/.test(v) || v === '18446744073709551615') return undefined;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** "@1795429050" (--timestamp=unix) → seconds; other formats → undefined. */
export function unixTimestamp(v: string | undefined): number | undefined {
  const m = /^@(\d+)$/.exec((v ?? '').trim());
  return m ? Number(m[1]) : undefined;
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.endsWith(t[0])) return t.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
  return t;
}

export function runStateOf(unit: Record<string, string>, machine: Record<string, string> | undefined): RunState {
  const a = unit.ActiveState ?? '';
  const m = machine?.State ?? '';
  if (m === 'closing' || a === 'deactivating') return 'stopping';
  if (m === 'opening' || a === 'activating') return 'starting';
  if (m === 'running' || a === 'active' || a === 'reloading') return 'running';
  return 'stopped';
}

/** One machine's block of KEY=VALUE lines. */
export function parseMachineBlock(text: string): MachineInfo {
  const lines = text.split('\n');
  const kv = keyValueLines(text);
  const img = prefixed(kv, 'image.');
  const unit = prefixed(kv, 'unit.') ?? {};
  const machine = prefixed(kv, 'machine.');
  const g = prefixed(kv, 'guest.');
  const leader = machine && /^\d+$/.test(machine.Leader ?? '') && machine.Leader !== '0' ? Number(machine.Leader) : undefined;
  const enabledState = (kv.enabled ?? '').trim();
  const info: MachineInfo = {
    name: kv.name ?? '',
    unit,
    machine,
    enabledState,
    enabled: ENABLED.has(enabledState),
    runState: runStateOf(unit, machine),
    times: parseUnitTimes(Object.entries(unit).map(([k, v]) => `${k}=${v}`)),
    memory: { current: bytesOf(unit.MemoryCurrent), max: bytesOf(unit.MemoryMax) },
  };
  if (img && img.Path) info.image = { path: img.Path, type: img.Type ?? '', readOnly: img.ReadOnly === 'yes', usage: bytesOf(img.Usage) };
  if (kv.nspawn_mtime !== undefined && /^\d+(?:\.\d+)?$/.test(kv.nspawn_mtime)) info.nspawnMtime = Number(kv.nspawn_mtime);
  const du = bytesOf(kv.du);
  if (du !== undefined) info.diskUsage = du;
  if (kv.os !== undefined) info.os = unquote(kv.os);
  if (leader !== undefined) info.leader = leader;
  const started = unixTimestamp(unit.ActiveEnterTimestamp);
  if (started !== undefined && started > 0) info.startedAt = started;
  if (g) {
    const addresses = lines.filter((l) => l.startsWith('guest.addr=')).map((l) => l.slice('guest.addr='.length).trim()).filter(Boolean);
    info.guest = { state: (g.state ?? '').trim() || 'unknown', addresses };
    if (g.machine_id) info.guest.machineId = g.machine_id.trim();
  }
  return info;
}

/** The host's section: the last one printed before the first machine (undefined: none). */
function hostSection(all: Section[]): string | undefined {
  const first = all.findIndex((s) => s.name === 'machine');
  return (first < 0 ? all : all.slice(0, first)).filter((s) => s.name === 'host').at(-1)?.text;
}

/** The whole output of a probe: the host's facts and every machine block, in order. */
export function parseHostProbe(out: string): HostProbe {
  const all = splitOutput(out).sections;
  const host = parseHostInfo(hostSection(all) ?? '');
  return { host, machines: all.filter((s) => s.name === 'machine').map((s) => parseMachineBlock(s.text)).filter((m) => m.name !== '') };
}

/**
 * Whether the probe got as far as the host's section: a shell that stopped before it (sudo refused,
 * no /bin/sh) printed none, and then its output says nothing about the host.
 */
export function probeComplete(out: string): boolean {
  return hostSection(splitOutput(out).sections) !== undefined;
}

/** Whether the guest's own systemd finished booting. */
export function guestUp(m: MachineInfo): boolean {
  return m.runState === 'running' && (m.guest?.state === 'running' || m.guest?.state === 'degraded');
}
