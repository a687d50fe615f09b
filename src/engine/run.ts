/**
 * runPlaybooks: every play of every playbook in order, one connection per host for the whole run
 * (closed at the end, also on errors and interrupts), events out, recap numbers back. Host problems
 * never throw; only bad input found before any host is contacted (or an internal bug) does.
 */
import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import { groupsVar, loadVarsDirs, selectHosts, type VarsDirs } from '../inventory/index.js';
import { ValidationError, ValidationErrors } from '../util/errors.js';
import { checkedPlayPattern, playPattern, serialBatches } from './batches.js';
import { expandRoles } from './roles.js';
import type { Playbook } from '../playbook/types.js';
import { ConnectionPool } from '../transport/index.js';
import { settleJobs } from './async-task.js';
import { checkConnections, playTargets } from './connect.js';
import type { RunCtx } from './context.js';
import type { EngineEvent } from './events.js';
import { Limiter } from './limiter.js';
import { maskVaultValues, secretStrings } from './no-log.js';
import type { RunOptions, RunSummary } from './options.js';
import { runPlay } from './play.js';
import { checkStartAt, startAtNotReached } from './start-at.js';
import { Stats } from './stats.js';
import { checkVarsFiles } from './vars-files.js';
import type { Vars } from './vars.js';

export function createRunCtx(opts: RunOptions, varsDirs: Map<string, VarsDirs>): RunCtx {
  let seq = 0;
  // every running command listens on the run's signal: as many at once as there are forks (and more)
  setMaxListeners(0, opts.signal);
  const emit = (e: EngineEvent) => {
    try {
      opts.emit(maskVaultValues(e));
    } catch {
      // a view that throws must not break the run (nor leave hosts half-done)
    }
  };
  return {
    opts,
    inv: opts.inventory,
    pool: new ConnectionPool(opts.conn),
    stats: new Stats(),
    limiter: new Limiter(Math.max(1, Math.floor(opts.forks || 5))),
    emit,
    signal: opts.signal,
    facts: new Map(),
    hostScope: new Map(),
    includedVars: new Map(),
    failed: new Set(),
    unreachable: new Set(),
    gathered: new Set(),
    groups: groupsVar(opts.inventory),
    startAtPending: !!opts.startAtTask,
    tasksRun: 0,
    secrets: secretStrings([opts.becomePassword, opts.conn.password]),
    varsDirs,
    nextId: (prefix) => `${prefix}-${++seq}`,
  };
}

/** Playbook-side group_vars/host_vars, loaded (and validated) before any host is contacted. */
async function loadPlaybookVarsDirs(opts: RunOptions): Promise<Map<string, VarsDirs>> {
  const out = new Map<string, VarsDirs>();
  for (const book of opts.playbooks) {
    const dir = book.dir || path.dirname(book.file);
    if (!out.has(book.dir)) out.set(book.dir, await loadVarsDirs(dir));
  }
  return out;
}

/**
 * Before any host is contacted: every play's host pattern must render and parse, and its serial
 * values must be numbers or percentages. Problems are thrown as ValidationErrors (all at once). An
 * undefined variable in `hosts:` is one of them, as in ansible-playbook ("The field 'hosts' has an
 * invalid value, which includes an undefined variable", exit 4): the pattern is rendered without
 * any host's variables (playPattern), so nothing the run sets later could define it.
 */
export function checkPlays(opts: RunOptions): void {
  const errors: ValidationError[] = [];
  const groups = groupsVar(opts.inventory);
  for (const book of opts.playbooks) {
    for (const play of book.plays) {
      const what = `play ${JSON.stringify(play.name ?? play.hosts)}`;
      let pattern: string;
      try {
        pattern = checkedPlayPattern(play, opts.extraVars, groups);
      } catch (e) {
        errors.push(e as ValidationError);
        continue;
      }
      try {
        const { hosts } = selectHosts(opts.inventory, pattern, opts.limit);
        serialBatches(hosts, play.serial);
      } catch (e) {
        errors.push(new ValidationError(`${what}: ${(e as Error).message}`, play.loc));
      }
    }
  }
  errors.push(...checkVarsFiles(opts, (play) => selectHosts(opts.inventory, playPattern(play, opts.extraVars, groups), opts.limit).hosts));
  if (errors.length) throw new ValidationErrors(errors);
}

export async function runPlaybooks(input: RunOptions): Promise<RunSummary> {
  checkPlays(input);
  const opts: RunOptions = { ...input, playbooks: await expandAllRoles(input.playbooks, input.extraVars ?? {}) };
  checkStartAt(opts);
  const varsDirs = await loadPlaybookVarsDirs(opts);
  checkConnections(opts.inventory, playTargets(opts, varsDirs), opts.conn);
  const run = createRunCtx(opts, varsDirs);
  return execute(run, opts.playbooks.map((b) => b.file), async () => {
    outer: for (const book of opts.playbooks) {
      for (const play of book.plays) {
        if (run.signal.aborted) break outer;
        const { stopRun, failedBreak } = await runPlay(run, book, play);
        if (failedBreak) run.failedBreak = true;
        if (stopRun) break outer;
      }
    }
    if (run.startAtPending && !run.signal.aborted) run.emit({ type: 'warning', message: startAtNotReached(opts.startAtTask ?? '') });
  });
}

/** Roles expanded where they are not yet: the CLI expands them right after loading (--syntax-check and --list-tasks show them); other callers pass playbooks as loaded. */
async function expandAllRoles(books: Playbook[], extraVars: Vars): Promise<Playbook[]> {
  const errors: ValidationError[] = [];
  const out: Playbook[] = [];
  for (const b of books) {
    try {
      out.push(await expandRoles(b, extraVars));
    } catch (e) {
      if (e instanceof ValidationErrors) errors.push(...e.errors);
      else throw e;
    }
  }
  if (errors.length) throw new ValidationErrors(errors);
  return out;
}

/** The frame around a run: run_start, the body, closing every connection, run_end. */
export async function execute(run: RunCtx, files: string[], body: () => Promise<void>): Promise<RunSummary> {
  const started = Date.now();
  run.emit({ type: 'run_start', playbooks: files, check: run.opts.check });
  try {
    await body();
  } finally {
    await settleJobs(run);
    await run.pool.closeAll();
  }
  const interrupted = run.signal.aborted;
  const stats = run.stats.snapshot();
  run.emit({ type: 'run_end', stats, interrupted, durationMs: Date.now() - started });
  return { stats, interrupted, failedBreak: run.failedBreak, failedHosts: [...run.failed] };
}
