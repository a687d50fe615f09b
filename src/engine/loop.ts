/**
 * Loops: items, their labels (as Ansible prints them: Python's repr for mappings and lists) and the
 * registered aggregate result ({results, changed, failed, msg, skipped}).
 */
import type { ModuleResult } from '../modules/types.js';

/** Python str() of a value, as Ansible shows `(item=...)`. */
export function pyStr(v: unknown): string {
  if (typeof v === 'string') return v;
  return pyRepr(v);
}

function pyQuote(s: string): string {
  // Python repr: single quotes unless the string contains ' and no "
  const useDouble = s.includes("'") && !s.includes('"');
  const q = useDouble ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else out += ch;
  }
  return q + out + q;
}

export function pyRepr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return pyQuote(v);
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (typeof v === 'object') {
    return '{' + Object.entries(v as Record<string, unknown>).map(([k, x]) => `${pyQuote(k)}: ${pyRepr(x)}`).join(', ') + '}';
  }
  return String(v);
}

export class LoopError extends Error {}

/** The rendered `loop:` value must be a list (Ansible refuses anything else). */
export function loopItems(rendered: unknown): unknown[] {
  if (Array.isArray(rendered)) return rendered;
  throw new LoopError(`Invalid data passed to 'loop', it requires a list, got this instead: ${pyStr(rendered)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`);
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
