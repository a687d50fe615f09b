/**
 * Loops: the items and the registered aggregate result ({results, changed, failed, msg, skipped}).
 * Item labels are Python's str() of the item (src/py/repr.ts), as Ansible prints them.
 */
import type { ModuleResult } from '../modules/types.js';
import { pyStr } from '../py/repr.js';
import { isUndefinedError, loopLookup, renderValue } from '../template/index.js';
import type { Vars } from './vars.js';

export class LoopError extends Error {}

/** The rendered `loop:` value must be a list (Ansible refuses anything else). */
export function loopItems(rendered: unknown): unknown[] {
  if (Array.isArray(rendered)) return rendered;
  throw new LoopError(`Invalid data passed to 'loop', it requires a list, got this instead: ${pyStr(rendered)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`);
}

/** A task's or include's items on a host: `loop:` rendered, or `with_<lookup>:` through the lookup. */
export function taskLoopItems(node: { loop?: unknown; loopWith?: string; module?: string }, vars: Record<string, unknown>): unknown[] {
  if (node.loopWith) return loopLookup(node.loopWith, node.loop, vars, { module: node.module });
  return loopItems(renderValue(node.loop, vars));
}

/**
 * A task's items unless it is skipped, as Ansible's TaskExecutor: when the items use an undefined
 * value, `whenFalse` (the task's conditions, without any loop variable) decides; true skips the task
 * (undefined is returned), false or an error of its own fails it with the items' error.
 */
export function itemsUnlessSkipped(node: { loop?: unknown; loopWith?: string; module?: string }, vars: Record<string, unknown>, whenFalse: () => boolean): unknown[] | undefined {
  try {
    return taskLoopItems(node, vars);
  } catch (e) {
    if (!isUndefinedError(e)) throw e;
    let skip: boolean;
    try {
      skip = whenFalse();
    } catch {
      throw e;
    }
    if (skip) return undefined;
    throw e;
  }
}

/** loop_control.loop_var, rendered when it is a template (as Ansible's post_validate); 'item' when unset. */
export function loopVarName(v: string | undefined, vars: Record<string, unknown>): string {
  if (!v) return 'item';
  if (!v.includes('{{') && !v.includes('{%')) return v;
  return pyStr(renderValue(v, vars));
}

/** The registered result of a looped task, from its item results (Ansible's TaskExecutor.run). */
export function aggregateLoop(items: ModuleResult[]): ModuleResult {
  if (items.length === 0) return { changed: false, skipped: true, skipped_reason: 'No items in the list', results: [] };
  const res: ModuleResult = { results: items, changed: items.some((r) => r.changed === true) };
  if (items.some((r) => r.failed === true)) {
    res.failed = true;
    res.msg = 'One or more items failed';
  } else {
    res.failed = false;
    res.msg = 'All items completed';
  }
  if (items.every((r) => r.skipped === true)) res.skipped = true;
  const warnings = items.flatMap((r) => (Array.isArray(r.warnings) ? (r.warnings as string[]) : []));
  if (warnings.length) res.warnings = warnings;
  return res;
}

/** Ansible's extended loop information (loop_control.extended), always available here; allitems unless extended_allitems is false. */
export function loopInfo(items: unknown[], i: number, allitems = true): Vars {
  const n = items.length;
  const info: Vars = {
    ...(allitems ? { allitems: items } : {}), index: i + 1, index0: i, revindex: n - i, revindex0: n - i - 1, first: i === 0, last: i === n - 1, length: n,
  };
  if (i > 0) info.previtem = items[i - 1];
  if (i < n - 1) info.nextitem = items[i + 1];
  return info;
}
