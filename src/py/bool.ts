/**
 * The two ways a value is read as true or false:
 * - Ansible's boolean() (module_utils/parsing/convert_bool.py), for boolean keywords, boolean
 *   module arguments and variables such as ansible_become: true/false, 1/0, and the words y yes on
 *   1 true t / n no off 0 false f in any case with surrounding white space. Anything else is no
 *   boolean: strict readers refuse it with Ansible's message.
 * - Python's bool() of a value (Jinja2's `if`, `and`/`or`, the truthy test): empty strings, lists
 *   and dicts, 0 and None are false; every other value is true ('no' and NaN included).
 */

import { pyStr } from './repr.js';

const TRUE_WORDS = new Set(['y', 'yes', 'on', '1', 'true', 't']);
const FALSE_WORDS = new Set(['n', 'no', 'off', '0', 'false', 'f']);

/** What Ansible's message lists (its BOOLEANS, where 1.0 and True are the same member as 1). */
const VALID = "'y', 'yes', 'on', '1', 'true', 't', 1, 'n', 'no', 'off', '0', 'false', 'f', 0";

/** A value that Ansible's boolean() refuses. */
export class BooleanError extends Error {}

/** One of Ansible's boolean words, compared lower-cased but not trimmed (the sysctl module's reading). */
export function booleanWord(word: string): boolean | undefined {
  const w = word.toLowerCase();
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : undefined;
}

/** Ansible's boolean() of a value, or undefined when it is none of the booleans. */
export function readBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return booleanWord(v.trim());
  if (v === 1 || v === 0) return v === 1;
  return undefined;
}

/** Ansible's boolean(value, strict=True): throws BooleanError with Ansible's message. */
export function boolean(v: unknown): boolean {
  const b = readBoolean(v);
  if (b === undefined) throw new BooleanError(`The value '${pyStr(v)}' is not a valid boolean.  Valid booleans include: ${VALID}`);
  return b;
}

/** Python's bool() of a plain value. */
export function pyTruthy(v: unknown): boolean {
  if (v === null || v === undefined) return false;
  switch (typeof v) {
    case 'boolean':
      return v;
    case 'number':
      return v !== 0;
    case 'bigint':
      return v !== 0n;
    case 'string':
      return v.length > 0;
    case 'object':
      return Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0;
  }
  return true;
}
