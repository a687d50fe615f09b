/**
 * Names every template sees unless a variable shadows them: omit, range, dict, lookup/query
 * (the plugins in lookups/), plus the internal loop helpers.
 */
import { TemplateError, Undefined } from './errors.js';
import { splitArgs } from './args.js';
import { defineFilters } from './registry.js';
import { isDict, prim, pyIter, pyStr, truthy } from './pyvalues.js';
import { runLookup } from './lookups/index.js';
import { now } from './now.js';
import { OMIT } from './omit.js';
import { iter, iterPairs, Splat, type RenderContext } from './runtime.js';

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

function lookupCall(ctx: RenderContext, args: unknown[], wantList: boolean): unknown {
  const { pos, kw } = splitArgs(args);
  return runLookup(ctx, pos, kw, wantList);
}

/** The globals every scope falls back to. */
export const GLOBALS: Record<string, unknown> = {
  omit: OMIT,
  range,
  dict,
  now,
  /** Ansible's undef(hint): an undefined value, for a variable a play must override. */
  undef(...args: unknown[]) {
    const { pos, kw } = splitArgs(args);
    const hint = pos.length ? pos[0] : kw.hint;
    return new Undefined(hint === undefined || hint === null ? 'Mandatory variable has not been overridden' : pyStr(hint));
  },
  lookup(this: RenderContext, ...args: unknown[]) {
    return lookupCall(this, args, false);
  },
  query(this: RenderContext, ...args: unknown[]) {
    return lookupCall(this, args, true);
  },
  q(this: RenderContext, ...args: unknown[]) {
    return lookupCall(this, args, true);
  },
};

// Internal filters the parser inserts around loop sources.
defineFilters({ __iter__: (v) => iter(v), __iter_pairs__: (v) => iterPairs(v), __splat__: (v) => new Splat(v) });
