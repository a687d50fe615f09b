/**
 * --json: one JSON document shaped like Ansible's json callback (plays → tasks → per-host results, and
 * stats), written at the end and nothing else on stdout.
 */
import type { EngineEvent } from '../engine/events.js';
import type { View, ViewOptions } from './view.js';

interface JsonTask {
  task: { id: string; name: string; duration: { start: string; end?: string } };
  hosts: Record<string, Record<string, unknown>>;
}
interface JsonPlay {
  play: { id: string; name: string; duration: { start: string; end?: string } };
  tasks: JsonTask[];
}

export class JsonView implements View {
  private readonly plays: JsonPlay[] = [];
  private readonly warnings: string[] = [];
  private current?: JsonPlay;
  private readonly tasks = new Map<string, JsonTask>();
  private doc?: Record<string, unknown>;

  constructor(private readonly opts: Pick<ViewOptions, 'out'>) {}

  handle(e: EngineEvent): void {
    const now = new Date().toISOString();
    switch (e.type) {
      case 'play_start':
        this.current = { play: { id: e.play.id, name: e.play.name, duration: { start: now } }, tasks: [] };
        this.plays.push(this.current);
        break;
      case 'task_start': {
        const t: JsonTask = { task: { id: e.task.id, name: e.task.name, duration: { start: now } }, hosts: {} };
        this.tasks.set(e.task.id, t);
        this.current?.tasks.push(t);
        break;
      }
      case 'host_task_result': {
        const t = this.tasks.get(e.task.id);
        if (!t) break;
        const entry = { action: e.task.module, ...e.result } as Record<string, unknown>;
        if (e.status === 'unreachable') entry.unreachable = true;
        if (e.status === 'skipped') entry.skipped = true;
        if (e.item !== undefined) {
          const host = (t.hosts[e.host] ??= { action: e.task.module, results: [] });
          const results = (host.results as unknown[] | undefined) ?? [];
          results.push({ item: e.item, ...e.result });
          host.results = results;
        } else {
          const prior = t.hosts[e.host];
          t.hosts[e.host] = prior?.results && !entry.results ? { ...entry, results: prior.results } : entry;
        }
        break;
      }
      case 'included': {
        // Ansible's include result ({include, include_args, changed}; per item under results with a loop)
        const t = this.tasks.get(e.task.id);
        if (!t) break;
        const one = { include: e.file, include_args: {}, changed: false };
        for (const h of e.hosts) {
          if (e.item === undefined) t.hosts[h] = { action: e.task.module, ...one };
          else {
            const host = (t.hosts[h] ??= { action: e.task.module, changed: false, results: [] });
            host.results = [...((host.results as unknown[] | undefined) ?? []), { item: e.item, ...one }];
          }
        }
        break;
      }
      case 'task_end': {
        const t = this.tasks.get(e.task.id);
        if (t) t.task.duration.end = now;
        break;
      }
      case 'play_end':
        if (this.current) this.current.play.duration.end = now;
        break;
      case 'warning':
        this.warnings.push(e.host ? `[${e.host}] ${e.message}` : e.message);
        break;
      case 'run_end': {
        const stats: Record<string, Record<string, number>> = {};
        for (const [h, c] of Object.entries(e.stats)) {
          stats[h] = {
            changed: c.changed,
            failures: c.failed,
            ignored: c.ignored,
            ok: c.ok,
            rescued: c.rescued,
            skipped: c.skipped,
            unreachable: c.unreachable,
          };
        }
        this.doc = {
          custom_stats: {},
          global_custom_stats: {},
          plays: this.plays,
          stats,
          ...(this.warnings.length ? { warnings: this.warnings } : {}),
          ...(e.interrupted ? { interrupted: true } : {}),
        };
        break;
      }
      default:
        break;
    }
  }

  async finish(): Promise<void> {
    if (!this.doc) return;
    await new Promise<void>((resolve) => this.opts.out.write(JSON.stringify(this.doc, null, 4) + '\n', () => resolve()));
  }
}
