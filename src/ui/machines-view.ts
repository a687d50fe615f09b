/**
 * `machinist machines` as a view of the sweep's events: each host's machine_info result (or why it
 * has none: unreachable, failed) becomes a HostMachines, in the order the play lists the hosts; at
 * the end, the table or the JSON document (machines.ts) on `out`. A progress view (listr2 or plain
 * lines) may run beside it; without one, this view writes the warnings to `err`.
 */
import type { EngineEvent, HostStatus } from '../engine/events.js';
import { SWEEP_MODULE } from '../engine/sweep.js';
import type { MachineInfoResult } from '../modules/nspawn/machine/machine-info.js';
import type { ModuleResult } from '../modules/types.js';
import { machinesJson, renderMachinesTable, type HostMachines } from './machines.js';
import type { View, ViewOptions } from './view.js';

export interface MachinesViewOptions extends Pick<ViewOptions, 'out' | 'err'> {
  json: boolean;
  /** Write warnings to `err` (off when a progress view beside this one shows them). */
  warnings: boolean;
}

/** One host's line of the fleet view from its machine_info result. */
export function hostMachinesOf(host: string, status: HostStatus, result: ModuleResult): HostMachines {
  const msg = String(result.msg ?? '');
  if (status === 'unreachable') return { host, status: 'unreachable', msg, machines: [] };
  if (status === 'failed') return { host, status: 'failed', msg: msg.split('\n')[0], machines: [] };
  const r = result as Partial<MachineInfoResult>;
  const base = { host, systemdVersion: r.systemd_version };
  if (!r.machinectl) return { ...base, status: 'no-machinectl', machines: [] };
  return { ...base, status: 'ok', machines: r.machines ?? [] };
}

export class MachinesView implements View {
  private hosts: string[] = [];
  private readonly read = new Map<string, HostMachines>();
  private ended = false;

  constructor(private readonly opts: MachinesViewOptions) {}

  handle(e: EngineEvent): void {
    switch (e.type) {
      case 'play_start':
        this.hosts = e.play.hosts;
        break;
      case 'host_task_result':
        if (e.task.module === SWEEP_MODULE && e.item === undefined) this.read.set(e.host, hostMachinesOf(e.host, e.status, e.result));
        break;
      case 'warning':
        if (this.opts.warnings) this.opts.err.write(`[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}\n`);
        break;
      case 'run_end':
        this.ended = true;
        break;
      default:
        break;
    }
  }

  /** The hosts in the play's order; one the sweep never reached (Ctrl-C) is listed as not read. */
  result(): HostMachines[] {
    return this.hosts.map((h) => this.read.get(h) ?? { host: h, status: 'failed', msg: 'interrupted', machines: [] });
  }

  async finish(): Promise<void> {
    if (!this.ended) return;
    const text = this.opts.json ? JSON.stringify(machinesJson(this.result()), null, 2) + '\n' : renderMachinesTable(this.result());
    await new Promise<void>((resolve) => this.opts.out.write(text, () => resolve()));
  }
}
