/**
 * Python value semantics for template values: type names, truthiness, str()/repr(), equality and
 * ordering, as Jinja2 applies them (JavaScript's own rules differ: [] is truthy, 1 == '1', ...).
 * Truthiness and str()/repr() are src/py's, applied to template values (macro output unwrapped, an
 * undefined value raising its error).
 */
import { pyTruthy } from '../py/bool.js';
import { PyDateTime } from '../py/datetime.js';
import * as py from '../py/repr.js';
import { unsafeString } from '../util/yaml-unsafe.js';
import { vaultLockedReason } from '../util/yaml-vault.js';
import { Undefined, TemplateError } from './errors.js';
import { njRuntime } from './nj.js';

const SafeString = njRuntime.SafeString;

/**
 * A string whose Python type set_fact keeps and type_debug names (operations see the plain string,
 * prim): 'str' for a templated result set_fact stored (plain strings of variables are what YAML
 * gave, AnsibleUnicode), or a NativeJinjaText.
 */
export class TypedText {
  constructor(
    readonly text: string,
    readonly type: string = 'str',
  ) {}
  toString(): string {
    return this.text;
  }
  toJSON(): string {
    return this.text;
  }
}

/**
 * Ansible's NativeJinjaText: the text a string-making filter returned (string, to_json, to_yaml,
 * ...; Ansible's STRING_TYPE_FILTERS), which a template's result keeps as text: it is never read as
 * a Python literal (a JSON list stays the string it is).
 */
export class NativeJinjaText extends TypedText {
  constructor(text: string) {
    super(text, 'NativeJinjaText');
  }
}

/** A Python class, as `x.__class__` gives it: type_debug names it 'type', str() is <class 'NAME'>. */
export class PyType {
  constructor(readonly name: string) {}
  toString(): string {
    return `<class '${this.name}'>`;
  }
  toJSON(): string {
    return this.toString();
  }
}

/**
 * Macro and caller() output arrives as nunjucks SafeString objects: make them plain strings. A
 * `!vault` value no vault secret opened is an undefined value whose use raises why (as Ansible
 * fails where such a value is used). An `!unsafe` string is the text it holds (never rendered:
 * only the strings of variables are).
 */
export function prim(v: unknown): unknown {
  if (v instanceof SafeString) return String(v);
  if (v instanceof TypedText) return v.text;
  const text = unsafeString(v);
  if (text !== undefined) return text;
  const locked = vaultLockedReason(v);
  return locked === undefined ? v : new Undefined(locked);
}

export function isDict(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Undefined) && !(v instanceof SafeString) && !(v instanceof PyType) && !(v instanceof PyDateTime);
}

/** Python's type name of a value (type_debug, error messages). */
export function typeName(v: unknown): string {
  if (v instanceof TypedText) return v.type;
  if (v instanceof PyType) return 'type';
  v = prim(v);
  if (v === null || v === undefined) return 'NoneType';
  if (v instanceof Undefined) return 'AnsibleUndefined';
  switch (typeof v) {
    case 'string':
      return 'str';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isInteger(v) ? 'int' : 'float';
    case 'bigint':
      return 'int';
    case 'function':
      return 'function';
  }
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyDateTime) return 'datetime';
  return 'dict';
}

/** A template value as a plain one: macro output as its string; an undefined value raises its error. */
function plain(v: unknown): unknown {
  if (v instanceof Undefined) throw v.error();
  if (v instanceof PyType) return v.toString();
  return prim(v);
}

/** Python truthiness (src/py/bool.ts); an undefined value raises its error. */
export function truthy(v: unknown): boolean {
  return pyTruthy(plain(v));
}

/** Python str() of a value (used by `~`, join, string, mixed-text output); see src/py/repr.ts. */
export function pyStr(v: unknown): string {
  return py.pyStr(v, plain);
}

/** Python repr() of a value: ['a', 1, True, None, {'k': 'v'}]; see src/py/repr.ts. */
export function pyRepr(v: unknown): string {
  if (v instanceof PyType) return v.toString();
  return py.pyRepr(v, plain);
}

/** Python ==, deep for lists and dicts (True == 1 as in Python). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined) throw a.error();
  if (b instanceof Undefined) throw b.error();
  a = prim(a);
  b = prim(b);
  if (a === b) return true;
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === null || b === null) return a === b;
  const ta = typeof a;
  const tb = typeof b;
  if ((ta === 'number' || ta === 'boolean') && (tb === 'number' || tb === 'boolean')) return Number(a) === Number(b);
  if (ta !== 'object' || tb !== 'object') return false;
  if (a instanceof PyDateTime || b instanceof PyDateTime) return a instanceof PyDateTime && b instanceof PyDateTime && a.value === b.value;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => pyEquals(x, bb[i]));
  }
  const ka = Object.keys(a as object);
  const kb = Object.keys(b as object);
  if (ka.length !== kb.length) return false;
  const bo = b as Record<string, unknown>;
  return ka.every((k) => Object.prototype.hasOwnProperty.call(bo, k) && pyEquals((a as Record<string, unknown>)[k], bo[k]));
}

function orderKind(v: unknown): 'num' | 'str' | 'list' | 'datetime' | null {
  if (typeof v === 'number' || typeof v === 'boolean') return 'num';
  if (v instanceof PyDateTime) return 'datetime';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  return null;
}

/** Python ordering: -1, 0, 1; mixing types raises like Python 3 does. */
export function pyCmp(a: unknown, b: unknown, op = '<'): number {
  if (a instanceof Undefined) throw a.error();
  if (b instanceof Undefined) throw b.error();
  a = prim(a);
  b = prim(b);
  const ka = orderKind(a);
  const kb = orderKind(b);
  if (ka === null || ka !== kb) {
    throw new TemplateError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  }
  if (ka === 'num' || ka === 'datetime') {
    const x = ka === 'num' ? Number(a) : (a as PyDateTime).value;
    const y = ka === 'num' ? Number(b) : (b as PyDateTime).value;
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (ka === 'str') return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
  const la = a as unknown[];
  const lb = b as unknown[];
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    if (!pyEquals(la[i], lb[i])) return pyCmp(la[i], lb[i], op);
  }
  return la.length - lb.length < 0 ? -1 : la.length > lb.length ? 1 : 0;
}

/** Python `in`: substring, list membership (==), dict key. */
export function pyContains(container: unknown, item: unknown): boolean {
  if (container instanceof Undefined) throw container.error();
  if (item instanceof Undefined) throw item.error();
  container = prim(container);
  item = prim(item);
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw new TemplateError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isDict(container)) return typeof item === 'string' || typeof item === 'number' ? Object.prototype.hasOwnProperty.call(container, String(item)) : false;
  throw new TemplateError(`argument of type '${typeName(container)}' is not iterable`);
}

/** Python iteration: list items, dict keys, string characters. */
export function pyIter(v: unknown): unknown[] {
  if (v instanceof Undefined) throw v.error();
  v = prim(v);
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return Array.from(v);
  if (isDict(v)) return Object.keys(v);
  throw new TemplateError(`'${typeName(v)}' object is not iterable`);
}
