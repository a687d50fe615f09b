/**
 * include_tasks and include_role, as Ansible's linear strategy runs them: the include is evaluated on
 * every host first (its `when` per host, or per item with a loop); hosts reaching the same file with
 * the same loop item share one include (Ansible's IncludedFile: file, item, index, label and, with
 * loop_control.extended, ansible_loop); every include is loaded before any included task runs, then
 * each runs in turn on its hosts. An include_tasks counts ok once per host it is loaded for and is
 * shown as `included: FILE for HOSTS`; an include_role counts nothing and shows no line. A skipped
 * include counts skipped (a loop: when no item ran).
 */
import * as path from 'node:path';
import type { ModuleResult } from '../modules/types.js';
import { loadTaskFile } from '../playbook/index.js';
import type { IncludeTasks, RoleRef, Task, TaskNode } from '../playbook/types.js';
import { pyStr } from '../py/repr.js';
import { evaluateCondition, renderValue } from '../template/index.js';
import type { TaskInfo } from './events.js';
import { inherited, isActive, kwBool, stopped, taskInfo, taskName, type PlayCtx, type Scope } from './context.js';
import { playLevelVars, setHostVars, taskVars } from './host-vars.js';
import { includeProblem, varsKey, type IncludeLevel } from './include-cycle.js';
import { itemsUnlessSkipped, loopInfo, loopVarName } from './loop.js';
import { includeRoleAtRuntime, renderedRef, templatedRole } from './roles.js';
import { checkPlayStops, selected } from './task-across-hosts.js';
import type { Vars } from './vars.js';

/** The strategy's runner of a list of nodes (passed in: it runs includes itself). */
export type RunNodes = (pc: PlayCtx, nodes: TaskNode[], hosts: string[], scope: Scope) => Promise<Set<string>>;

/** One include of a file (or role) with one loop item, for the hosts that reached it. */
export interface IncludeRun {
  /** The file (or role) name as rendered. */
  file: string;
  loopVars?: Vars;
  /** With a loop: the item as shown, `(item=LABEL)`. */
  label?: string;
  /** What makes two hosts' includes one (Ansible's IncludedFile.__eq__). */
  key: string;
  /** include_role with templated tasks_from & co: the options as this run's hosts rendered them. */
  ref?: RoleRef;
  hosts: string[];
}

/** What one host did at the include itself, before anything included runs. */
export interface HostStep {
  host: string;
  /** Loop items whose `when` was false, as shown. */
  skippedItems: string[];
  /** The include was skipped on this host (with this reason). */
  skipped?: string;
  /** Evaluating it failed on this host. */
  error?: string;
}

export interface IncludePlan {
  runs: IncludeRun[];
  steps: HostStep[];
}

/**
 * Add `host` to the first equal include it is not yet part of, as Ansible's process_include_results:
 * a host reaching the same item twice gets a second include, after the first.
 */
export function addToRuns(runs: IncludeRun[], run: Omit<IncludeRun, 'hosts'>, host: string): void {
  for (let from = 0; ; ) {
    const i = runs.findIndex((r, j) => j >= from && r.key === run.key);
    if (i < 0) {
      runs.push({ ...run, hosts: [host] });
      return;
    }
    if (!runs[i].hosts.includes(host)) {
      runs[i].hosts.push(host);
      return;
    }
    from = i + 1;
  }
}

/** Per host: its own `when`, the file name and (with a loop) one include per item that runs. */
export function planInclude(pc: PlayCtx, inc: IncludeTasks, hosts: string[], scope: Scope): IncludePlan {
  const runs: IncludeRun[] = [];
  const steps: HostStep[] = [];
  const conds = [...scope.when, ...(inc.when ?? [])];
  const templated = inc.role !== undefined && templatedRole(inc);
  /** The include's options for this host (a templated tasks_from renders per host), part of what makes includes one. */
  const withRef = (run: Omit<IncludeRun, 'hosts'>, host: string, loopVars?: Vars): Omit<IncludeRun, 'hosts'> => {
    if (!templated) return run;
    const ref = renderedRef(inc.role!, taskVars(pc, host, scope, inc.vars, loopVars));
    return { ...run, ref, key: run.key + JSON.stringify(ref) };
  };
  for (const host of hosts) {
    const step: HostStep = { host, skippedItems: [] };
    steps.push(step);
    const vars = taskVars(pc, host, scope, inc.vars);
    try {
      const noLog = kwBool(inherited(inc, scope, 'noLog'), vars) === true;
      if (inc.loop === undefined) {
        if (!conds.every((c) => evaluateCondition(c, vars))) step.skipped = 'Conditional result was False';
        else {
          const file = String(renderValue(inc.file, vars));
          addToRuns(runs, withRef({ file, key: varsKey([file]) }, host), host);
        }
        continue;
      }
      // items that use an undefined value: a false `when` skips the include (Ansible's TaskExecutor)
      const items = itemsUnlessSkipped(inc, vars, () => !conds.every((c) => evaluateCondition(c, vars)));
      if (!items) {
        step.skipped = 'Conditional result was False';
        continue;
      }
      const lc = inc.loopControl;
      const loopVar = loopVarName(lc?.loopVar, vars);
      const extended = kwBool(lc?.extended, vars) === true;
      let ran = 0;
      items.forEach((item, i) => {
        const lv: Vars = { [loopVar]: item, ansible_loop_var: loopVar, ansible_loop: loopInfo(items, i, kwBool(lc?.extendedAllitems, vars) !== false) };
        if (lc?.indexVar) lv[lc.indexVar] = i;
        const iv = taskVars(pc, host, scope, inc.vars, lv);
        const label = noLog ? '(censored due to no_log)' : pyStr(lc?.label !== undefined ? renderValue(lc.label, iv) : item);
        if (!conds.every((c) => evaluateCondition(c, iv))) {
          step.skippedItems.push(label);
          return;
        }
        ran++;
        const file = String(renderValue(inc.file, iv));
        const special = { [loopVar]: item, ...(lc?.indexVar ? { [lc.indexVar]: i } : {}), label, ...(extended ? { ansible_loop: lv.ansible_loop } : {}) };
        addToRuns(runs, withRef({ file, loopVars: lv, label, key: varsKey([file, special]) }, host, lv), host);
      });
      if (!ran) step.skipped = items.length ? 'Conditional result was False' : 'No items in the list';
    } catch (e) {
      step.error = (e as Error).message;
    }
  }
  return { runs, steps };
}

/** An include loaded for its hosts, ready to run. */
interface Loaded {
  run: IncludeRun;
  nodes: TaskNode[];
  scope: Scope;
}

export async function runInclude(pc: PlayCtx, inc: IncludeTasks, hosts: string[], scope: Scope, runNodes: RunNodes): Promise<Set<string>> {
  const failed = new Set<string>();
  const action = inc.role ? 'include_role' : 'include_tasks';
  const fake = { ...inc, kind: 'task', module: action, args: inc.role ? { name: inc.file } : { file: inc.file }, notify: [], listen: [] } as unknown as Task;
  // Ansible's get_name(): an include_role is named by its role (no enclosing role's prefix)
  const name = inc.role ? (inc.name ?? `include_role : ${inc.file}`) : taskName(fake, playLevelVars(pc));
  if (!hosts.length || !selected(pc, fake, scope, name)) return failed;
  const info = taskInfo(pc.run, name, action, inc, scope.isHandler);
  const { runs, steps } = planInclude(pc, inc, hosts, scope);
  if (inc.register) registerInclude(pc, inc, inc.register, runs, steps);
  pc.run.emit({ type: 'task_start', task: info, hosts });
  for (const s of steps) reportStep(pc, info, s, scope, failed, inc.loop !== undefined, inc.register, (h) => includeIgnoresErrors(pc, inc, h, scope));
  const loaded: Loaded[] = [];
  for (const run of runs) {
    const group = run.hosts.filter((h) => !failed.has(h) && isActive(pc, h));
    if (!group.length) continue;
    const l = await loadRun(pc, inc, run, scope);
    if ('problem' in l) {
      for (const h of group) failHost(pc, h, info, l.problem, scope, failed);
      continue;
    }
    if ('loadError' in l) {
      for (const h of group) loadFailed(pc, h, info, inc.role !== undefined, l.loadError, scope, failed);
      continue;
    }
    if (!inc.role) {
      for (const h of group) pc.run.stats.record(h, { status: 'ok' });
      pc.run.emit({ type: 'included', task: info, file: l.file, hosts: group, ...(run.label !== undefined ? { item: run.label } : {}) });
    }
    loaded.push({ run, nodes: l.nodes, scope: l.scope });
  }
  pc.run.emit({ type: 'task_end', task: info });
  // a failure at the include itself (or loading a file or role) stops the play as any task's does
  checkPlayStops(pc, fake, scope, hosts, failed);
  for (const l of loaded) {
    if (stopped(pc)) break;
    const group = l.run.hosts.filter((h) => !failed.has(h) && isActive(pc, h));
    if (!group.length) continue;
    if (inc.publish) pc.play.roleDefaults = { ...pc.play.roleDefaults, ...inc.publish };
    if (inc.publishVars) pc.play.roleVars = { ...pc.play.roleVars, ...inc.publishVars };
    for (const h of await runNodes(pc, l.nodes, group, l.scope)) failed.add(h);
  }
  return failed;
}

/** A host's own result at the include: its skipped items, a skip, or a failure. */
function reportStep(pc: PlayCtx, info: TaskInfo, s: HostStep, scope: Scope, failed: Set<string>, loop: boolean, register: string | undefined, ignores: (host: string) => boolean): void {
  for (const item of s.skippedItems) {
    pc.run.emit({ type: 'host_task_result', host: s.host, task: info, status: 'skipped', item, result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' }, durationMs: 0 });
  }
  if (s.error !== undefined) {
    if (register) setHostVars(pc, s.host, { [register]: { changed: false, failed: true, msg: s.error } });
    if (ignores(s.host)) ignoreFailure(pc, s.host, info, s.error);
    else failHost(pc, s.host, info, s.error, scope, failed);
  }
  else if (s.skipped !== undefined) {
    pc.run.stats.record(s.host, { status: 'skipped' });
    const result: ModuleResult = loop ? { changed: false, skipped: true, ...(s.skippedItems.length ? { skip_reason: s.skipped } : { skipped_reason: s.skipped }) } : { changed: false, skipped: true, skip_reason: s.skipped };
    pc.run.emit({ type: 'host_task_result', host: s.host, task: info, status: 'skipped', result, durationMs: 0, ...(loop && s.skippedItems.length ? { loop: true } : {}) });
  }
}

/**
 * Load what an include brings (the absolute file as shown) and the scope its tasks run in; or why it
 * must not be entered (an include that can never end, include-cycle.ts), or why it could not be loaded.
 */
async function loadRun(pc: PlayCtx, inc: IncludeTasks, run: IncludeRun, scope: Scope): Promise<{ file: string; nodes: TaskNode[]; scope: Scope } | { problem: string } | { loadError: string }> {
  // a file read at load time was found beside the including file (a role handler's beside the handlers)
  const preloaded = inc.file.includes('{{') || inc.file.includes('{%') ? undefined : inc.tasks;
  const base = inc.roleDir && !preloaded ? path.join(inc.roleDir, 'tasks') : inc.dir;
  const file = path.resolve(base, run.file);
  const extra = [...(inc.vars ? [inc.vars] : []), ...(run.loopVars ? [run.loopVars] : [])];
  const level = includeLevel(pc, inc, run.file, file, scope, extra);
  const problem = includeProblem(scope.includes ?? [], level);
  if (problem) return { problem };
  try {
    let nodes: TaskNode[];
    if (preloaded) nodes = preloaded;
    else if (inc.role) nodes = await roleReached(pc, { ...inc, role: run.ref ?? inc.role }, run.file);
    else nodes = await loadTaskFile(file, { uncertain: true }); // read when the include is reached: an edited file is seen as it is now
    return { file, nodes, scope: { ...scope, blockVars: [...scope.blockVars, ...extra], includes: [...(scope.includes ?? []), level] } };
  } catch (e) {
    return { loadError: (e as Error).message };
  }
}

/** register on an include: Ansible's include result per host ({changed, include, include_args}; with a loop, their aggregate), a skip for skipped hosts. */
function registerInclude(pc: PlayCtx, inc: IncludeTasks, register: string, runs: IncludeRun[], steps: HostStep[]): void {
  const per = new Map<string, ModuleResult[]>();
  for (const r of runs) {
    for (const h of r.hosts) {
      const { ansible_loop: _info, ...item } = r.loopVars ?? {};
      const one: ModuleResult = { ...(inc.role ? {} : { include: r.file }), include_args: inc.role ? { name: r.file } : {}, ...item };
      per.set(h, [...(per.get(h) ?? []), one]);
    }
  }
  for (const [h, results] of per) {
    const value = inc.loop === undefined ? { ...results[0], changed: false } : { results, skipped: false, msg: 'All items completed', changed: false };
    setHostVars(pc, h, { [register]: value });
  }
  for (const s of steps) if (s.skipped !== undefined) setHostVars(pc, s.host, { [register]: { changed: false, skipped: true, skip_reason: 'Conditional result was False' } });
}

/** What entering an include adds to the chain: what it includes and everything its decisions depend on besides host state. */
function includeLevel(pc: PlayCtx, inc: IncludeTasks, shown: string, file: string, scope: Scope, extra: Vars[]): IncludeLevel {
  const vars = varsKey([
    Object.assign({}, ...scope.blockVars, ...extra),
    Object.assign({}, ...(scope.defaults ?? [])),
    pc.play.roleDefaults ?? {},
    [...scope.tags].sort(),
  ]);
  return { key: inc.role ? `role:${shown}:${JSON.stringify(inc.role)}` : `file:${file}`, shown, tasksRun: pc.run.tasksRun, vars };
}

/** include_role whose name was a template: the role is loaded now; its handlers join the play's. */
async function roleReached(pc: PlayCtx, inc: IncludeTasks, name: string): Promise<TaskNode[]> {
  const r = await includeRoleAtRuntime(pc.book, inc, name);
  pc.handlers.add(r.handlers);
  if (r.publicDefaults) pc.play.roleDefaults = { ...pc.play.roleDefaults, ...r.publicDefaults };
  if (r.publicVars) pc.play.roleVars = { ...pc.play.roleVars, ...r.publicVars };
  return r.nodes;
}

/**
 * An include that could not be loaded fails the host as Ansible's linear strategy does: an
 * include_tasks counts failed even where a rescue follows (which still runs), with the message as
 * `reason`; an include_role counts nothing (Ansible prints the error and fails the host).
 */
function loadFailed(pc: PlayCtx, host: string, info: TaskInfo, role: boolean, msg: string, scope: Scope, failed: Set<string>): void {
  pc.run.tasksRun++;
  if (!role) pc.run.stats.record(host, { status: 'failed' });
  const result: ModuleResult = role ? { changed: false, failed: true, msg } : { failed: true, reason: msg };
  pc.run.emit({ type: 'host_task_result', host, task: info, status: 'failed', result, durationMs: 0 });
  failed.add(host);
  if (!scope.rescuable) pc.hosts.failInBatch(host);
}

function failHost(pc: PlayCtx, host: string, info: TaskInfo, msg: string, scope: Scope, failed: Set<string>): void {
  pc.run.tasksRun++;
  pc.run.stats.record(host, { status: 'failed', rescued: scope.rescuable });
  pc.run.emit({ type: 'host_task_result', host, task: info, status: 'failed', result: { changed: false, failed: true, msg }, durationMs: 0, ...(scope.rescuable ? { ignored: true, rescued: true } : {}) });
  failed.add(host);
  if (!scope.rescuable) pc.hosts.failInBatch(host);
}

/** ignore_errors of an include (rendered with the host's variables; a value that does not render does not ignore). */
function includeIgnoresErrors(pc: PlayCtx, inc: IncludeTasks, host: string, scope: Scope): boolean {
  try {
    return kwBool(inherited(inc, scope, 'ignoreErrors'), taskVars(pc, host, scope, inc.vars)) === true;
  } catch {
    return false;
  }
}

/** An include that failed (its when or loop) under ignore_errors: failed, ignored, the host goes on (as Ansible). */
function ignoreFailure(pc: PlayCtx, host: string, info: TaskInfo, msg: string): void {
  pc.run.tasksRun++;
  pc.run.stats.record(host, { status: 'failed', ignored: true });
  pc.run.emit({ type: 'host_task_result', host, task: info, status: 'failed', result: { changed: false, failed: true, msg }, durationMs: 0, ignored: true });
}
