/**
 * The parts of an include (include_tasks, include_role) before its tasks run: each host's plan (its
 * `when`, the file name, one entry per loop item), register, loading every file or role (with the
 * cycle and depth checks of include-cycle.ts), and the failures of hosts it cannot include.
 */
import * as path from 'node:path';
import type { ModuleResult } from '../modules/types.js';
import { loadTaskFile } from '../playbook/index.js';
import type { IncludeTasks, TaskNode } from '../playbook/types.js';
import { evaluateCondition, renderValue } from '../template/index.js';
import { kwBool, stopped, isActive, type PlayCtx, type Scope } from './context.js';
import type { TaskInfo } from './events.js';
import { setHostVars, taskVars } from './host-vars.js';
import { includeProblem, varsKey, type IncludeLevel } from './include-cycle.js';
import { itemsUnlessSkipped, loopInfo, loopVarName } from './loop.js';
import { includeRoleAtRuntime } from './roles.js';
import type { Vars } from './vars.js';

export interface IncludeRun {
  file: string;
  loopVars?: Vars;
  hosts: string[];
}

/** Per host: its own `when`, the file name and (with a loop) one entry per item; same file and item run together. */
export function planInclude(pc: PlayCtx, inc: IncludeTasks, hosts: string[], scope: Scope, skipped: string[], errors: Map<string, string>): IncludeRun[] {
  const runs = new Map<string, IncludeRun>();
  const add = (file: string, host: string, loopVars?: Vars) => {
    const key = JSON.stringify([file, loopVars ?? null]);
    let r = runs.get(key);
    if (!r) runs.set(key, (r = { file, hosts: [], ...(loopVars ? { loopVars } : {}) }));
    r.hosts.push(host);
  };
  for (const h of hosts) {
    const vars = taskVars(pc, h, scope, inc.vars);
    try {
      const conds = [...scope.when, ...(inc.when ?? [])];
      if (inc.loop === undefined) {
        if (!conds.every((c) => evaluateCondition(c, vars))) skipped.push(h);
        else add(String(renderValue(inc.file, vars)), h);
        continue;
      }
      const items = itemsUnlessSkipped(inc, vars, () => !conds.every((c) => evaluateCondition(c, vars)));
      if (!items) {
        skipped.push(h);
        continue;
      }
      const loopVar = loopVarName(inc.loopControl?.loopVar, vars);
      let any = false;
      items.forEach((item, i) => {
        const lv: Vars = { [loopVar]: item, ansible_loop_var: loopVar, ansible_loop: loopInfo(items, i, kwBool(inc.loopControl?.extendedAllitems, vars) !== false) };
        if (inc.loopControl?.indexVar) lv[inc.loopControl.indexVar] = i;
        const iv = taskVars(pc, h, scope, inc.vars, lv);
        if (!conds.every((c) => evaluateCondition(c, iv))) return;
        any = true;
        add(String(renderValue(inc.file, iv)), h, lv);
      });
      if (!any) skipped.push(h);
    } catch (e) {
      errors.set(h, (e as Error).message);
    }
  }
  return [...runs.values()];
}

export interface LoadedInclude {
  r: IncludeRun;
  nodes: TaskNode[];
  sub: Scope;
}

/**
 * Each run's file or role, loaded. A file that cannot be loaded fails its hosts (counted as failed,
 * even where a rescue follows, as Ansible); a role that cannot be found fails them without a count in
 * the recap (Ansible shows only an error for it).
 */
export async function loadIncludes(pc: PlayCtx, inc: IncludeTasks, runs: IncludeRun[], scope: Scope, info: TaskInfo, failed: Set<string>): Promise<LoadedInclude[]> {
  const out: LoadedInclude[] = [];
  const fail = (group: string[], msg: string, how: FailHow = 'task') => {
    pc.run.emit({ type: 'task_start', task: info, hosts: group });
    for (const h of group) failHost(pc, h, info, msg, scope, failed, how);
    pc.run.emit({ type: 'task_end', task: info });
  };
  for (const r of runs) {
    if (stopped(pc)) break;
    const group = r.hosts.filter((h) => !failed.has(h) && isActive(pc, h));
    if (!group.length) continue;
    const base = inc.roleDir ? path.join(inc.roleDir, 'tasks') : inc.dir;
    const extra = [...(inc.vars ? [inc.vars] : []), ...(r.loopVars ? [r.loopVars] : [])];
    const level = includeLevel(pc, inc, r.file, path.resolve(base, r.file), scope, extra);
    const problem = includeProblem(scope.includes ?? [], level);
    if (problem) {
      fail(group, problem);
      continue;
    }
    let nodes: TaskNode[];
    try {
      if (inc.tasks && !inc.file.includes('{{') && !inc.file.includes('{%')) nodes = inc.tasks;
      else if (inc.role) nodes = await roleReached(pc, inc, r.file);
      else nodes = await loadTaskFile(path.resolve(base, r.file), { uncertain: true }); // read each time a host reaches it: an edited file is seen as it is now
    } catch (e) {
      fail(group, (e as Error).message, inc.role ? 'role' : 'load');
      continue;
    }
    pc.run.emit({ type: 'included', task: info, file: r.file, hosts: group });
    // Ansible counts an included file (not a role) once per host and file, when it is loaded
    if (!inc.role) for (const h of group) pc.run.stats.record(h, { status: 'ok' });
    if (inc.publish) pc.play.roleDefaults = { ...pc.play.roleDefaults, ...inc.publish };
    out.push({ r, nodes, sub: { ...scope, blockVars: [...scope.blockVars, ...extra], includes: [...(scope.includes ?? []), level] } });
  }
  return out;
}

/** register on an include: Ansible's include result per host ({changed, include, include_args}; with a loop, their aggregate), a skip for skipped hosts. */
export function registerInclude(pc: PlayCtx, inc: IncludeTasks, register: string, runs: IncludeRun[], skipped: string[]): void {
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
  for (const h of skipped) setHostVars(pc, h, { [register]: { changed: false, skipped: true, skip_reason: 'Conditional result was False' } });
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
  return r.nodes;
}

/**
 * How an include failed a host: as its task ('task': a rescue that follows counts it as rescued), its
 * file failing to load ('load': counted as failed all the same) or its role not found ('role': not counted).
 */
type FailHow = 'task' | 'load' | 'role';

export function failHost(pc: PlayCtx, host: string, info: TaskInfo, msg: string, scope: Scope, failed: Set<string>, how: FailHow = 'task'): void {
  pc.run.tasksRun++;
  const rescued = how === 'task' && scope.rescuable;
  if (how !== 'role') pc.run.stats.record(host, { status: 'failed', rescued });
  pc.run.emit({ type: 'host_task_result', host, task: info, status: 'failed', result: { changed: false, failed: true, msg }, durationMs: 0, ...(rescued ? { ignored: true, rescued: true } : {}) });
  failed.add(host);
  if (!scope.rescuable) pc.hosts.failInBatch(host);
}
