/**
 * Filter and test registry. Each function receives plain values (macro output unwrapped); an
 * undefined argument raises its error unless the filter/test is one that handles undefined
 * (default, mandatory, defined, ...). Names may carry the ansible.builtin./ansible.legacy. prefix.
 */
import { nearest } from '../util/errors.js';
import { TemplateError, Undefined } from './errors.js';
import { NativeJinjaText, prim, TypedText } from './pyvalues.js';
import { isKeywords } from './args.js';
import { ansibleName, type PluginKind } from './known-names.js';

export type Fn = (this: unknown, value: unknown, ...args: unknown[]) => unknown;

const filters = new Map<string, Fn>();
const tests = new Map<string, Fn>();

/** Filters that see a TypedText as itself (type_debug names its type), not as its plain string. */
const TYPED_ARGS = new Set(['type_debug']);

function wrap(fn: Fn, undefinedOk: boolean, typed = false): Fn {
  return function (this: unknown, ...args: unknown[]) {
    for (let i = 0; i < args.length; i++) {
      const a = args[i];
      if (a instanceof Undefined) {
        if (!undefinedOk) throw a.error();
      } else if (isKeywords(a)) {
        for (const v of Object.values(a)) if (v instanceof Undefined && !undefinedOk) throw v.error();
      } else if (!(typed && a instanceof TypedText)) args[i] = prim(a);
    }
    return fn.apply(this, args as [unknown, ...unknown[]]);
  };
}

/** Filters whose text a template's result keeps as text, never read as a literal (Ansible's STRING_TYPE_FILTERS default). */
export const STRING_TYPE_FILTERS = new Set(['string', 'to_json', 'to_nice_json', 'to_yaml', 'to_nice_yaml', 'ppretty', 'json']);

function nativeText(fn: Fn): Fn {
  return function (this: unknown, ...args: unknown[]) {
    const out = fn.apply(this, args as [unknown, ...unknown[]]);
    return typeof out === 'string' ? new NativeJinjaText(out) : out;
  };
}

export function defineFilters(defs: Record<string, Fn>, opts: { undefinedOk?: boolean } = {}): void {
  for (const [name, fn] of Object.entries(defs)) {
    const f = wrap(fn, opts.undefinedOk ?? false, TYPED_ARGS.has(name));
    filters.set(name, STRING_TYPE_FILTERS.has(name) ? nativeText(f) : f);
  }
}

export function defineTests(defs: Record<string, Fn>, opts: { undefinedOk?: boolean } = {}): void {
  for (const [name, fn] of Object.entries(defs)) tests.set(name, wrap(fn, opts.undefinedOk ?? false));
}

const PREFIX = /^ansible\.(builtin|legacy)\./;

function find(map: Map<string, Fn>, kind: PluginKind, name: string): Fn {
  const f = map.get(name) ?? map.get(name.replace(PREFIX, ''));
  if (f) return f;
  if (!name.includes('.') && !/^\w+$/.test(name)) {
    // Ansible reads a short name as ansible.builtin.NAME, which is no valid plugin reference
    throw new TemplateError(`TemplateSyntaxError: Could not load "${name}": 'invalid plugin name: ansible.builtin.${name}'`);
  }
  const known = ansibleName(kind, name).status;
  if (known === 'known') throw new TemplateError(`the ${kind} '${name}' exists in Ansible but not in machinist`);
  if (known === 'foreign') throw new TemplateError(`the ${kind} '${name}' is from a collection machinist does not have`);
  const near = nearest(name.replace(PREFIX, ''), [...map.keys()].filter((k) => !k.startsWith('__')));
  throw new TemplateError(`no ${kind} named '${name}'${near ? `; did you mean '${near}'?` : ''}`, { hint: near ? `did you mean '${near}'?` : undefined });
}

export function getFilter(name: string): Fn {
  return find(filters, 'filter', name);
}

export function getTest(name: string): Fn {
  return find(tests, 'test', name);
}

export function hasFilter(name: string): boolean {
  return filters.has(name.replace(PREFIX, '')) || filters.has(name);
}

export function hasTest(name: string): boolean {
  return tests.has(name.replace(PREFIX, '')) || tests.has(name);
}

export function filterNames(): string[] {
  return [...filters.keys()].filter((k) => !k.startsWith('__'));
}

export function testNames(): string[] {
  return [...tests.keys()];
}

/** Register other names for existing filters or tests. */
export function defineAliases(kind: 'filter' | 'test', names: Record<string, string>): void {
  const map = kind === 'filter' ? filters : tests;
  for (const [alias, target] of Object.entries(names)) {
    const f = map.get(target);
    if (!f) throw new Error(`cannot alias ${alias}: no ${kind} ${target}`);
    map.set(alias, f);
  }
}
