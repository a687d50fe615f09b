/**
 * The linear strategy over a list of task nodes: each node runs on every host still in the list,
 * then the next. Blocks run block → rescue (hosts that failed) → always (every host that entered);
 * include_tasks and include_role are resolved per host (include-tasks.ts); meta tasks act on the play.
 */
import type { Block, Meta, Task, TaskNode } from '../playbook/types.js';
import { evaluateCondition } from '../template/index.js';
import { isActive, stopped, type PlayCtx, type Scope } from './context.js';
import { taskVars } from './host-vars.js';
import { runInclude } from './include-tasks.js';
import { runTask, taskTags } from './task-across-hosts.js';
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
      else pc.hosts.failedInBlock(h);
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
      return runInclude(pc, node, hosts, scope, runNodes);
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
    for (const h of rescueHosts) pc.hosts.resumed(h);
    stillFailed = await runNodes(pc, block.rescue, rescueHosts, childScope(scope, block, 'rescue'));
    for (const h of blockFailed) if (!isActive(pc, h)) stillFailed.add(h);
  }
  if (block.always.length && !pc.run.signal.aborted) {
    // always runs for every host that entered the block, failed or not (not for unreachable ones)
    const alwaysHosts = hosts.filter((h) => isActive(pc, h));
    const alwaysFailed = await runNodes(pc, block.always, alwaysHosts, childScope(scope, block, 'always'));
    // a failure that meta: clear_host_errors cleared while the host was on its way here ends with this section
    for (const h of [...stillFailed]) {
      if (alwaysFailed.has(h) || !isActive(pc, h) || !pc.hosts.forgiven(h)) continue;
      stillFailed.delete(h);
      pc.hosts.resumed(h);
    }
    for (const h of alwaysFailed) stillFailed.add(h);
  }
  return stillFailed;
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
      // once for the play, its when evaluated for the first host (Ansible runs this meta once)
      if (hosts.length && applies(hosts[0])) pc.hosts.clearErrors(pc.hostsAll);
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
      const failed = handler.kind === 'task' ? await runTask(pc, handler, hosts, scope) : await runInclude(pc, handler, hosts, scope, runNodes);
      for (const h of failed) pc.hosts.fail(h);
    }
  }
}

