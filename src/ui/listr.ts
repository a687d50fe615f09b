/**
 * Live progress on a TTY with listr2: per play, one live line per host (its current task and counts,
 * ✖ with the message when it fails or is unreachable) and, under the play, a line per finished task
 * with the task's outcome across hosts. Diffs (--diff) and warnings are printed after each play; the
 * PLAY RECAP at the end. The engine runs independently; this view only follows its events.
 */
import { Listr, type ListrTaskWrapper } from 'listr2';
import type { EngineEvent, HostStatus } from '../engine/events.js';
import { renderDiffs } from './diff.js';
import { recap } from './recap.js';
import { paint, styleFor, type Style } from './style.js';
import type { View, ViewOptions } from './view.js';

interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => {});
  return { promise, resolve, reject };
}

interface HostLine {
  done: Deferred;
  task?: ListrTaskWrapper<unknown, never, never>;
  current: string;
  counts: Counts;
  failure?: string;
}

type AnyTask = ListrTaskWrapper<unknown, never, never>;

export class ListrView implements View {
  private readonly style: Style;
  private chain: Promise<void> = Promise.resolve();
  private hosts = new Map<string, HostLine>();
  private playTask?: AnyTask;
  /** Lines that arrived before listr2 started the play's task. */
  private pendingOutput: string[] = [];
  private playReady?: Deferred;
  private taskOutcome = new Map<string, Counts>();
  private afterPlay: string[] = [];
  private taskNames = new Map<string, string>();

  constructor(private readonly opts: ViewOptions) {
    this.style = styleFor(opts.out);
  }

  handle(e: EngineEvent): void {
    switch (e.type) {
      case 'play_start':
        this.startPlay(e.play.name, e.play.hosts);
        break;
      case 'task_start':
        this.taskNames.set(e.task.id, e.task.name);
        this.taskOutcome.set(e.task.id, zero());
        for (const h of e.hosts) this.setCurrent(h, `${e.task.isHandler ? 'handler' : 'task'}: ${e.task.name}`);
        break;
      case 'host_task_start':
        this.setCurrent(e.host, e.task.name);
        break;
      case 'host_task_result': {
        const line = this.hosts.get(e.host);
        if (e.item === undefined) {
          const status = e.rescued ? 'rescued' : e.status;
          const outcome = this.taskOutcome.get(e.task.id);
          if (outcome) outcome[status]++;
          if (line) line.counts[status]++;
        }
        if (this.opts.diff && e.result.diff && e.status === 'changed') {
          const d = renderDiffs(e.result.diff, this.style);
          if (d) this.afterPlay.push(`--- ${e.host}: ${e.task.name}\n${d}`);
        }
        for (const w of (e.result.warnings as string[] | undefined) ?? []) this.afterPlay.push(paint(this.style, 'magenta', `[WARNING]: [${e.host}] ${w}`));
        if ((e.status === 'failed' || e.status === 'unreachable') && line && e.item === undefined) {
          const msg = `${e.task.name}: ${String(e.result.msg ?? e.result.stderr ?? e.status)}`.split('\n')[0];
          if (e.ignored) this.playOutput(paint(this.style, 'magenta', `${e.host}: ${msg} (${e.rescued ? 'rescued' : 'ignored'})`));
          else line.failure = `${e.status === 'unreachable' ? 'UNREACHABLE' : 'FAILED'} ${msg}`;
        }
        if (line) this.refresh(e.host);
        break;
      }
      case 'included': {
        // an include_tasks counts ok for each host it was loaded for, as in the recap
        const outcome = this.taskOutcome.get(e.task.id);
        for (const h of e.hosts) {
          if (outcome) outcome.ok++;
          const line = this.hosts.get(h);
          if (line) line.counts.ok++;
          this.refresh(h);
        }
        break;
      }
      case 'task_end': {
        const o = this.taskOutcome.get(e.task.id);
        if (o) this.playOutput(`${e.task.isHandler ? 'HANDLER' : 'TASK'} [${e.task.name}] ${summary(o, this.style)}`);
        break;
      }
      case 'host_unreachable': {
        const line = this.hosts.get(e.host);
        if (line) line.failure = `UNREACHABLE ${e.message.split('\n')[0]}`;
        break;
      }
      case 'warning':
        this.afterPlay.push(paint(this.style, 'magenta', `[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}`));
        break;
      case 'play_end':
        this.endPlay();
        break;
      case 'run_end': {
        this.endPlay();
        const text = (e.interrupted ? paint(this.style, 'red', '\n[ERROR]: User interrupted execution') + '\n' : '') + (this.opts.recap === false ? '' : recap(e.stats, this.style));
        this.chain = this.chain.then(() => void this.opts.out.write(text));
        break;
      }
      default:
        break;
    }
  }

  private startPlay(name: string, hosts: string[]): void {
    this.endPlay();
    const lines = new Map<string, HostLine>();
    for (const h of hosts) lines.set(h, { done: deferred(), current: 'waiting', counts: zero() });
    this.hosts = lines;
    this.playTask = undefined;
    const ready = deferred();
    this.playReady = ready;
    const width = Math.max(4, ...hosts.map((h) => h.length));
    const listr = new Listr(
      [
        {
          title: `PLAY [${name}]`,
          rendererOptions: { outputBar: Infinity, persistentOutput: true },
          task: (_ctx, task) => {
            this.playTask = task as unknown as AnyTask;
            for (const line of this.pendingOutput.splice(0)) this.playTask.output = line;
            ready.resolve();
            return task.newListr(
              hosts.map((h) => ({
                title: h.padEnd(width),
                task: async (_c: unknown, t: AnyTask) => {
                  const line = lines.get(h)!;
                  line.task = t;
                  this.refresh(h);
                  await line.done.promise;
                },
              })),
              { concurrent: true, exitOnError: false },
            );
          },
        },
      ],
      {
        exitOnError: false,
        renderer: 'default',
        rendererOptions: { collapseSubtasks: false, collapseErrors: false, showErrorMessage: true },
      },
    );
    const pending = this.afterPlay;
    this.chain = this.chain.then(() => listr.run().then(() => undefined, () => undefined)).then(() => {
      if (pending.length) this.opts.out.write(pending.join('\n') + '\n');
    });
  }

  private endPlay(): void {
    if (!this.playReady) return;
    for (const [, line] of this.hosts) {
      if (line.failure) line.done.reject(new Error(line.failure));
      else line.done.resolve();
    }
    this.playReady = undefined;
    this.afterPlay = [];
  }

  private setCurrent(host: string, what: string): void {
    const line = this.hosts.get(host);
    if (!line) return;
    line.current = what;
    this.refresh(host);
  }

  private refresh(host: string): void {
    const line = this.hosts.get(host);
    if (!line?.task) return;
    const width = Math.max(4, ...[...this.hosts.keys()].map((h) => h.length));
    const state = line.failure ? paint(this.style, 'red', line.failure) : line.current;
    line.task.title = `${host.padEnd(width)}  ${summary(line.counts, this.style)}  ${state}`;
  }

  private playOutput(text: string): void {
    if (this.playTask) this.playTask.output = text;
    else this.pendingOutput.push(text);
  }

  async finish(): Promise<void> {
    this.endPlay();
    await this.chain;
  }
}

type Counts = Record<HostStatus | 'rescued', number>;

function zero(): Counts {
  return { ok: 0, changed: 0, failed: 0, skipped: 0, unreachable: 0, rescued: 0 };
}

function summary(c: Counts, s: Style): string {
  const part = (label: string, n: number, colour: 'green' | 'yellow' | 'red' | 'cyan') => (n ? paint(s, colour, `${label}=${n}`) : `${label}=0`);
  return [
    part('ok', c.ok + c.changed, 'green'),
    part('changed', c.changed, 'yellow'),
    part('failed', c.failed, 'red'),
    part('skipped', c.skipped, 'cyan'),
    ...(c.rescued ? [part('rescued', c.rescued, 'green')] : []),
    ...(c.unreachable ? [part('unreachable', c.unreachable, 'red')] : []),
  ].join(' ');
}
