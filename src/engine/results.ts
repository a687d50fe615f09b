/**
 * Shaping results the way Ansible's TaskExecutor does: changed_when / failed_when evaluated with the
 * registered variable defined, the messages of conditions and keywords that do not render, the
 * status of a result, and the copy that is shown (no `failed: false` / `skipped: false`, as
 * TaskResult.clean_copy).
 */
import type { ModuleResult } from '../modules/types.js';
import { pyTruthy } from '../py/bool.js';
import { TemplateError, evaluateCondition } from '../template/index.js';
import type { HostStatus } from './events.js';
import type { Vars } from './vars.js';

export type Conditions = string[] | boolean | undefined;

export class ConditionError extends Error {}

/** Evaluate one `when`/`changed_when`/`failed_when`/`until` expression; errors name the expression. */
export function check(expr: string, vars: Vars): boolean {
  try {
    return evaluateCondition(expr, vars);
  } catch (e) {
    throw new ConditionError(`The conditional check '${expr}' failed. The error was: ${(e as Error).message}`);
  }
}

/**
 * A task keyword whose value does not render, in Ansible's words (post_validate): "The field
 * 'notify' has an invalid value, which includes an undefined variable. The error was: ...".
 */
export function fieldError(field: string, e: unknown): string {
  const msg = (e as Error)?.message ?? String(e);
  const undef = e instanceof TemplateError && /undefined/i.test(msg);
  return `The field '${field}' has an invalid value${undef ? ', which includes an undefined variable' : ''}. The error was: ${msg}`;
}

function holds(cond: string[] | boolean, vars: Vars): boolean {
  if (typeof cond === 'boolean') return cond;
  return cond.every((c) => check(c, vars));
}

/**
 * Apply changed_when then failed_when to a (non-skipped) result, in place. When one of them cannot
 * be evaluated the task fails and keeps the module's result, the error in `changed_when_result` or
 * `failed_when_result` (Ansible's TaskExecutor).
 */
export function applyConditions(result: ModuleResult, vars: Vars, register: string | undefined, changedWhen: Conditions, failedWhen: Conditions): void {
  if (result.skipped === true || result.unreachable === true) return;
  const scope = register ? { ...vars, [register]: result } : vars;
  let condname = 'changed';
  try {
    if (changedWhen !== undefined) result.changed = holds(changedWhen, scope);
    condname = 'failed';
    if (failedWhen !== undefined) {
      const f = holds(failedWhen, scope);
      result.failed_when_result = f;
      result.failed = f;
    }
  } catch (e) {
    if (!(e instanceof ConditionError)) throw e;
    result.failed = true;
    result[`${condname}_when_result`] = e.message;
  }
}

/**
 * Whether a result counts as failed, as Ansible's TaskResult.is_failed: by `failed_when_result` when
 * failed_when set one (on the result or an item), even where `failed` says otherwise (until: runs
 * out of attempts and sets failed, yet a false failed_when keeps the task ok); else by `failed`.
 */
export function isFailed(result: ModuleResult): boolean {
  const items = Array.isArray(result.results) ? (result.results as unknown[]).filter((x): x is ModuleResult => !!x && typeof x === 'object' && !Array.isArray(x)) : [];
  const key = 'failed_when_result' in result || items.some((x) => 'failed_when_result' in x) ? 'failed_when_result' : 'failed';
  if (key in result) return pyTruthy(result[key]);
  return items.some((x) => pyTruthy(x[key]));
}

export function statusOf(result: ModuleResult): HostStatus {
  if (result.unreachable === true) return 'unreachable';
  if (isFailed(result)) return 'failed';
  if (result.skipped === true) return 'skipped';
  return result.changed === true ? 'changed' : 'ok';
}

/** The result as displayed: internal keys and false failed/skipped flags removed. */
export function cleanForDisplay(result: ModuleResult): ModuleResult {
  const out: ModuleResult = {};
  for (const [k, v] of Object.entries(result)) {
    if (k.startsWith('_ansible_')) continue;
    if ((k === 'failed' || k === 'skipped') && v === false) continue;
    out[k] = v;
  }
  return out;
}

/** Skipped result for a false `when` (Ansible's shape). */
export function conditionSkip(falseCondition: string): ModuleResult {
  return { changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: falseCondition };
}
