/**
 * Ad-hoc output (machinist run / ping), as `ansible PATTERN -m MODULE` prints it:
 *   h1 | CHANGED | rc=0 >>
 *   <stdout>
 *   h2 | SUCCESS => { "ping": "pong" }
 *   h3 | UNREACHABLE! => { ... }
 */
import type { EngineEvent } from '../engine/events.js';
import { pyJson } from './pyjson.js';
import { paint, statusColour, styleFor, type Style } from './style.js';
import type { View, ViewOptions } from './view.js';

const COMMANDS = new Set(['command', 'shell', 'raw', 'script']);

export class AdhocView implements View {
  private readonly style: Style;

  constructor(private readonly opts: ViewOptions) {
    this.style = styleFor(opts.out);
  }

  handle(e: EngineEvent): void {
    if (e.type === 'warning') {
      this.opts.err.write(paint(this.style, 'magenta', `[WARNING]: ${e.host ? `[${e.host}] ` : ''}${e.message}`) + '\n');
      return;
    }
    if (e.type !== 'host_task_result' || e.item !== undefined || e.task.module === 'gather_facts') return;
    const r = e.result;
    const label =
      e.status === 'unreachable' ? 'UNREACHABLE!' : e.status === 'failed' ? 'FAILED' : e.status === 'changed' ? 'CHANGED' : e.status === 'skipped' ? 'SKIPPED' : 'SUCCESS';
    let text: string;
    if (COMMANDS.has(e.task.module) && e.status !== 'unreachable' && r.rc !== undefined) {
      const body = [r.stdout, r.stderr].filter((x) => typeof x === 'string' && x !== '').join('\n');
      text = `${e.host} | ${label} | rc=${r.rc} >>\n${body}${r.msg && e.status === 'failed' ? `${body ? '\n' : ''}${r.msg}` : ''}`;
    } else {
      const shown = { ...r };
      delete shown.warnings;
      text = `${e.host} | ${label} => ${pyJson(shown, 4)}`;
    }
    this.opts.out.write(paint(this.style, statusColour(e.status), text) + '\n');
  }

  async finish(): Promise<void> {}
}
