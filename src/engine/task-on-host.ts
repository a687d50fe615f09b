/**
 * One task on one host: `when` (per item inside loops), loop with loop_control, keywords rendered
 * with the host's variables (become, environment, check_mode, no_log, delegate_to, and before the
 * module runs the ones that shape the outcome: ignore_errors, ignore_unreachable, notify), the module
 * call, changed_when/failed_when and until/retries/delay. Items are reported as they finish.
 */
import * as path from 'node:path';
import type { ModuleDef, ModuleResult } from '../modules/types.js';
import type { Task } from '../playbook/types.js';
import { pyStr } from '../py/repr.js';
import { dynamicArgs, loadVarsFile } from '../playbook/index.js';
import { renderValue } from '../template/index.js';
import type { Connection } from '../transport/types.js';
import { UnreachableError } from '../util/errors.js';
import { resolveBecome, type BecomeLayer } from './become.js';
import { connectionFor, connectionSecrets, delegatedConnection, lazyConnection } from './connect.js';
import { inherited, kwBool, sleep, type PlayCtx, type Scope } from './context.js';
import { INTERRUPTED, outcomeKeywords, type OutcomeKeywords } from './host-outcome.js';
import { inventoryChanges, inventoryVars, taskVars } from './host-vars.js';
import { aggregateLoop, itemsUnlessSkipped, loopInfo, loopVarName, taskLoopItems } from './loop.js';
import { asyncSpec, callAsync } from './async-task.js';
import { callModule, failedResult, isAbort, resolveModule, type CallInput } from './module-call.js';
import { applyConditions, check as holdsCondition, conditionSkip } from './results.js';
import { unprefixFacts, type Vars } from './vars.js';

export interface ItemReport {
  label: string;
  result: ModuleResult;
  durationMs: number;
}

export interface HostRun {
  /** The task's result (a loop's aggregate), unmasked: what `register` stores. */
  result: ModuleResult;
  /** Per-item results of a loop, in order. */
  items?: ModuleResult[];
  /** The task ran with no_log. */
  noLog: boolean;
  /** Values of the module's secretArgs (masked in output). */
  secrets: string[];
  /**
   * ignore_errors, ignore_unreachable and notify as rendered before the module ran (in a loop: for
   * the last item that ran), or after a failure that came first; none when the task was skipped.
   */
  keywords?: OutcomeKeywords;
  /** The module a templated name (`action: "{{ name }}"`) resolved to when the task ran. */
  action?: string;
}

/** One task on one host: what every step needs. */
interface HostJob {
  pc: PlayCtx;
  host: string;
  task: Task;
  scope: Scope;
  /** The task's module, looked up once per task (or why it could not be). */
  module: ModuleDef | string;
  /** Values of the module's secretArgs and this host's passwords (masked in output). */
  secrets: string[];
  onRetry(result: ModuleResult, attempt: number, retriesLeft: number): void;
  /** The module a templated name resolved to (set when it ran). */
  action?: string;
}

function whenList(task: Task, scope: Scope): string[] {
  return [...scope.when, ...(task.when ?? [])];
}

/** The first false condition, or undefined when all hold. Throws TemplateError. */
function falseCondition(conds: string[], vars: Vars): string | undefined {
  for (const c of conds) if (!holdsCondition(c, vars)) return c;
  return undefined;
}

function becomeLayers(task: Task, scope: Scope, vars: Vars): BecomeLayer[] {
  const nodes = [task, ...[...scope.chain].reverse()];
  return nodes.map((n) => ({
    become: n.become === undefined ? undefined : kwBool(n.become, vars),
    becomeUser: n.becomeUser === undefined ? undefined : String(renderValue(n.becomeUser, vars)),
  }));
}

function environmentOf(task: Task, scope: Scope, vars: Vars): Record<string, string> | undefined {
  let env: Record<string, string> | undefined;
  for (const n of [...scope.chain, task]) {
    if (n.environment === undefined) continue;
    const r = renderValue(n.environment, vars);
    if (r === null || r === undefined || r === '') continue;
    if (typeof r !== 'object' || Array.isArray(r)) throw new Error(`environment must be a mapping, got ${pyStr(r)}`);
    env ??= {};
    for (const [k, v] of Object.entries(r as Record<string, unknown>)) env[k] = v === null || v === undefined ? '' : pyStr(v);
  }
  return env;
}

function secretValues(def: ModuleDef | string, task: Task, vars: Vars): string[] {
  if (typeof def === 'string' || !def.secretArgs?.length) return [];
  const out: string[] = [];
  for (const k of def.secretArgs) {
    if (task.args[k] === undefined) continue;
    try {
      const v = renderValue(task.args[k], vars);
      if (v !== undefined && v !== null && v !== '') out.push(typeof v === 'string' ? v : JSON.stringify(v));
    } catch {
      /* the call itself reports the template problem */
    }
  }
  return out;
}

/**
 * `action: "{{ name }} ..."`: the module named by the rendered name, its arguments parsed for it (as
 * Ansible's post_validate, once the task's conditions hold); the job unchanged for a known module.
 */
function withModule(job: HostJob, vars: Vars): HostJob {
  const { task } = job;
  if (!task.dynamicModule || task.loadError !== undefined) return job;
  const name = renderValue(task.module, vars);
  const def = resolveModule(typeof name === 'string' ? name.trim() : pyStr(name));
  if (typeof def === 'string') return { ...job, module: def };
  let args: Record<string, unknown>;
  try {
    args = dynamicArgs(def, task.args, task.dynamicModule.text);
  } catch (e) {
    return { ...job, module: `module '${def.name}': ${(e as Error).message}` };
  }
  const resolved: Task = { ...task, module: def.name, args };
  delete resolved.dynamicModule;
  for (const v of secretValues(def, resolved, vars)) if (!job.secrets.includes(v)) job.secrets.push(v);
  job.action = def.name;
  return { ...job, task: resolved, module: def };
}

/** Run the task once (one item) with until/retries; returns the final result. */
async function runAttempts(hostJob: HostJob, taskVarsIn: Vars): Promise<ModuleResult> {
  const job = withModule(hostJob, taskVarsIn);
  const { pc, host, task, scope, module: def, secrets } = job;
  const run = pc.run;
  const check = kwBool(inherited(task, scope, 'checkMode'), taskVarsIn) ?? run.opts.check;
  const diff = kwBool(inherited(task, scope, 'diff'), taskVarsIn) ?? run.opts.diff;
  // check_mode: and diff: on the task change what the task itself sees as ansible_check_mode and ansible_diff_mode
  let vars = check === run.opts.check && diff === run.opts.diff ? taskVarsIn : { ...taskVarsIn, ansible_check_mode: check, ansible_diff_mode: diff };
  const becomeVars = renderBecomeVars(vars);
  const become = resolveBecome({ layers: becomeLayers(task, scope, vars), vars: becomeVars, cli: run.opts });
  const env = environmentOf(task, scope, vars);
  const target = task.delegateTo !== undefined ? String(renderValue(task.delegateTo, vars)) : undefined;
  // as Ansible: a delegated task sees the delegated host's variables under ansible_delegated_vars
  if (target !== undefined) vars = { ...vars, ansible_delegated_vars: { [target]: { ...inventoryVars(pc, target), inventory_hostname: target } } };
  const reach = () => (target !== undefined ? delegatedConnection(pc, target, vars) : connectionFor(pc, host, withRemoteUser(task, scope, vars)));
  const onHost = typeof def !== 'string' && def.runsOn !== 'controller';
  const conn: Connection = onHost ? reach().conn : lazyConnection(host, () => reach().conn);
  // passwords of this host are masked wherever they might surface in a result
  for (const pw of [become?.password, becomeVars.ansible_become_password, becomeVars.ansible_become_pass, ...connectionSecrets(vars), run.opts.conn.password]) {
    if (typeof pw === 'string' && pw.length >= 2 && !secrets.includes(pw)) secrets.push(pw);
  }
  if (onHost) await conn.connect();
  const searchDirs = [task.roleDir, task.dir, pc.book.dir].filter((d): d is string => !!d).map((d) => path.resolve(d));

  const untilConds = task.until?.length ? task.until : undefined;
  // as Ansible 2.14's task executor: with until, retries + 1 runs (retries 3 when unset; one run, until
  // never checked, when retries <= 0)
  const runs = untilConds ? ((r) => (r <= 0 ? 1 : r + 1))(task.retries ?? 3) : 1;
  const delayMs = Math.max(0, task.delay ?? 5) * 1000;
  const spec = asyncSpec(task, vars);
  let result: ModuleResult = {};
  for (let attempt = 1; attempt <= runs; attempt++) {
    const inp: CallInput = {
      host, module: def, args: task.args, vars, conn, become, env, check, diff, signal: run.signal, searchDirs,
      controller: { ...(task.roleDir ? { roleDir: path.resolve(task.roleDir) } : {}), taskDir: path.resolve(task.dir), readVarsFile: (f) => loadVarsFile(f), ...inventoryChanges(pc, host) },
    };
    result = spec ? await callAsync(run, inp, spec) : await callModule(inp);
    // attempts is there before changed_when/failed_when, which may use it
    if (untilConds) result.attempts = attempt;
    applyConditions(result, vars, task.register, task.changedWhen, task.failedWhen);
    if (!untilConds || runs === 1) break;
    const scopeVars = task.register ? { ...vars, [task.register]: result } : vars;
    if (untilConds.every((c) => holdsCondition(c, scopeVars))) break;
    if (attempt < runs) {
      job.onRetry(result, attempt, runs - attempt);
      await sleep(delayMs, run.signal);
      if (run.signal.aborted) return failedResult(INTERRUPTED);
    } else {
      // out of attempts: Ansible reports `attempts` as the retries count here (one less than the runs)
      result.attempts = runs - 1;
      result.failed = true;
    }
  }
  return result;
}

/** ansible_become* variables rendered (they may be templates, e.g. from a vault-like var). */
function renderBecomeVars(vars: Vars): Vars {
  const out: Vars = {};
  for (const k of ['ansible_become', 'ansible_become_user', 'ansible_become_password', 'ansible_become_pass']) {
    if (vars[k] !== undefined) out[k] = renderValue(vars[k], vars);
  }
  return out;
}

/**
 * Facts an item returned are seen by the next items, as Ansible's task executor updates the loop's
 * variables: set_fact's and include_vars' as variables, other modules' also under ansible_facts.
 */
function carryFacts(carried: Vars, def: ModuleDef | string, r: ModuleResult): void {
  const facts = r.ansible_facts;
  if (typeof def === 'string' || def.name === 'debug' || !facts || typeof facts !== 'object' || r.failed === true || r.skipped === true) return;
  Object.assign(carried, facts);
  if (def.name === 'set_fact' || def.name === 'include_vars') return;
  carried.ansible_facts = { ...(carried.ansible_facts as Vars | undefined), ...unprefixFacts(facts) };
}

/** An item's variables with the facts earlier items returned; the loop variables stay the item's own. */
function withCarried(vars: Vars, carried: Vars, loopVars: Vars): Vars {
  if (!Object.keys(carried).length) return vars;
  const facts = carried.ansible_facts ? { ansible_facts: { ...(vars.ansible_facts as Vars | undefined), ...(carried.ansible_facts as Vars) } } : {};
  return { ...vars, ...carried, ...facts, ...loopVars };
}

/** remote_user: the ssh user when the host's variables name none (ansible_user wins over the keyword, as Ansible's play context). */
function withRemoteUser(task: Task, scope: Scope, vars: Vars): Vars {
  const ru = inherited(task, scope, 'remoteUser');
  if (ru === undefined || vars.ansible_user !== undefined || vars.ansible_ssh_user !== undefined) return vars;
  return { ...vars, ansible_user: String(renderValue(ru, vars)) };
}

/** Turn an exception into a result: unreachable, interrupted, or a failure. */
function errorResult(e: unknown, pc: PlayCtx): ModuleResult {
  if (e instanceof UnreachableError) return { unreachable: true, changed: false, msg: e.message };
  if (isAbort(e, pc.run.signal)) return failedResult(INTERRUPTED);
  return failedResult((e as Error)?.message ?? String(e));
}

export interface HostTaskHooks {
  item(report: ItemReport, noLog: boolean, secrets: string[]): void;
  retry(result: ModuleResult, attempt: number, retriesLeft: number, noLog: boolean, secrets: string[]): void;
}

/**
 * The loop's items; as Ansible, a loop that names an undefined variable first asks `when` (without
 * an item): a false condition skips the task, else the loop's error is raised.
 */
function loopOrSkip(task: Task, conds: string[], vars: Vars): unknown[] | ModuleResult {
  let f: string | undefined;
  const items = itemsUnlessSkipped(task, vars, () => (f = falseCondition(conds, vars)) !== undefined);
  return items ?? conditionSkip(f!);
}

/** Run `task` (whose module is `module`) on `host`; never throws. */
export async function runHostTask(pc: PlayCtx, host: string, task: Task, scope: Scope, module: ModuleDef | string, hooks: HostTaskHooks): Promise<HostRun> {
  const baseVars = taskVars(pc, host, scope, task.vars, undefined, task);
  let noLog = false;
  const job: HostJob = { pc, host, task, scope, module, secrets: [], onRetry: (r, a, left) => hooks.retry(r, a, left, noLog, job.secrets) };
  let keywords: OutcomeKeywords | undefined;
  const done = (result: ModuleResult, items?: ModuleResult[]): HostRun => {
    // a failure before the keywords were rendered (when, loop, no_log) is still ignored or not as they say
    if (!keywords && (result.failed === true || result.unreachable === true)) keywords = outcomeKeywords(task, scope, baseVars);
    return { result, ...(items ? { items } : {}), noLog, secrets: job.secrets, ...(keywords ? { keywords } : {}), ...(job.action ? { action: job.action } : {}) };
  };
  try {
    noLog = kwBool(inherited(task, scope, 'noLog'), baseVars) ?? false;
    job.secrets = secretValues(module, task, baseVars);
    const conds = whenList(task, scope);
    if (task.loop === undefined) {
      const f = falseCondition(conds, baseVars);
      if (f !== undefined) return done(conditionSkip(f));
      keywords = outcomeKeywords(task, scope, baseVars);
      if (keywords.error) return done(failedResult(keywords.error));
      return done(await runAttempts(job, baseVars));
    }
    const items = loopOrSkip(task, conds, baseVars);
    if (!Array.isArray(items)) return done(items);
    const lc = task.loopControl ?? { loopVar: 'item' };
    const loopVar = loopVarName(lc.loopVar, baseVars);
    const extended = kwBool(lc.extended, baseVars) === true;
    const allitems = kwBool(lc.extendedAllitems, baseVars) !== false;
    const results: ModuleResult[] = [];
    const carried: Vars = {};
    for (let i = 0; i < items.length; i++) {
      if (pc.run.signal.aborted) {
        results.push(failedResult(INTERRUPTED));
        break;
      }
      if (i > 0 && lc.pause) await sleep(lc.pause * 1000, pc.run.signal);
      if (pc.run.signal.aborted) {
        results.push(failedResult(INTERRUPTED));
        break;
      }
      const loopVars: Vars = { [loopVar]: items[i], ansible_loop_var: loopVar, ansible_loop: loopInfo(items, i, allitems) };
      if (lc.indexVar) Object.assign(loopVars, { [lc.indexVar]: i, ansible_index_var: lc.indexVar });
      const vars = withCarried(taskVars(pc, host, scope, task.vars, loopVars, task), carried, loopVars);
      const started = Date.now();
      let r: ModuleResult;
      let label: string;
      try {
        label = lc.label !== undefined ? pyStr(renderValue(lc.label, vars)) : pyStr(items[i]);
        const f = falseCondition(conds, vars);
        if (f !== undefined) r = conditionSkip(f);
        else {
          keywords = outcomeKeywords(task, scope, vars);
          // as Ansible's post_validate inside its item loop: the whole task fails, no item result
          if (keywords.error) return done(failedResult(keywords.error));
          r = await runAttempts(job, vars);
        }
      } catch (e) {
        label ??= pyStr(items[i]);
        r = errorResult(e, pc);
      }
      Object.assign(r, { [loopVar]: items[i], ansible_loop_var: loopVar });
      if (extended) r.ansible_loop = loopVars.ansible_loop;
      if (lc.indexVar) Object.assign(r, { [lc.indexVar]: i, ansible_index_var: lc.indexVar });
      if (lc.label !== undefined) r._ansible_item_label = label;
      results.push(r);
      carryFacts(carried, job.action ? resolveModule(job.action) : module, r);
      hooks.item({ label, result: r, durationMs: Date.now() - started }, noLog, job.secrets);
      if (r.unreachable === true) return done({ ...aggregateLoop(results), unreachable: true, msg: r.msg }, results);
    }
    return done(aggregateLoop(results), results);
  } catch (e) {
    return done(errorResult(e, pc));
  }
}
