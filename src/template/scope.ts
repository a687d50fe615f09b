/**
 * Lazy variables. Values in `vars` may be template strings that reference other variables
 * (`a: "{{ b }}-x"`); they are rendered when looked up, recursively, with cycle detection, and
 * cached for the duration of one render call. Mappings and lists are handed to templates as
 * read-only Proxies that render their template strings on access, so a large tree (hostvars,
 * facts) is never rendered as a whole. `hostvars[h]` resolves in host h's own variables.
 */
import { nearest } from '../util/errors.js';
import { TemplateError, Undefined } from './errors.js';
import { TypedText, prim, PyType } from './pyvalues.js';

/** Renders a template string to its native value within a scope. */
export type Renderer = (source: string, scope: Scope) => unknown;

const unsafe = new WeakSet<object>();

/**
 * Mark a value (a mapping or list, e.g. a registered result or gathered facts) as data that is never
 * templated again: strings inside it that contain `{{` stay as they are (Ansible's "unsafe").
 */
export function markUnsafe<T>(v: T): T {
  if (v !== null && typeof v === 'object') unsafe.add(v as object);
  return v;
}

export function isUnsafe(v: unknown): boolean {
  return v !== null && typeof v === 'object' && unsafe.has(v as object);
}

/** A string that contains template syntax. */
export function hasTemplateSyntax(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.includes('{#');
}

interface ProxyInfo {
  target: object;
  scope: Scope;
}
const proxies = new WeakMap<object, ProxyInfo>();

/** The raw object behind a lazy proxy (or the value itself). */
export function proxyTarget(v: unknown): unknown {
  if (v !== null && typeof v === 'object') return proxies.get(v as object)?.target ?? v;
  return v;
}

const hasOwn = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Own key anywhere up the prototype chain, but never Object.prototype's (constructor, toString...). */
export function hasKey(obj: object, key: string): boolean {
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    if (hasOwn(o, key)) return true;
  }
  return false;
}

function chainKeys(obj: object): string[] {
  const seen = new Set<string>();
  for (let o: object | null = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
    for (const k of Object.keys(o)) seen.add(k);
  }
  return [...seen];
}

function readOnly(): never {
  throw new TemplateError('variables are read-only inside templates; make a copy first (e.g. x | list or x | combine({}))');
}

const RECURSION = (label: string): TemplateError => new TemplateError(`recursive loop detected in template for '${label}'`);

/**
 * A read-only mapping view of `raw`: its keys are raw's (up the prototype chain, never
 * Object.prototype's), the value of each comes from `valueOf`. Other names (symbols, inherited
 * members) read and test as on raw when `inherited`, else as absent.
 */
function mappingView(raw: object, valueOf: (key: string) => unknown, inherited: boolean): object {
  return new Proxy(
    {},
    {
      get: (_t, key) => (typeof key === 'string' && hasKey(raw, key) ? valueOf(key) : inherited ? Reflect.get(raw, key) : undefined),
      has: (_t, key) => (typeof key === 'string' ? hasKey(raw, key) : inherited && Reflect.has(raw, key)),
      ownKeys: () => chainKeys(raw),
      getOwnPropertyDescriptor: (_t, key) =>
        typeof key === 'string' && hasKey(raw, key) ? { value: (raw as Record<string, unknown>)[key], writable: true, enumerable: true, configurable: true } : undefined,
      getPrototypeOf: () => Object.prototype,
      set: readOnly,
      deleteProperty: readOnly,
      defineProperty: readOnly,
    },
  );
}

export class Scope {
  private readonly cache = new Map<string, unknown>();
  private readonly active = new Set<string>();
  private readonly nestedCache = new WeakMap<object, Map<string, unknown>>();
  private readonly nestedActive = new WeakMap<object, Set<string>>();
  private readonly wrapped = new WeakMap<object, object>();
  private readonly children = new WeakMap<object, Scope>();
  private root?: object;
  /** Strings handed out as they were written (not rendered): AnsibleUnicode to type_debug. */
  private readonly written = new Set<string>();

  constructor(
    readonly vars: Record<string, unknown>,
    readonly render: Renderer,
    /** Names visible when `vars` lacks them (omit, range, lookup, ...). */
    readonly globals: Record<string, unknown>,
  ) {}

  /** A top-level variable, resolved; Undefined when there is none. */
  lookup(name: string): unknown {
    if (this.cache.has(name)) return this.cache.get(name);
    if (!hasKey(this.vars, name)) {
      if (name === 'vars') return this.rootProxy();
      if (hasOwn(this.globals, name)) return this.globals[name];
      return new Undefined(`'${name}' is undefined`, undefined, name, () => {
        const near = nearest(name, this.names());
        return near ? `did you mean '${near}'?` : undefined;
      });
    }
    const raw = this.vars[name];
    let value: unknown;
    if (name === 'hostvars' && raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
      value = this.hostvarsProxy(raw);
    } else if (typeof raw === 'string' && hasTemplateSyntax(raw)) {
      value = this.renderGuarded(this.active, name, raw);
    } else {
      value = this.wrap(raw);
      if (typeof value === 'string') this.written.add(value);
    }
    this.cache.set(name, value);
    return value;
  }

  /** A string a variable held as written (from YAML, not rendered): Ansible's AnsibleUnicode. */
  isWritten(s: string): boolean {
    return this.written.has(s);
  }

  /** Names of the variables (for "did you mean"). */
  names(): string[] {
    return chainKeys(this.vars);
  }

  /** A lazy read-only view of a mapping or list found in this scope's variables. */
  wrap(raw: unknown): unknown {
    if (raw instanceof TypedText || raw instanceof PyType) return raw;
    raw = prim(raw);
    if (raw === null || typeof raw !== 'object' || unsafe.has(raw) || proxies.has(raw) || raw instanceof Undefined) return raw;
    let p = this.wrapped.get(raw);
    if (!p) {
      p = Array.isArray(raw) ? this.listProxy(raw) : this.dictProxy(raw);
      this.wrapped.set(raw, p);
      proxies.set(p, { target: raw, scope: this });
    }
    return p;
  }

  /** A template string rendered in this scope; `key` must not be in `active` (rendering it already): a recursive loop. */
  private renderGuarded(active: Set<string>, key: string, source: string): unknown {
    if (active.has(key)) throw RECURSION(key);
    active.add(key);
    try {
      return this.render(source, this);
    } finally {
      active.delete(key);
    }
  }

  /** The value of key `key` of raw container `owner`, rendered in this scope. */
  private resolveMember(owner: object, key: string): unknown {
    const raw = (owner as Record<string, unknown>)[key];
    if (typeof raw !== 'string') return this.wrap(raw);
    if (!hasTemplateSyntax(raw) || unsafe.has(owner)) {
      this.written.add(raw);
      return raw;
    }
    let cache = this.nestedCache.get(owner);
    if (cache?.has(key)) return cache.get(key);
    let active = this.nestedActive.get(owner);
    if (!active) this.nestedActive.set(owner, (active = new Set()));
    const value = this.renderGuarded(active, key, raw);
    if (!cache) this.nestedCache.set(owner, (cache = new Map()));
    cache.set(key, value);
    return value;
  }

  private dictProxy(raw: object): object {
    return mappingView(raw, (key) => this.resolveMember(raw, key), true);
  }

  private listProxy(raw: unknown[]): object {
    const isIndex = (key: PropertyKey): boolean => typeof key === 'string' && /^(0|[1-9]\d*)$/.test(key) && Number(key) < raw.length;
    return new Proxy([], {
      get: (_t, key) => (isIndex(key) ? this.resolveMember(raw, key as string) : key === 'length' ? raw.length : Reflect.get(raw, key)),
      has: (_t, key) => Reflect.has(raw, key),
      ownKeys: () => Reflect.ownKeys(raw),
      getOwnPropertyDescriptor: (t, key) => {
        if (key === 'length') return { value: raw.length, writable: true, enumerable: false, configurable: false };
        const d = Reflect.getOwnPropertyDescriptor(raw, key);
        return d ? { ...d, configurable: true } : Reflect.getOwnPropertyDescriptor(t, key);
      },
      set: readOnly,
      deleteProperty: readOnly,
      defineProperty: readOnly,
    });
  }

  /** The scope's own variables as a lazy mapping (the magic `vars`). */
  rootProxy(): object {
    if (this.root) return this.root;
    const vars = this.vars;
    const p = mappingView(vars, (key) => this.lookup(key), false);
    proxies.set(p, { target: vars, scope: this });
    this.root = p;
    return p;
  }

  /** The scope of another host's variables (hostvars[h]), rendered in that host's own variables. */
  child(vars: object): Scope {
    let s = this.children.get(vars);
    if (!s) {
      s = new Scope(vars as Record<string, unknown>, this.render, this.globals);
      this.children.set(vars, s);
    }
    return s;
  }

  private hostvarsProxy(raw: object): object {
    const resolve = (key: string): unknown => {
      const v = (raw as Record<string, unknown>)[key];
      return v !== null && typeof v === 'object' && !Array.isArray(v) ? this.child(v).rootProxy() : this.wrap(v);
    };
    const p = mappingView(raw, resolve, false);
    proxies.set(p, { target: raw, scope: this });
    return p;
  }
}

/**
 * A plain deep copy of a value with every lazy view resolved (what renderValue returns). Raises
 * the error of any undefined value inside. Unsafe marks are carried over to the copy. With
 * `keepTypes`, TypedText stays itself (what set_fact stores), else it is its plain string.
 */
export function materialize(v: unknown, seen: object[] = [], keepTypes = false): unknown {
  if (v instanceof Undefined) throw v.error();
  if ((keepTypes && v instanceof TypedText) || v instanceof PyType) return v;
  v = prim(v);
  if (v === null || typeof v !== 'object') return v;
  if (seen.includes(v)) throw new TemplateError('cannot render a value that contains itself');
  seen.push(v);
  let out: unknown;
  if (Array.isArray(v)) out = v.map((x) => materialize(x, seen, keepTypes));
  else {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) o[k] = materialize((v as Record<string, unknown>)[k], seen, keepTypes);
    out = o;
  }
  seen.pop();
  if (unsafe.has(proxyTarget(v) as object)) unsafe.add(out as object);
  return out;
}
