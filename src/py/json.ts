/**
 * Python's json.dumps, which Ansible uses for results (the default callback) and the to_json /
 * to_nice_json filters: ", " and ": " separators (item separator "," once an indent is given),
 * optional sorted keys, ensure_ascii (\uXXXX for everything outside printable ASCII), and Python's
 * forms of numbers (1e-05, NaN, Infinity). A key whose value is JavaScript's undefined is absent.
 */
import { reprNumber } from './repr.js';

export interface JsonDumpsOptions {
  /** Spaces per level; null (the default) for one line. */
  indent?: number | null;
  sortKeys?: boolean;
  /** Escape non-ASCII characters (Python's default: true). */
  ensureAscii?: boolean;
}

/** A value json.dumps cannot write (Python's TypeError). */
export class JsonDumpsError extends Error {}

function jsonString(s: string, ensureAscii: boolean): string {
  const j = JSON.stringify(s);
  return ensureAscii ? j.replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')) : j;
}

function jsonNumber(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return 'Infinity';
  if (n === -Infinity) return '-Infinity';
  return reprNumber(n);
}

/** Python's json.dumps(v, indent=, sort_keys=, ensure_ascii=). */
export function jsonDumps(v: unknown, opts: JsonDumpsOptions = {}): string {
  return dump(v, opts.indent ?? null, opts.sortKeys ?? false, opts.ensureAscii ?? true, 0);
}

function dump(v: unknown, indent: number | null, sortKeys: boolean, ascii: boolean, depth: number): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return jsonNumber(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'string') return jsonString(v, ascii);
  if (typeof v !== 'object') throw new JsonDumpsError(`Object of type ${typeof v} is not JSON serializable`);
  // a str subclass of the template layer (NativeJinjaText) dumps as its text
  const toJSON = (v as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === 'function' && !(v instanceof Date)) return dump(toJSON.call(v), indent, sortKeys, ascii, depth);
  const nl = indent === null ? '' : '\n' + ' '.repeat(indent * (depth + 1));
  const close = indent === null ? '' : '\n' + ' '.repeat(indent * depth);
  const sep = (indent === null ? ', ' : ',') + nl;
  const inner = (x: unknown) => dump(x, indent, sortKeys, ascii, depth + 1);
  if (Array.isArray(v)) return v.length ? '[' + nl + v.map(inner).join(sep) + close + ']' : '[]';
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined);
  if (sortKeys) keys.sort();
  return keys.length ? '{' + nl + keys.map((k) => `${jsonString(k, ascii)}: ${inner(o[k])}`).join(sep) + close + '}' : '{}';
}
