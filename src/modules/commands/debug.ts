/** debug: print a message (msg) or a variable's value (var), optionally only at -v counts ≥ verbosity. */
import { z } from 'zod';
import { defineModule, type ModuleResult } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, numberish } from '../kit/args.js';

export const debugSchema = z
  .object({
    msg: z.unknown().optional(),
    var: z.string().min(1).optional(),
    verbosity: numberish.pipe(z.number().int().min(0)).default(0),
  })
  .strict()
  .refine((a) => !(a.msg !== undefined && a.var !== undefined), "'msg' and 'var' are incompatible options");

export type DebugArgs = z.infer<typeof debugSchema>;

export const NOT_DEFINED = 'VARIABLE IS NOT DEFINED!';

/** The -v count the task runs with (ansible_verbosity), 0 when unset. */
export function verbosityOf(vars: Record<string, unknown>): number {
  const v = Number(vars.ansible_verbosity ?? 0);
  return Number.isFinite(v) ? v : 0;
}

/** Evaluate `var:` the way Ansible does: as an expression; undefined → "VARIABLE IS NOT DEFINED!". */
export async function debugVar(expr: string, vars: Record<string, unknown>): Promise<unknown> {
  // Loaded when needed, so the module registry loads without the template engine.
  const { renderValue, TemplateError } = await import('../../template/index.js');
  const e = expr.trim();
  const text = e.includes('{{') ? e : `{{ ${e} }}`;
  try {
    return renderValue(text, vars);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    // Jinja2's UndefinedError covers a missing list element too ('list object has no element 0')
    if (err.undefined || /undefined|not defined|has no attribute|has no element|no such/i.test((err as Error).message)) return NOT_DEFINED;
    throw new ModuleFailure(`could not evaluate var ${JSON.stringify(expr)}: ${(err as Error).message}`, { failed: true });
  }
}

export async function debugResult(args: DebugArgs, vars: Record<string, unknown>): Promise<ModuleResult> {
  if (verbosityOf(vars) < args.verbosity) return { changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.' };
  if (args.var !== undefined) return { changed: false, [args.var]: await debugVar(args.var, vars) };
  // msg may be any value (a list, a mapping) and is returned as is.
  return { changed: false, msg: (args.msg === undefined ? 'Hello world!' : args.msg) as string };
}

export const debugModule = defineModule({
  name: 'debug',
  aliases: builtinAliases('debug'),
  schema: debugSchema,
  runsOn: 'controller',
  async plan(args, ctx) {
    return { changed: false, result: await debugResult(args, ctx.vars) };
  },
});
