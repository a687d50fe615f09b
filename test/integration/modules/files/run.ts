/** Run a file module as the engine does: validate args, plan, apply when changed and not in check mode. */
import type { ModuleDef, ModuleResult, FileDiff } from '../../../../src/modules/types.js';
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
  const plan = await mod.plan(mod.schema.parse(args), ctx);
  let result: ModuleResult = { ...(plan.result ?? {}) };
  if (plan.changed && !ctx.check && plan.apply) result = { ...result, ...((await plan.apply()) ?? {}) };
  return { changed: plan.changed, result, diff: plan.diff, warnings: ctx.warnings };
}

/** Diff entries as a list. */
export function diffs(d: FileDiff | FileDiff[] | undefined): FileDiff[] {
  return d === undefined ? [] : Array.isArray(d) ? d : [d];
}
