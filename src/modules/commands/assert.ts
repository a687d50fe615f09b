/** assert: every expression in `that` must be true; the first false one fails the task. */
import { z } from 'zod';
import { defineModule, type ModuleResult } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { boolish, builtinAliases, stringish } from '../kit/args.js';

const message = z.union([stringish, z.array(stringish)]);

export const assertSchema = z
  .object({
    // an empty or null item (and an empty list) holds, as Ansible's Conditional.evaluate_conditional
    that: z.preprocess(
      (v) => (typeof v === 'string' || typeof v === 'boolean' || v === null ? [v] : v),
      z.array(z.union([z.string(), z.boolean(), z.null()]), { invalid_type_error: 'expected an expression or a list of expressions' }),
    ),
    fail_msg: message.optional(),
    msg: message.optional(),
    success_msg: message.optional(),
    quiet: boolish.default(false),
  })
  .strict();

export type AssertArgs = z.infer<typeof assertSchema>;

/**
 * Evaluate the assertions in order. Returns the passing result, or the failing one (failed: true,
 * assertion, evaluated_to) for the first expression that is false or cannot be evaluated.
 */
export async function evaluateAssert(args: AssertArgs, vars: Record<string, unknown>): Promise<ModuleResult> {
  // Loaded when needed, so the module registry loads without the template engine.
  const { evaluateCondition } = await import('../../template/index.js');
  for (const expr of args.that) {
    if (expr === null || expr === '') continue;
    let ok: boolean;
    try {
      ok = evaluateCondition(expr, vars);
    } catch (e) {
      return {
        changed: false,
        failed: true,
        assertion: expr,
        msg: `The conditional check '${String(expr)}' failed. The error was: ${(e as Error).message}`,
      };
    }
    if (!ok) {
      return {
        changed: false,
        failed: true,
        assertion: expr,
        evaluated_to: false,
        // Ansible keeps a list message as a list.
        msg: (args.fail_msg ?? args.msg ?? 'Assertion failed') as string,
      };
    }
  }
  const result: ModuleResult = { changed: false, msg: (args.success_msg ?? 'All assertions passed') as string };
  if (args.quiet) result._ansible_verbose_always = false;
  return result;
}

export const assertModule = defineModule({
  name: 'assert',
  aliases: builtinAliases('assert'),
  schema: assertSchema,
  runsOn: 'controller',
  async plan(args, ctx) {
    const result = await evaluateAssert(args, ctx.vars);
    if (result.failed) throw new ModuleFailure(Array.isArray(result.msg) ? result.msg.join('\n') : String(result.msg), result);
    return { changed: false, result };
  },
});
