/**
 * Ansible-style line output (no TTY, CI set, or -v): banners per play and task, one line per host
 * result, failures with their JSON, diffs with --diff, and the PLAY RECAP.
 */
import type { EngineEvent } from '../engine/events.js';
import type { ModuleResult } from '../modules/types.js';
import { renderDiffs } from './diff.js';
import { pyJson } from './pyjson.js';
import { recap } from './recap.js';
import { banner, paint, statusColour, styleFor, type Style } from './style.js';
import type { View, ViewOptions } from './view.js';

/** Fields Ansible's default callback leaves out of the `=> {...}` part. */
const HIDDEN = new Set(['invocation', 'diff', '_ansible_no_log', '_ansible_verbose_always', 'stdout_lines', 'stderr_lines']);

function visible(result: ModuleResult, verbosity: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(result)) {
    if (HIDDEN.has(k) && verbosity < 3) continue;
    if (k === 'warnings') continue;
    out[k] = v;
  }
  return out;
}

export class PlainView implements View {
  private readonly style: Style;
  private readonly write: (s: string) => void;

  constructor(private readonly opts: ViewOptions) {
    this.style = styleFor(opts.out);
    this.write = (s) => void opts.out.write(s);
  }

  handle(e: EngineEvent): void {
    const s = this.style;
    switch (e.type) {
      case 'play_start':
        this.write(`\n${banner(`PLAY [${e.play.name}]`, s.columns)}\n`);
        if (e.play.hosts.length === 0) this.write(paint(s, 'cyan', 'skipping: no hosts matched') + '\n');
        break;
      case 'task_start':
        this.write(`\n${banner(`${e.task.isHandler ? 'RUNNING HANDLER' : 'TASK'} [${e.task.name}]`, s.columns)}\n`);
        break;
      case 'host_task_result':
        this.write(this.resultLines(e));
        break;
      case 'host_task_retry':
        this.write(paint(s, 'red', `FAILED - RETRYING: [${e.host}]: ${e.task.name} (${e.retriesLeft} retries left).`) + '\n');
        break;
      case 'included':
        this.write(paint(s, 'cyan', `included: ${e.file} for ${e.hosts.join(', ')}${e.item !== undefined ? ` => (item=${e.item})` : ''}`) + '\n');
        break;
      case 'no_more_hosts':
        this.write(paint(s, 'red', '\nNO MORE HOSTS LEFT ' + '*'.repeat(Math.max(3, s.columns - 20))) + '\n');
        break;
      case 'warning':
        this.write(paint(s, 'magenta', `[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}`) + '\n');
        break;
      case 'run_end':
        if (e.interrupted) this.write(paint(s, 'red', '\n[ERROR]: User interrupted execution') + '\n');
        if (this.opts.recap !== false) this.write(recap(e.stats, s));
        break;
      default:
        break;
    }
  }

  private resultLines(e: Extract<EngineEvent, { type: 'host_task_result' }>): string {
    const s = this.style;
    const v = this.opts.verbosity;
    const r = e.result;
    const item = e.item !== undefined ? ` => (item=${e.item})` : '';
    // a loop's items were each shown; Ansible adds a line for the whole loop only when it failed
    if (e.loop && e.item === undefined && e.status !== 'failed' && e.status !== 'unreachable') return '';
    let out = '';
    if (this.opts.diff && r.diff && (e.status === 'changed' || r.changed)) out += renderDiffs(r.diff, s);
    for (const w of (r.warnings as string[] | undefined) ?? []) out += paint(s, 'magenta', `[WARNING]: ${w}`) + '\n';
    const colour = statusColour(e.status);
    const host = e.host;
    let line: string;
    switch (e.status) {
      case 'failed': {
        const body = pyJson(visible(r, v));
        line = e.item !== undefined ? `failed: [${host}] (item=${e.item}) => ${body}` : `fatal: [${host}]: FAILED! => ${body}`;
        if (e.ignored && !e.rescued) line += '\n...ignoring';
        break;
      }
      case 'unreachable':
        line = `fatal: [${host}]: UNREACHABLE! => ${pyJson(visible(r, v))}`;
        if (e.ignored) line += '\n...ignoring';
        break;
      case 'skipped':
        line = `skipping: [${host}]${item}`;
        if (v > 0 && r.skip_reason) line += ` => ${pyJson({ skip_reason: r.skip_reason, changed: false })}`;
        break;
      default: {
        line = `${e.status === 'changed' ? 'changed' : 'ok'}: [${host}]${item}`;
        const debugLike = e.task.module === 'debug' || e.task.module === 'ansible.builtin.debug';
        if (debugLike) line += ` => ${pyJson(debugBody(r), 4)}`;
        else if (v > 0) line += ` => ${pyJson(visible(r, v), v > 1 ? 4 : 0)}`;
      }
    }
    return out + paint(s, colour, line) + '\n';
  }

  async finish(): Promise<void> {}
}

/** debug prints only its message or variable (plus changed false under -v). */
function debugBody(r: ModuleResult): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(r)) {
    if (k === 'changed' || k === 'failed' || k === 'warnings' || k === '_ansible_verbose_always') continue;
    out[k] = val;
  }
  return out;
}
