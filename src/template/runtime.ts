/**
 * The runtime the compiled templates call (`runtime.X` in generated code): nunjucks' own helpers
 * (frames, macros, keyword args) plus Jinja2/Ansible semantics for variable and attribute lookup,
 * method calls, truth tests, operators, output and errors.
 */
import { TemplateError, Undefined } from './errors.js';
import { njLib, njRuntime, type NjFrame } from './nj.js';
import { binop, unary } from './ops.js';
import { isDict, prim, PyType, pyCmp, pyContains, pyEquals, pyIter, pyStr, truthy, typeName } from './pyvalues.js';
import { pyMethod } from './methods.js';
import { hasKey, type Scope } from './scope.js';

/** Marker: the native value of a single-expression template was not produced. */
export const NO_NATIVE = Symbol('no native value');

/** Per-render state the compiled code talks to as `context`. */
export class RenderContext {
  native: unknown = NO_NATIVE;
  readonly blocks: Record<string, unknown[]> = {};
  readonly exported: string[] = [];
  readonly locals: Record<string, unknown> = Object.create(null);
  constructor(readonly scope: Scope) {}
  lookup(name: string): unknown {
    return name in this.locals ? this.locals[name] : this.scope.lookup(name);
  }
  setVariable(name: string, val: unknown): void {
    this.locals[name] = val;
  }
  /** include/import pass this back to the template they load. */
  getVariables(): RenderContext {
    return this;
  }
  addExport(name: string): void {
    this.exported.push(name);
  }
  getExported(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const n of this.exported) out[n] = this.locals[n];
    return out;
  }
  addBlock(name: string, block: unknown): this {
    (this.blocks[name] ??= []).push(block);
    return this;
  }
  getBlock(name: string): unknown {
    const b = this.blocks[name];
    if (!b) throw new TemplateError(`unknown block '${name}'`);
    return b[0];
  }
  getSuper(env: unknown, name: string, block: unknown, frame: NjFrame, runtime: unknown, cb: unknown): void {
    const list = this.blocks[name] ?? [];
    const next = list[list.indexOf(block) + 1] as ((...a: unknown[]) => void) | undefined;
    if (list.indexOf(block) < 0 || !next) throw new TemplateError(`no super block available for '${name}'`);
    next(env, this, frame, runtime, cb);
  }
}

/** A slice x[start:stop:step]. */
export class PySlice {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
  apply<T>(seq: T[]): T[] {
    const n = seq.length;
    const num = (v: unknown, name: string): number | null => {
      v = prim(v);
      if (v === null || v === undefined) return null;
      if (v instanceof Undefined) throw v.error();
      if (typeof v !== 'number' || !Number.isInteger(v)) throw new TemplateError(`slice ${name} must be an integer or None, not ${typeName(v)}`);
      return v;
    };
    const step = num(this.step, 'step') ?? 1;
    if (step === 0) throw new TemplateError('slice step cannot be zero');
    const norm = (v: number | null, dflt: number, lo: number, hi: number): number => {
      if (v === null) return dflt;
      if (v < 0) v += n;
      return Math.min(Math.max(v, lo), hi);
    };
    const out: T[] = [];
    if (step > 0) {
      const a = norm(num(this.start, 'start'), 0, 0, n);
      const b = norm(num(this.stop, 'stop'), n, 0, n);
      for (let i = a; i < b; i += step) out.push(seq[i]);
    } else {
      const a = norm(num(this.start, 'start'), n - 1, -1, n - 1);
      const b = norm(num(this.stop, 'stop'), -1, -1, n - 1);
      for (let i = a; i > b; i += step) out.push(seq[i]);
    }
    return out;
  }
}

/** x.y and x['y'] as Jinja2 does it: a missing key gives an Undefined that names it. */
export function memberLookup(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj;
  obj = prim(obj);
  if (key instanceof PySlice) {
    if (typeof obj === 'string') return key.apply(Array.from(obj)).join('');
    if (Array.isArray(obj)) return key.apply(obj);
    throw new TemplateError(`'${typeName(obj)}' object is not subscriptable`);
  }
  if (key instanceof Undefined) throw key.error();
  key = prim(key);
  if (key === '__class__' && !(obj instanceof PyType)) return new PyType(typeName(obj));
  if (obj === null || obj === undefined) return new Undefined(`'None' has no attribute '${pyStr(key)}'`);
  if (Array.isArray(obj) || typeof obj === 'string') {
    const k = typeof key === 'number' ? key : typeof key === 'string' && /^-?\d+$/.test(key) ? Number(key) : typeof key === 'boolean' ? Number(key) : NaN;
    if (Number.isInteger(k)) {
      const i = k < 0 ? obj.length + k : k;
      if (i >= 0 && i < obj.length) return typeof obj === 'string' ? Array.from(obj)[i] : obj[i];
      return new Undefined(`${typeName(obj)} object has no element ${k}`);
    }
    return new Undefined(`'${typeName(obj)} object' has no attribute '${pyStr(key)}'`);
  }
  if (typeof obj === 'object') {
    const k = typeof key === 'boolean' ? (key ? 'True' : 'False') : String(key);
    if (hasKey(obj, k)) return (obj as Record<string, unknown>)[k];
    return new Undefined(`'dict object' has no attribute '${k}'`);
  }
  return new Undefined(`'${typeName(obj)} object' has no attribute '${pyStr(key)}'`);
}

/** x.name(...): a Python method of the value first, then a callable stored under that key. */
export function methodLookup(obj: unknown, key: unknown): unknown {
  if (obj instanceof Undefined) return obj;
  const self = prim(obj);
  if (typeof key === 'string') {
    const m = pyMethod(self, key);
    if (m) return m;
  }
  const v = memberLookup(self, key);
  if (v instanceof Undefined && !(self !== null && typeof self === 'object' && !Array.isArray(self) && hasKey(self, String(key)))) {
    return new Undefined(`'${typeName(self)} object' has no attribute '${pyStr(prim(key))}'`);
  }
  return v;
}

/** `*iterable` in a call's arguments (made by the __splat__ filter the parser inserts). */
export class Splat {
  constructor(readonly value: unknown) {}
}

function callWrap(fn: unknown, name: string, context: unknown, args: unknown[]): unknown {
  if (fn instanceof Undefined) throw fn.error();
  if (typeof fn !== 'function') throw new TemplateError(`'${name}' is not callable (it is a ${typeName(fn)})`);
  if (args.some((a) => a instanceof Splat)) args = args.flatMap((a) => (a instanceof Splat ? pyIter(a.value) : [a]));
  return fn.apply(context, args);
}

function contextOrFrameLookup(context: RenderContext, frame: NjFrame, name: string): unknown {
  const v = frame.lookup(name);
  return v !== undefined ? v : context.lookup(name);
}

/** {{ x }} in text: Python str(), None as '' (Ansible's finalize). */
function suppressValue(v: unknown): string {
  if (v instanceof Undefined) throw v.error();
  v = prim(v);
  if (v === null || v === undefined) return '';
  return typeof v === 'string' ? v : pyStr(v);
}

function handleError(e: unknown, lineno: number, colno: number): TemplateError {
  let err: TemplateError;
  if (e instanceof TemplateError) err = e;
  else if (e instanceof njLib.TemplateError) {
    const x = e as unknown as { message: string; lineno?: number; colno?: number; cause?: Error };
    err = x.cause instanceof TemplateError ? x.cause : new TemplateError(x.cause ? x.cause.message : x.message);
    if (x.lineno && err.line === undefined) {
      err.line = x.lineno;
      err.col = x.colno;
    }
  } else err = new TemplateError(e instanceof Error ? e.message : String(e));
  if (err.line === undefined && typeof lineno === 'number') {
    err.line = lineno + 1;
    err.col = colno + 1;
  }
  return err;
}

function compare(...parts: unknown[]): boolean {
  for (let i = 1; i < parts.length; i += 2) {
    const a = parts[i - 1];
    const op = parts[i] as string;
    const b = parts[i + 1];
    let ok: boolean;
    if (op === '==' || op === '===') ok = pyEquals(a, b);
    else if (op === '!=' || op === '!==') ok = !pyEquals(a, b);
    else {
      const c = pyCmp(a, b, op);
      ok = op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    }
    if (!ok) return false;
  }
  return true;
}

/** `for x in v`: list items, dict keys, string characters. */
export function iter(v: unknown): unknown[] {
  if (v === null || v === undefined) throw new TemplateError("'NoneType' object is not iterable");
  return pyIter(v);
}

/** `for k, v in v`: a list of pairs, or a mapping (nunjucks iterates its items). */
export function iterPairs(v: unknown): unknown {
  if (v instanceof Undefined) throw v.error();
  v = prim(v);
  if (Array.isArray(v) || isDict(v)) return v;
  throw new TemplateError(`cannot unpack items of '${typeName(v)}'`);
}

/** The object passed to compiled code as `runtime`. */
export const runtime: Record<string, unknown> = {
  ...njRuntime,
  memberLookup,
  methodLookup,
  callWrap,
  contextOrFrameLookup,
  suppressValue,
  handleError,
  inOperator: (item: unknown, container: unknown) => pyContains(container, item),
  fromIterator: (v: unknown) => v,
  truthy,
  compare,
  binop,
  unary,
  concat: (a: unknown, b: unknown) => pyStr(a) + pyStr(b),
  or: (a: unknown, b: () => unknown) => (truthy(a) ? a : b()),
  and: (a: unknown, b: () => unknown) => (truthy(a) ? b() : a),
  slice: (a: unknown, b: unknown, c: unknown) => new PySlice(a, b, c),
  /** A dict literal's key as the string it is stored under (Python's str() of it). */
  dictKey: (k: unknown) => pyStr(k),
  nativeOut: (context: RenderContext, v: unknown) => {
    context.native = v;
    return '';
  },
  cycler: (i: number) => (...items: unknown[]) => items[i % items.length],
};
