/**
 * Argument helpers shared by every module family: Ansible's loose booleans (yes/no/on/off/1/0) and
 * numbers given as strings ("30"), refused with a clear message when they are neither; strings,
 * lists, paths, user/group references, host names, the builtin names and Ansible's argument
 * aliases; and `checkedBy`, which turns a checker that says what is wrong into a zod refinement.
 */
import { z } from 'zod';
import { readBoolean } from '../../py/bool.js';

/** Ansible's boolean() (src/py/bool.ts) before a zod schema: anything else stays as it is (undefined too, so .default() applies). */
export function toBool(v: unknown): unknown {
  return readBoolean(v) ?? v;
}

export const boolish = z.preprocess(toBool, z.boolean({ invalid_type_error: 'expected a boolean (yes/no, true/false)' }));

/** A number, also written as a numeric string. */
export const numberish = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v)) ? Number(v) : v),
  z.number({ invalid_type_error: 'expected a number' }).finite(),
);

export const nonNegative = numberish.pipe(z.number().nonnegative());

/** A string that can go into a shell command: no NUL byte (no argv or path can carry one). */
export const shellString = z.string().regex(/^[^\0]*$/, 'a value cannot contain a NUL byte');

/**
 * A string, also accepting numbers and booleans (YAML `msg: 42`, `creates: yes`) as Ansible's str type
 * converts them (Python's str(): True, False); no NUL byte.
 */
export const stringish = z.preprocess((v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'number' ? String(v) : v), shellString);

/** A string or a list of strings, normalised to a list. */
export const stringList = z.preprocess(
  (v) => (typeof v === 'string' ? [v] : v),
  z.array(stringish, { invalid_type_error: 'expected a string or a list of strings' }),
);

/** The aliases every builtin module carries. */
export function builtinAliases(name: string): string[] {
  return [`ansible.builtin.${name}`, `ansible.legacy.${name}`];
}

/** Ansible's argument aliases (dest → path, ...): renamed to the canonical key before validation. */
export function renameAliases(map: Record<string, string[]>) {
  return (v: unknown): unknown => {
    if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = { ...(v as Record<string, unknown>) };
    for (const [canon, names] of Object.entries(map)) {
      for (const n of names) {
        if (o[n] !== undefined && o[canon] === undefined) {
          o[canon] = o[n];
          delete o[n];
        }
      }
    }
    return o;
  };
}

/** A zod refinement from a checker that returns what is wrong with a value (undefined: nothing). */
export function checkedBy<T>(check: (v: T) => string | undefined) {
  return (v: T, c: z.RefinementCtx): void => {
    const e = check(v);
    if (e) c.addIssue({ code: 'custom', message: e });
  };
}

/**
 * Ansible's mutually_exclusive check: at most one of the named values is given (a value other than
 * undefined, false or an empty list), else one issue with Ansible's message naming them in order.
 */
export function mutuallyExclusive(c: z.RefinementCtx, values: Record<string, unknown>): void {
  const given = Object.entries(values).filter(([, v]) => v !== undefined && v !== false && !(Array.isArray(v) && v.length === 0));
  if (given.length > 1) c.addIssue({ code: 'custom', message: `parameters are mutually exclusive: ${Object.keys(values).join('|')}` });
}

/** An absolute path without NUL or newline (it goes into /etc/passwd-like files and commands). */
export const absPath = z
  .string()
  .regex(/^\/[^\0\n]*$/, 'expected an absolute path (starting with /)');

/** A user or group given by name or numeric id (names as useradd allows, to refuse shell garbage early). */
export const accountRef = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z
    .string()
    .min(1, 'empty user or group name')
    .regex(/^(?:[A-Za-z_][A-Za-z0-9_.-]*\$?|\d+)$/, 'not a valid user or group name'),
);

/** RFC 1123 host name: dot-separated labels of letters, digits and '-', 1-63 each, 253 in all. */
export function checkHostname(name: string): string | undefined {
  if (name.length === 0) return 'the host name is empty';
  if (name.length > 253) return 'a host name has at most 253 characters';
  for (const label of name.replace(/\.$/, '').split('.')) {
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(label)) {
      return `invalid host name ${JSON.stringify(name)}: each dot-separated label has 1-63 letters, digits or '-', not starting or ending with '-' (RFC 1123)`;
    }
  }
  return undefined;
}

/** A host name argument (checkHostname). */
export const hostnameArg = z.string().superRefine(checkedBy(checkHostname));
