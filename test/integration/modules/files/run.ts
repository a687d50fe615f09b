/**
 * Run a module as the engine does: validate args; a plan module plans and applies when changed and
 * not in check mode; an action module runs, or in check mode checks (one that cannot tell would run,
 * and running always changes: reported changed and skipped).
 */
import { cannotTell, type ModuleDef, type ModuleResult, type FileDiff } from '../../../../src/modules/types.js';
import { LocalConnection } from '../../../../src/transport/local.js';
import { moduleContext, type TestContextOptions } from '../../../helpers/module-context.js';

export const conn = new LocalConnection();

export interface RunOutcome {
  changed: boolean;
  result: ModuleResult;
  diff?: FileDiff | FileDiff[];
  warnings: string[];
}

export async function runModule(mod: ModuleDef, args: Record<string, unknown>, opts: TestContextOptions = {}): Promise<RunOutcome> {
  const ctx = moduleContext(conn, opts);
  if (mod.kind === 'action') {
    const parsed = mod.schema.parse(args);
    const o = ctx.check ? await (mod.check?.(parsed, ctx) ?? { skipInCheckMode: true as const, msg: 'Skipped in check mode' }) : await mod.run(parsed, ctx);
    if (cannotTell(o)) return { changed: true, result: { skipped: true, msg: o.msg }, warnings: ctx.warnings };
    return { changed: o.changed, result: { ...(o.result ?? {}) }, diff: o.diff, warnings: ctx.warnings };
  }
  const plan = await mod.plan(mod.schema.parse(args), ctx);
  let result: ModuleResult = { ...(plan.result ?? {}) };
  if (plan.changed && !ctx.check && plan.apply) result = { ...result, ...((await plan.apply()) ?? {}) };
  return { changed: plan.changed, result, diff: plan.diff, warnings: ctx.warnings };
}

/** Diff entries as a list. */
export function diffs(d: FileDiff | FileDiff[] | undefined): FileDiff[] {
  return d === undefined ? [] : Array.isArray(d) ? d : [d];
}
