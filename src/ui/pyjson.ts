/**
 * JSON as Ansible prints results in its default callback: Python's json.dumps (src/py/json.ts) with
 * sorted keys and ensure_ascii off, on one line or with an indent of 4 for verbose/debug output.
 */
import { jsonDumps } from '../py/json.js';

/** The callback's dump of a value; indent 0 is one line. */
export function pyJson(value: unknown, indent = 0): string {
  return jsonDumps(value, { indent: indent || null, sortKeys: true, ensureAscii: false });
}
