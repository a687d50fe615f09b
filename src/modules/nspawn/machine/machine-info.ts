/**
 * machine_info: every nspawn machine on a host (images, also stopped ones, and registered machines)
 * read with ONE probe exec (state.ts's FLEET_PROBE, the `machine` module's probe) and changing
 * nothing. `machinist machines` runs it on every host it sweeps; a playbook can register it. A host
 * without machinectl is not a failure: `machinectl: false` and no machines.
 */
import { z } from 'zod';
import { ModuleFailure } from '../../../util/errors.js';
import type { ExecResult } from '../../../transport/types.js';
import { defineModule } from '../../types.js';
import { targetEnabled } from './machine-decide.js';
import { machineResult } from './machine.js';
import { FLEET_PROBE, parseHostProbe, probeComplete, type HostInfo, type MachineInfo } from './state.js';

/** The probe reads every machine of the host in one exec; a stuck one must not hold the sweep forever. */
export const FLEET_PROBE_TIMEOUT_MS = 60_000;

/** One machine as machine_info reports it (the `machine` module's result fields, plus memory and start time). */
export interface MachineEntry {
  name: string;
  /** started (running), starting, stopping, stopped; absent: registered, no image, already gone. */
  state: 'started' | 'starting' | 'stopping' | 'stopped' | 'absent';
  enabled: boolean;
  image?: { path: string; type: string; read_only: boolean };
  os?: string;
  leader?: number;
  /** The guest's own systemd (systemctl is-system-running inside it), while it runs. */
  guest_state?: string;
  machine_id?: string;
  addresses?: string[];
  /** Bytes (null: unknown or unlimited). */
  memory: { current: number | null; max: number | null };
  /** When the machine's unit became active (ISO 8601), while it runs. */
  started_at: string | null;
}

/** What machine_info returns besides `changed`. */
export interface MachineInfoResult {
  machinectl: boolean;
  /** systemd's major version on the host (0: unknown). */
  systemd_version: number;
  machines_target_enabled: boolean;
  machines: MachineEntry[];
}

export function machineEntry(host: HostInfo, m: MachineInfo): MachineEntry {
  const fields = machineResult(host, m);
  delete fields.machines_target_enabled;
  return {
    name: m.name,
    ...(fields as Omit<MachineEntry, 'name' | 'memory' | 'started_at'>),
    memory: { current: m.memory.current ?? null, max: m.memory.max ?? null },
    started_at: m.runState === 'running' && m.startedAt !== undefined ? new Date(m.startedAt * 1000).toISOString() : null,
  };
}

/** The probe's output as the module's result; a probe that did not run through is a failure. */
export function machineInfoOf(r: Pick<ExecResult, 'rc' | 'stdout' | 'stderr'>): MachineInfoResult {
  if (r.rc !== 0 || !probeComplete(r.stdout)) {
    const detail = (r.stderr.trim() || r.stdout.trim() || `rc ${r.rc}`).split('\n')[0];
    throw new ModuleFailure(detail, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  const p = parseHostProbe(r.stdout);
  return {
    machinectl: p.host.machinectl,
    systemd_version: p.host.systemdVersion,
    machines_target_enabled: targetEnabled(p.host.machinesTarget),
    machines: p.host.machinectl ? p.machines.map((m) => machineEntry(p.host, m)) : [],
  };
}

export const machineInfoModule = defineModule({
  name: 'machine_info',
  aliases: ['machinist.nspawn.machine_info'],
  schema: z.object({}).strict(),
  async plan(_args, ctx) {
    const r = await ctx.exec(FLEET_PROBE, { timeoutMs: FLEET_PROBE_TIMEOUT_MS });
    return { changed: false, result: { ...machineInfoOf(r) } };
  },
});
