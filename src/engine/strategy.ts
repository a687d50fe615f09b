/**
 * The linear strategy over a list of task nodes: each node runs on every host still in the list,
 * then the next. Blocks run block → rescue (hosts that failed) → always (every host that entered);
 * include_tasks are resolved per host (a file named by a template, or one that includes itself, is
 * loaded and validated when a host reaches it; an include that can never end fails its hosts, see
 * include-cycle.ts); meta tasks act on the play.
 */
import * as path from 'node:path';
import type { ModuleResult } from '../modules/types.js';
import { loadTaskFile } from '../playbook/index.js';
import type { Block, IncludeTasks, Meta, RoleRef, Task, TaskNode } from '../playbook/types.js';
import { evaluateCondition, renderValue } from '../template/index.js';
import { inherited, isActive, kwBool, stopped, taskInfo, type PlayCtx, type Scope } from './context.js';
import { playLevelVars, setHostVars, taskVars } from './host-vars.js';
import { includeProblem, varsKey, type IncludeLevel } from './include-cycle.js';
import { includeRoleAtRuntime, renderedRef, templatedRole } from './roles.js';
import { loopInfo, loopVarName, taskLoopItems } from './loop.js';
import type { Vars } from './vars.js';
import { runTask, selected, taskTags } from './task-across-hosts.js';
import { shouldRunTags } from './tags.js';

export function rootScope(pc: PlayCtx, isHandler = false): Scope {
  return { chain: [pc.play], blockVars: [], when: [], tags: [...pc.play.tags], rescuable: false, isHandler };
}

function childScope(scope: Scope, node: Block, section: 'block' | 'rescue' | 'always'): Scope {
  return {
    chain: [...scope.chain, node],
    blockVars: node.vars ? [...scope.blockVars, node.vars] : scope.blockVars,
    defaults: node.defaults ? [...(scope.defaults ?? []), node.defaults] : scope.defaults,
    params: node.params ? [...(scope.params ?? []), node.params] : scope.params,
    when: [...scope.when, ...(node.when ?? [])],
    tags: [...new Set([...scope.tags, ...node.tags])],
    rescuable: scope.rescuable || (section === 'block' && node.rescue.length > 0),
    alwaysNext: scope.alwaysNext === true || (section !== 'always' && node.always.length > 0),
    isHandler: scope.isHandler,
    ...(scope.includes ? { includes: scope.includes } : {}),
  };
}

/** Run nodes in order on `hosts`; returns the hosts that failed here (and stopped running this list). */
export async function runNodes(pc: PlayCtx, nodes: TaskNode[], hosts: string[], scope: Scope): Promise<Set<string>> {
  const failed = new Set<string>();
  for (const node of nodes) {
    if (stopped(pc)) break;
    const live = hosts.filter((h) => !failed.has(h) && isActive(pc, h));
    if (!live.length) break;
    const f = await runNode(pc, node, live, scope);
    for (const h of f) {
      failed.add(h);
      // outside any block a failure is final at once (meta tasks and handlers see it)
      if (scope.chain.length === 1) pc.hosts.fail(h);
    }
  }
  return failed;
}

async function runNode(pc: PlayCtx, node: TaskNode, hosts: string[], scope: Scope): Promise<Set<string>> {
  switch (node.kind) {
    case 'task':
      return runTask(pc, node, hosts, scope);
    case 'block':
      return runBlock(pc, node, hosts, scope);
    case 'include_tasks':
      return runInclude(pc, node, hosts, scope);
    case 'meta':
      await runMeta(pc, node, hosts, scope);
      return new Set();
  }
}

async function runBlock(pc: PlayCtx, block: Block, hosts: string[], scope: Scope): Promise<Set<string>> {
  const blockFailed = await runNodes(pc, block.block, hosts, childScope(scope, block, 'block'));
  let stillFailed = blockFailed;
  if (blockFailed.size && block.rescue.length && !pc.run.signal.aborted) {
    const rescueHosts = hosts.filter((h) => blockFailed.has(h) && isActive(pc, h));
    stillFailed = await runNodes(pc, block.rescue, rescueHosts, childScope(scope, block, 'rescue'));
    for (const h of blockFailed) if (!isActive(pc, h)) stillFailed.add(h);
  }
  if (block.always.length && !pc.run.signal.aborted) {
    // always runs for every host that entered the block, failed or not (not for unreachable ones)
    const alwaysHosts = hosts.filter((h) => isActive(pc, h));
    const alwaysFailed = await runNodes(pc, block.always, alwaysHosts, childScope(scope, block, 'always'));
    for (const h of alwaysFailed) stillFailed.add(h);
  }
  return stillFailed;
}

interface IncludeRun {
  file: string;
  /** include_role with templated tasks_from & co: the options as this run's hosts rendered them. */
  ref?: RoleRef;
  loopVars?: Vars;
  hosts: string[];
}

/** Per host: its own `when`, the file name and (with a loop) one entry per item; same file and item run together. */
function planInclude(pc: PlayCtx, inc: IncludeTasks, hosts: string[], scope: Scope, skipped: string[], errors: Map<string, string>): IncludeRun[] {
  const runs = new Map<string, IncludeRun>();
  const templated = inc.role !== undefined && templatedRole(inc);
  const add = (file: string, host: string, loopVars?: Vars) => {
    const ref = templated ? renderedRef(inc.role!, taskVars(pc, host, scope, inc.vars, loopVars)) : undefined;
    const key = JSON.stringify([file, loopVars ?? null, ref ?? null]);
    let r = runs.get(key);
    if (!r) runs.set(key, (r = { file, hosts: [], ...(loopVars ? { loopVars } : {}), ...(ref ? { ref } : {}) }));
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
      const items = taskLoopItems(inc, vars);
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

async function runInclude(pc: PlayCtx, inc: IncludeTasks, hosts: string[], scope: Scope): Promise<Set<string>> {
  const failed = new Set<string>();
  const action = inc.role ? 'include_role' : 'include_tasks';
  const fake = { ...inc, kind: 'task', module: action, args: inc.role ? { name: inc.file } : { file: inc.file }, notify: [], listen: [] } as unknown as Task;
  const name = inc.name ?? action;
  if (!selected(pc, fake, scope, name)) return failed;
  const info = taskInfo(pc.run, name, action, inc, scope.isHandler);
  const skipped: string[] = [];
  const errors = new Map<string, string>();
  const runs = planInclude(pc, inc, hosts, scope, skipped, errors);
  if (inc.register) registerInclude(pc, inc, inc.register, runs, skipped);
  if (skipped.length || errors.size) {
    pc.run.emit({ type: 'task_start', task: info, hosts: [...skipped, ...errors.keys()] });
    for (const h of skipped) {
      pc.run.stats.record(h, { status: 'skipped' });
      pc.run.emit({ type: 'host_task_result', host: h, task: info, status: 'skipped', result: { changed: false, skipped: true, skip_reason: 'Conditional result was False' }, durationMs: 0 });
    }
    for (const [h, msg] of errors) {
      if (inc.register) setHostVars(pc, h, { [inc.register]: { changed: false, failed: true, msg } });
      if (includeIgnoresErrors(pc, inc, h, scope)) ignoreFailure(pc, h, info, msg);
      else failHost(pc, h, info, msg, scope, failed);
    }
    pc.run.emit({ type: 'task_end', task: info });
  }
  for (const r of runs) {
    if (stopped(pc)) break;
    const group = r.hosts.filter((h) => !failed.has(h) && isActive(pc, h));
    if (!group.length) continue;
    const base = inc.roleDir ? path.join(inc.roleDir, 'tasks') : inc.dir;
    const extra = [...(inc.vars ? [inc.vars] : []), ...(r.loopVars ? [r.loopVars] : [])];
    const level = includeLevel(pc, inc, r.file, path.resolve(base, r.file), scope, extra);
    const problem = includeProblem(scope.includes ?? [], level);
    if (problem) {
      pc.run.emit({ type: 'task_start', task: info, hosts: group });
      for (const h of group) failHost(pc, h, info, problem, scope, failed);
      pc.run.emit({ type: 'task_end', task: info });
      continue;
    }
    pc.run.emit({ type: 'included', task: info, file: r.file, hosts: group });
    let nodes: TaskNode[];
    try {
      if (inc.tasks && !inc.file.includes('{{') && !inc.file.includes('{%')) nodes = inc.tasks;
      else if (inc.role) {
        nodes = await roleReached(pc, { ...inc, role: r.ref ?? inc.role }, r.file);
      }
      else nodes = await loadTaskFile(path.resolve(base, r.file), { uncertain: true }); // read each time a host reaches it: an edited file is seen as it is now
    } catch (e) {
      pc.run.emit({ type: 'task_start', task: info, hosts: group });
      for (const h of group) failHost(pc, h, info, (e as Error).message, scope, failed);
      pc.run.emit({ type: 'task_end', task: info });
      continue;
    }
    // Ansible's _load_included_file counts ok once per included file and host (include_role: not counted)
    if (!inc.role) for (const h of group) pc.run.stats.record(h, { status: 'ok' });
    if (inc.publish) pc.play.roleDefaults = { ...pc.play.roleDefaults, ...inc.publish };
    if (inc.publishVars) pc.play.roleVars = { ...pc.play.roleVars, ...inc.publishVars };
    const sub: Scope = { ...scope, blockVars: [...scope.blockVars, ...extra], includes: [...(scope.includes ?? []), level] };
    const f = await runNodes(pc, nodes, group, sub);
    for (const h of f) failed.add(h);
  }
  return failed;
}

/** register on an include: Ansible's include result per host ({changed, include, include_args}; with a loop, their aggregate), a skip for skipped hosts. */
function registerInclude(pc: PlayCtx, inc: IncludeTasks, register: string, runs: IncludeRun[], skipped: string[]): void {
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
  if (r.publicVars) pc.play.roleVars = { ...pc.play.roleVars, ...r.publicVars };
  return r.nodes;
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
function ignoreFailure(pc: PlayCtx, host: string, info: ReturnType<typeof taskInfo>, msg: string): void {
  pc.run.tasksRun++;
  pc.run.stats.record(host, { status: 'failed', ignored: true });
  pc.run.emit({ type: 'host_task_result', host, task: info, status: 'failed', result: { changed: false, failed: true, msg }, durationMs: 0, ignored: true });
}

function failHost(pc: PlayCtx, host: string, info: ReturnType<typeof taskInfo>, msg: string, scope: Scope, failed: Set<string>): void {
  pc.run.tasksRun++;
  pc.run.stats.record(host, { status: 'failed', rescued: scope.rescuable });
  pc.run.emit({ type: 'host_task_result', host, task: info, status: 'failed', result: { changed: false, failed: true, msg }, durationMs: 0, ...(scope.rescuable ? { ignored: true, rescued: true } : {}) });
  failed.add(host);
  if (!scope.rescuable) pc.hosts.failInBatch(host);
}

async function runMeta(pc: PlayCtx, meta: Meta, hosts: string[], scope: Scope): Promise<void> {
  const run = pc.run;
  if (!shouldRunTags(taskTags({ ...meta, tags: meta.tags } as unknown as Task, scope), run.opts.tags, run.opts.skipTags) && meta.action !== 'flush_handlers') return;
  run.tasksRun++;
  const conds = [...scope.when, ...(meta.when ?? [])];
  const applies = (h: string) => {
    try {
      const vars = taskVars(pc, h, scope, meta.vars);
      return conds.every((c) => evaluateCondition(c, vars));
    } catch {
      return false;
    }
  };
  switch (meta.action) {
    case 'flush_handlers':
      await flushHandlers(pc, hosts);
      return;
    case 'noop':
    case 'refresh_inventory': // the inventory is read once; there is nothing to read again
      return;
    case 'end_play':
      if (hosts.some(applies)) pc.endPlay = true;
      return;
    case 'end_batch':
      if (hosts.some(applies)) pc.endBatch = true;
      return;
    case 'end_host':
      for (const h of hosts) if (applies(h)) pc.hosts.end(h);
      return;
    case 'clear_facts':
      for (const h of hosts) if (applies(h)) run.facts.delete(h);
      return;
    case 'clear_host_errors':
      pc.hosts.clearErrors(pc.hostsAll);
      return;
    case 'reset_connection':
      for (const h of hosts) if (applies(h)) await run.pool.drop(h);
      return;
    default:
      run.emit({ type: 'warning', message: `meta: ${meta.action} is not supported by machinist; ignored` });
  }
}

/** Run notified handlers (definition order, once each) on the hosts that notified them. */
export async function flushHandlers(pc: PlayCtx, within?: string[]): Promise<void> {
  const allowed = within ? new Set(within) : undefined;
  const active = (h: string) => isActive(pc, h) && (!allowed || allowed.has(h));
  const scope = rootScope(pc, true);
  // a handler may notify handlers defined before it: another pass picks those up
  for (let pass = 0; pass <= pc.handlers.handlers.length && pc.handlers.hasPending(active); pass++) {
    let from = 0;
    for (;;) {
      if (pc.run.signal.aborted || pc.endPlay) return;
      const next = pc.handlers.next(from, active);
      if (!next) break;
      from = next.index + 1;
      const order = (h: string) => pc.hostsAll.indexOf(h);
      const hosts = next.hosts.sort((a, b) => order(a) - order(b));
      const handler = pc.handlers.handlers[next.index];
      const failed = handler.kind === 'task' ? await runTask(pc, handler, hosts, scope) : await runInclude(pc, handler, hosts, scope);
      for (const h of failed) pc.hosts.fail(h);
    }
  }
}

