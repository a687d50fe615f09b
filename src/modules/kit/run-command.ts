/**
 * The work of command and shell, action modules (modules/types.ts): one round trip that checks
 * creates/removes and runs the command, and the Ansible result built from it (script's too). In
 * check mode the command never runs: with creates/removes their paths are checked, without them
 * Ansible cannot tell what it would do and the task is skipped.
 */
import { z } from 'zod';
import type { CannotTell, ModuleContext, ModuleResult, Outcome } from '../types.js';
import { boolish, shellString, stringish } from './args.js';
import { ModuleFailure } from '../../util/errors.js';
import { buildRunScript, newNonce, parseRunOutput, type RunOutcome } from './run-script.js';
import { nowMs, pyDatetime, pyTimedelta, stripEnds, withLines } from './run-result.js';

export interface RunSpec {
  /** Shell text that is exec'd (already quoted). */
  command: string;
  /** What the result reports as `cmd` (argv list for command, the string for shell). */
  cmd: string[] | string;
  chdir?: string;
  creates?: string;
  removes?: string;
  stdin?: string;
  stdinAddNewline: boolean;
  stripEmptyEnds: boolean;
}

/** The arguments command and shell share (Ansible's names), as zod fields of their schemas. */
export const runOptionFields = {
  chdir: stringish.optional(),
  creates: stringish.optional(),
  removes: stringish.optional(),
  stdin: stringish.optional(),
  stdin_add_newline: boolish.default(true),
  strip_empty_ends: boolish.default(true),
};

type RunOptionArgs = z.infer<z.ZodObject<typeof runOptionFields>>;

/** Those arguments as the RunSpec fields runCommand takes. */
export function runOptions(a: RunOptionArgs): Omit<RunSpec, 'command' | 'cmd'> {
  return {
    chdir: a.chdir,
    creates: a.creates,
    removes: a.removes,
    stdin: a.stdin,
    stdinAddNewline: a.stdin_add_newline,
    stripEmptyEnds: a.strip_empty_ends,
  };
}

/** The result of a task that did not run its command because of creates/removes. */
export function skippedResult(outcome: 'creates' | 'removes', spec: RunSpec, check: boolean): ModuleResult {
  const verb = check ? 'Would' : 'Did';
  const path = outcome === 'creates' ? spec.creates : spec.removes;
  const why = outcome === 'creates' ? `since '${path}' exists` : `since '${path}' does not exist`;
  return withLines({
    changed: false,
    cmd: spec.cmd,
    rc: 0,
    stdout: outcome === 'creates' ? `skipped, since ${path} exists` : `skipped, since ${path} does not exist`,
    stderr: '',
    start: null,
    end: null,
    delta: null,
    msg: `${verb} not run command ${why}`,
  });
}

/**
 * Ansible's failure before anything runs (no command given; both a command and argv): rc 256 and
 * the keys command promises always (modules/command.py), its message as the module's.
 */
export function notRunFailure(msg: string): ModuleFailure {
  return new ModuleFailure(msg, withLines({ changed: false, stdout: '', stderr: '', rc: 256, cmd: null, start: null, end: null, delta: null, msg, failed: true }));
}

/** Result of a command that ran (failed when rc != 0, as Ansible). */
export function ranResult(spec: RunSpec, r: { rc: number; stdout: string; stderr: string }, startMs: number, endMs: number): ModuleResult {
  const stdout = spec.stripEmptyEnds ? stripEnds(r.stdout) : r.stdout;
  const stderr = spec.stripEmptyEnds ? stripEnds(r.stderr) : r.stderr;
  const res: ModuleResult = withLines({
    changed: true,
    cmd: spec.cmd,
    rc: r.rc,
    stdout,
    stderr,
    start: pyDatetime(startMs),
    end: pyDatetime(endMs),
    delta: pyTimedelta(endMs - startMs),
    msg: '',
  });
  if (r.rc !== 0) {
    res.failed = true;
    res.msg = 'non-zero return code';
  }
  return res;
}

function stdinOf(spec: RunSpec): string | undefined {
  if (spec.stdin === undefined) return undefined;
  return spec.stdinAddNewline ? spec.stdin + '\n' : spec.stdin;
}

function unexpected(outcome: RunOutcome | undefined, r: { rc: number; stderr: string }, spec: RunSpec): ModuleFailure {
  if (outcome === 'chdir') {
    return new ModuleFailure(`Unable to change directory before execution: ${r.stderr.trim() || spec.chdir}`, {
      failed: true, rc: r.rc, cmd: spec.cmd, stderr: r.stderr,
    });
  }
  return new ModuleFailure(`the command wrapper did not start (rc ${r.rc}): ${r.stderr.trim()}`, { failed: true, rc: r.rc, cmd: spec.cmd });
}

/** Run the command, unless creates/removes say it is done already. */
export async function runCommand(spec: RunSpec, ctx: ModuleContext): Promise<Outcome> {
  const nonce = newNonce();
  const start = nowMs();
  const r = await ctx.exec(buildRunScript(nonce, spec), { stdin: stdinOf(spec) });
  const end = nowMs();
  const { outcome, stdout } = parseRunOutput(nonce, r.stdout);
  if (outcome === 'creates' || outcome === 'removes') return { changed: false, result: skippedResult(outcome, spec, false) };
  if (outcome !== 'run') throw unexpected(outcome, r, spec);
  const result = ranResult(spec, { rc: r.rc, stdout, stderr: r.stderr }, start, end);
  if (result.failed) throw new ModuleFailure(String(result.msg), result);
  return { changed: true, result };
}

/** Check mode: creates/removes checked without running anything; without them, the task is skipped. */
export async function checkCommand(spec: RunSpec, ctx: ModuleContext): Promise<Outcome | CannotTell> {
  const wouldRun = 'Command would have run if not in check mode';
  if (spec.creates === undefined && spec.removes === undefined) return { skipInCheckMode: true, msg: wouldRun };
  const nonce = newNonce();
  const r = await ctx.exec(buildRunScript(nonce, { ...spec, check: true }));
  const { outcome } = parseRunOutput(nonce, r.stdout);
  if (outcome === 'creates' || outcome === 'removes') return { changed: false, result: skippedResult(outcome, spec, true) };
  if (outcome !== 'would-run') throw unexpected(outcome, r, spec);
  return { changed: true, result: { changed: true, cmd: spec.cmd, rc: 0, msg: wouldRun } };
}

/** command and shell as action modules: `spec` says what runs for the arguments. */
export function commandAction<A>(spec: (args: A) => RunSpec) {
  return {
    run: (args: A, ctx: ModuleContext) => runCommand(spec(args), ctx),
    check: (args: A, ctx: ModuleContext) => checkCommand(spec(args), ctx),
  };
}
