/**
 * Python's repr() and str() of values, as Ansible prints them in `(item=...)` labels, loop errors,
 * `ansible-inventory --graph --vars` and Jinja2 output: None/True/False, 'quoted' strings (double
 * quotes only when the text has ' and no "), non-printable characters escaped as Python escapes
 * them, floats in Python's shortest form (1e-05, inf, nan), [lists] and {'dicts': ...}.
 *
 * JavaScript numbers do not say whether they were ints or floats: an integral number prints as an
 * int (a YAML `1.0` prints as 1).
 */
import { PyDateTime } from './datetime.js';

/**
 * How a caller's own wrapper values read as plain ones, applied at every level before printing (the
 * template layer unwraps macro output and raises the error of an undefined value). Default: as is.
 */
export type Unwrap = (v: unknown) => unknown;

const asIs: Unwrap = (v) => v;

/** Characters Python's str.isprintable() refuses (categories C* and Z* but the ASCII space). */
const NON_PRINTABLE = /^[\p{C}\p{Z}]$/u;

/** Python's repr() of a string. */
export function reprString(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = q;
  for (const ch of s) {
    if (ch === '\\' || ch === q) out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch !== ' ' && NON_PRINTABLE.test(ch)) out += escapeCode(ch.codePointAt(0)!);
    else out += ch;
  }
  return out + q;
}

function escapeCode(c: number): string {
  const hex = c.toString(16);
  if (c <= 0xff) return '\\x' + hex.padStart(2, '0');
  if (c <= 0xffff) return '\\u' + hex.padStart(4, '0');
  return '\\U' + hex.padStart(8, '0');
}

/**
 * Python's repr() of a number: an int as its digits, a float in the shortest form that reads back
 * (exponent form below 1e-4 and from 1e16 on: 1e-05, 1.5e+16), inf, -inf, nan.
 */
export function reprNumber(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (n === Infinity) return 'inf';
  if (n === -Infinity) return '-inf';
  if (Number.isInteger(n)) return String(n);
  const [digits, exp] = n.toExponential().split('e');
  const e = Number(exp);
  if (e < -4 || e >= 16) return `${digits}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return String(n);
}

/** Python's repr() of a value: ['a', 1, True, None, {'k': 'v'}]. */
export function pyRepr(v: unknown, unwrap: Unwrap = asIs): string {
  v = unwrap(v);
  if (typeof v === 'string') return reprString(v);
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return reprNumber(v);
  if (typeof v === 'bigint') return String(v);
  if (typeof v === 'function') return '<function>';
  if (Array.isArray(v)) return '[' + v.map((x) => pyRepr(x, unwrap)).join(', ') + ']';
  if (v instanceof PyDateTime) return `datetime.datetime(${v.toString().replace(/[-:. ]0*(?=\d)/g, ', ')})`;
  if (typeof v === 'object') {
    return '{' + Object.entries(v).map(([k, x]) => `${reprString(k)}: ${pyRepr(x, unwrap)}`).join(', ') + '}';
  }
  return String(v);
}

/** Python's str() of a value: a string as it is, anything else as its repr(). */
export function pyStr(v: unknown, unwrap: Unwrap = asIs): string {
  v = unwrap(v);
  if (v instanceof PyDateTime) return v.toString();
  return typeof v === 'string' ? v : pyRepr(v, unwrap);
}
