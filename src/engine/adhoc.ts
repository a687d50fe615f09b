/**
 * runAdhoc: one module on every host the pattern (and --limit) selects, as `ansible PATTERN -m M -a
 * ARGS`: a one-task play without fact gathering, with the same events and recap (runOneTask, which
 * the machines sweep also runs on). The targeted hosts' connection settings are checked first
 * (checkConnections).
 */
import * as path from 'node:path';
import { selectHosts } from '../inventory/index.js';
import { getModule } from '../modules/registry.js';
import { argsFromText } from '../playbook/index.js';
import { validateArgs } from '../playbook/validate-args.js';
import type { Play, Playbook, Task } from '../playbook/types.js';
import { OptionsError } from '../util/errors.js';
import { checkConnections } from './connect.js';
import type { AdhocOptions, RunOptions, RunSummary } from './options.js';
import { runPlay } from './play.js';
import { createRunCtx, execute } from './run.js';

/**
 * `-a` as Ansible's ad-hoc reads it: text in braces that is a JSON object is the arguments, anything
 * else (bad JSON included) is the text a playbook task would give (free form for command-like
 * modules, key=value for the others). Checked against the module's arguments before any host is
 * contacted, as a playbook's are: a wrong argument is bad input (exit 5), not a failure per host.
 */
export function adhocArgs(module: string, args: string | Record<string, unknown>): Record<string, unknown> {
  const def = getModule(module);
  if (!def) throw new OptionsError(`unknown module '${module}'`);
  let written: Record<string, unknown>;
  if (typeof args !== 'string') written = args;
  else {
    const json = jsonObject(args);
    try {
      // the same rules as a playbook's string arguments: `-a "chdir=/tmp ls"` sets chdir
      written = json ?? argsFromText(def, args);
    } catch (e) {
      throw new OptionsError(`-a: ${(e as Error).message}`);
    }
  }
  const problems = validateArgs(def, written);
  if (problems.length) throw new OptionsError(problems.map((p) => `-a: ${p.message}${p.hint ? ` (${p.hint})` : ''}`).join('\n'));
  return written;
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  const t = text.trim();
  if (!t.startsWith('{') || !t.endsWith('}')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not JSON: key=value text, as Ansible falls back to
  }
}

export async function runAdhoc(opts: AdhocOptions): Promise<RunSummary> {
  const args = adhocArgs(opts.module, opts.args);
  const { hosts } = selectHosts(opts.inventory, opts.pattern, opts.limit);
  checkConnections(opts.inventory, hosts.map((host) => ({ host, over: opts.extraVars })), opts.conn);
  return runOneTask(opts, 'Ansible Ad-Hoc', opts.pattern, { module: opts.module, args });
}

/** One task as a play of its own on `pattern`, without fact gathering: the run's events, its recap numbers. */
export async function runOneTask(
  opts: Omit<RunOptions, 'playbooks' | 'tags' | 'skipTags'>,
  name: string,
  pattern: string,
  call: { module: string; args: Record<string, unknown> },
): Promise<RunSummary> {
  const dir = process.cwd();
  const loc = { file: '<adhoc>', line: 1, col: 1 };
  const task: Task = { kind: 'task', module: call.module, args: call.args, loc, dir, tags: [], notify: [], listen: [] };
  const play: Play = {
    name, hosts: pattern, loc, dir, tags: [], varsFiles: [], gatherFacts: false, serial: [], order: 'inventory',
    preTasks: [], tasks: [task], postTasks: [], handlers: [],
  };
  const book: Playbook = { file: path.join(dir, '<adhoc>'), dir, plays: [play] };
  const run = createRunCtx({ ...opts, playbooks: [book], tags: [], skipTags: [] }, new Map());
  return execute(run, [], async () => {
    await runPlay(run, book, play);
  });
}
