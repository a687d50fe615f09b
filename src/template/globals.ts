/**
 * Names every template sees unless a variable shadows them: omit, range, dict, lookup/query
 * (controller-side env, file, vars, items), plus the internal loop helpers.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { nearest } from '../util/errors.js';
import { TemplateError, Undefined } from './errors.js';
import { splitArgs } from './args.js';
import { defineFilters } from './registry.js';
import { isDict, prim, pyIter, pyStr, truthy } from './pyvalues.js';
import { OMIT } from './omit.js';
import { iter, iterPairs, type RenderContext } from './runtime.js';

function range(...args: unknown[]): number[] {
  const n = args.map((a) => {
    a = prim(a);
    if (a instanceof Undefined) throw a.error();
    if (typeof a !== 'number' || !Number.isInteger(a)) throw new TemplateError(`range() arguments must be integers, not ${pyStr(a)}`);
    return a;
  });
  const [start, stop, step] = n.length === 1 ? [0, n[0], 1] : [n[0], n[1], n[2] ?? 1];
  if (step === 0) throw new TemplateError('range() arg 3 must not be zero');
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) {
    out.push(i);
    if (out.length > 1_000_000) throw new TemplateError('range() is too large');
  }
  return out;
}

function dict(...args: unknown[]): Record<string, unknown> {
  const { pos, kw } = splitArgs(args);
  const out: Record<string, unknown> = {};
  for (const p of pos) {
    if (isDict(p)) Object.assign(out, p);
    else
      for (const pair of pyIter(p)) {
        if (!Array.isArray(pair) || pair.length !== 2) throw new TemplateError('dict() needs a mapping or a list of pairs');
        out[pyStr(pair[0])] = pair[1];
      }
  }
  return Object.assign(out, kw);
}

type Lookup = (ctx: RenderContext, terms: unknown[], kw: Record<string, unknown>) => unknown[];

const LOOKUPS: Record<string, Lookup> = {
  env: (_c, terms, kw) => terms.map((t) => process.env[pyStr(t)] ?? (kw.default !== undefined ? kw.default : '')),
  vars: (c, terms, kw) =>
    terms.map((t) => {
      const v = c.lookup(pyStr(t));
      if (v instanceof Undefined) {
        if (kw.default !== undefined) return kw.default;
        throw new TemplateError(`No variable found with this name: ${pyStr(t)}`);
      }
      return v;
    }),
  file: (c, terms, kw) =>
    terms.map((t) => {
      let p = pyStr(t);
      if (!path.isAbsolute(p)) {
        const base = c.lookup('playbook_dir');
        if (typeof base === 'string') p = path.join(base, 'files', p);
      }
      let text: string;
      try {
        text = readFileSync(p, 'utf8');
      } catch {
        try {
          const base = c.lookup('playbook_dir');
          text = readFileSync(typeof base === 'string' && !path.isAbsolute(pyStr(t)) ? path.join(base, pyStr(t)) : pyStr(t), 'utf8');
        } catch {
          throw new TemplateError(`could not locate file in lookup: ${pyStr(t)}`);
        }
      }
      return truthy(kw.rstrip ?? true) ? text.replace(/\s+$/, '') : text;
    }),
  items: (_c, terms) => terms.flatMap((t) => (Array.isArray(t) ? t : [t])),
  list: (_c, terms) => terms,
  indexed_items: (_c, terms) => terms.flatMap((t) => (Array.isArray(t) ? t : [t])).map((x, i) => [i, x]),
};

function runLookup(ctx: RenderContext, args: unknown[], wantList: boolean): unknown {
  const { pos, kw } = splitArgs(args);
  const name = pyStr(pos[0]).replace(/^ansible\.(builtin|legacy)\./, '');
  const fn = LOOKUPS[name];
  if (!fn) {
    const near = nearest(name, Object.keys(LOOKUPS));
    throw new TemplateError(`lookup plugin '${name}' is not available${near ? `; did you mean '${near}'?` : ''}`);
  }
  for (const t of pos.slice(1)) if (t instanceof Undefined) throw t.error();
  const values = fn(ctx, pos.slice(1).map(prim), kw);
  if (wantList || truthy(kw.wantlist ?? false)) return values;
  if (name === 'items' || name === 'list' || name === 'indexed_items') return values;
  return values.length === 1 ? values[0] : values.map(pyStr).join(',');
}

/** The globals every scope falls back to. */
export const GLOBALS: Record<string, unknown> = {
  omit: OMIT,
  range,
  dict,
  lookup(this: RenderContext, ...args: unknown[]) {
    return runLookup(this, args, false);
  },
  query(this: RenderContext, ...args: unknown[]) {
    return runLookup(this, args, true);
  },
  q(this: RenderContext, ...args: unknown[]) {
    return runLookup(this, args, true);
  },
};

// Internal filters the parser inserts around loop sources.
defineFilters({ __iter__: (v) => iter(v), __iter_pairs__: (v) => iterPairs(v) });
