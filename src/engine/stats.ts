/**
 * PLAY RECAP counters, counted exactly as Ansible's strategy (_process_pending_results) does:
 * - ok result: ok+1, and changed+1 when it changed;
 * - failed and ignore_errors: ok+1, ignored+1, and changed+1 when it changed;
 * - failed inside a block whose rescue will run: rescued+1 (not failed);
 * - failed otherwise: failed+1;
 * - unreachable: unreachable+1; with ignore_unreachable: ok+1, ignored+1;
 * - skipped: skipped+1;
 * - a loop counts once (its aggregate result); include_tasks: ok+1 per file a host loads (each loop item's
 *   own), when loaded; include_role and meta tasks not at all.
 */
import type { Counters, HostStatus } from './events.js';

export function zeroCounters(): Counters {
  return { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
}

export interface Outcome {
  status: HostStatus;
  /** The result reported changed (an ignored failure may still have changed something). */
  changed?: boolean;
  /** ignore_errors (failed) or ignore_unreachable (unreachable) applied. */
  ignored?: boolean;
  /** The failure happened inside a block whose rescue section will run. */
  rescued?: boolean;
}

export class Stats {
  private readonly byHost = new Map<string, Counters>();

  /** Make a host appear in the recap even with all zeros (it was part of a play). */
  touch(host: string): Counters {
    let c = this.byHost.get(host);
    if (!c) {
      c = zeroCounters();
      this.byHost.set(host, c);
    }
    return c;
  }

  record(host: string, o: Outcome): void {
    const c = this.touch(host);
    switch (o.status) {
      case 'ok':
        c.ok++;
        break;
      case 'changed':
        c.ok++;
        c.changed++;
        break;
      case 'skipped':
        c.skipped++;
        break;
      case 'unreachable':
        if (o.ignored) {
          c.ok++;
          c.ignored++;
        } else c.unreachable++;
        break;
      case 'failed':
        if (o.ignored) {
          c.ok++;
          c.ignored++;
          if (o.changed) c.changed++;
        } else if (o.rescued) c.rescued++;
        else c.failed++;
        break;
    }
  }

  /** A plain copy, hosts in the order they were first seen. */
  snapshot(): Record<string, Counters> {
    const out: Record<string, Counters> = {};
    for (const [h, c] of this.byHost) out[h] = { ...c };
    return out;
  }
}
