/**
 * Includes that never end: a file may include itself (directly or through others) — Ansible allows
 * it, and tail recursion ended by a `when:` is a known way to retry or poll a group of tasks — so a
 * file met again on the include chain is not refused as such. It is refused when it can never end:
 * - reached again with the same include variables while no task (nor meta action, nor include
 *   failure) ran anywhere since it was entered: every host state and so every decision is the same
 *   as the first time ("include cycle a.yml → b.yml → a.yml", the import cycle's wording);
 * - more than MAX_INCLUDE_DEPTH includes deep. Ansible has no check of its own, only Python's
 *   recursion limit: ansible-core 2.14 completes 246 levels of a one-task self-include and fails the
 *   whole run at 247 ("Exceeded maximum object depth"), so 250 refuses nothing that Ansible finishes.
 */
export const MAX_INCLUDE_DEPTH = 250;

/** One include entered: what it includes, as compared and as shown, and the state it was entered in. */
export interface IncludeLevel {
  /** The absolute file (or the role and its options): the same key is the same content. */
  key: string;
  /** The file name as the include gives it (rendered), for messages. */
  shown: string;
  /** RunCtx.tasksRun when it was entered. */
  tasksRun: number;
  /** The variables it adds to every decision inside it (include vars, loop item, role defaults). */
  vars: string;
}

/**
 * A stable text of variables for comparing. A value it cannot write faithfully (not plain data, or
 * circular) makes the text unique, so that include never counts as reached again unchanged.
 */
export function varsKey(layers: unknown[]): string {
  const unique = () => {
    throw new Error('not plain data');
  };
  const sorted = (v: unknown, depth: number): unknown => {
    if (depth > 100) unique();
    if (Array.isArray(v)) return v.map((x) => sorted(x, depth + 1));
    if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint') unique();
    if (v === undefined || v === null || typeof v !== 'object') return v;
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) unique();
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k], depth + 1)]));
  };
  try {
    return JSON.stringify(layers.map((l) => sorted(l, 0)));
  } catch {
    return `unique:${Math.random()}`;
  }
}

/** The chain from an earlier level to the one entered again: a.yml → b.yml → a.yml. */
function chain(stack: IncludeLevel[], from: number, next: IncludeLevel): string {
  return [...stack.slice(from).map((l) => l.shown), next.shown].join(' → ');
}

/** Why entering `next` inside `stack` must fail the hosts, or undefined when it may go on. */
export function includeProblem(stack: IncludeLevel[], next: IncludeLevel): string | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const l = stack[i];
    if (l.key === next.key && l.tasksRun === next.tasksRun && l.vars === next.vars) {
      return `include cycle ${chain(stack, i, next)}: ${next.shown} is reached again with nothing run since it was entered, so it would never end`;
    }
  }
  if (stack.length < MAX_INCLUDE_DEPTH) return undefined;
  const again = stack.map((l) => l.key).lastIndexOf(next.key);
  const what = again >= 0 ? `include cycle ${chain(stack, again, next)} never ended` : `${stack[0].shown} → … → ${next.shown}`;
  return `include depth limit: more than ${MAX_INCLUDE_DEPTH} includes nested (${what}); a file that includes itself, directly or through others, needs a 'when:' that ends it`;
}
