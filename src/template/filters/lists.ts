/** List filters: set operations, map/select families, ordering, aggregation, zip/product. */
import { TemplateError, Undefined } from '../errors.js';
import { bind, splitArgs } from '../args.js';
import { defineFilters, getFilter, getTest } from '../registry.js';
import { isDict, pyCmp, pyEquals, pyIter, truthy, typeName } from '../pyvalues.js';
import { memberLookup } from '../runtime.js';
import { binop } from '../ops.js';

/** Attribute path "a.b.0" as Jinja2's make_attrgetter. */
export function attrPath(item: unknown, path: unknown): unknown {
  const parts = typeof path === 'number' ? [path] : String(path).split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  let v = item;
  for (const p of parts) v = memberLookup(v, p);
  return v;
}

function list(name: string, v: unknown): unknown[] {
  if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') throw new TemplateError(`${name} expects a list, got ${typeName(v)}`);
  return pyIter(v);
}

function flatten(items: unknown[], levels: number | null, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (skipNulls && (x === null || x === 'None' || x === 'null')) continue;
    if (Array.isArray(x) && (levels === null || levels > 0)) out.push(...flatten(x, levels === null ? null : levels - 1, skipNulls));
    else out.push(x);
  }
  return out;
}

function caseKey(v: unknown, caseSensitive: boolean): unknown {
  return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
}

function minmax(v: unknown, args: unknown[], sign: 1 | -1, name: string): unknown {
  const a = bind(name, args, ['case_sensitive', 'attribute'], { case_sensitive: false });
  const items = list(name, v);
  if (!items.length) return new Undefined(`No ${name} item, sequence was empty.`);
  const key = (x: unknown): unknown => caseKey(a.attribute !== undefined && a.attribute !== null ? attrPath(x, a.attribute) : x, truthy(a.case_sensitive));
  return items.reduce((best, x) => (sign * pyCmp(key(x), key(best)) < 0 ? x : best));
}

function testSelect(this: unknown, v: unknown, args: unknown[], attr: boolean, keep: boolean): unknown[] {
  const { pos, kw } = splitArgs(args);
  let rest = pos;
  let attribute: unknown;
  if (attr) {
    if (!rest.length) throw new TemplateError('selectattr/rejectattr need an attribute name');
    attribute = rest[0];
    rest = rest.slice(1);
  }
  const testName = rest[0];
  const testArgs = rest.slice(1);
  if (Object.keys(kw).length) testArgs.push({ ...kw, __keywords: true });
  const test = testName === undefined ? null : getTest(String(testName));
  return pyIter(v).filter((item) => {
    const x = attr ? attrPath(item, attribute) : item;
    const ok = test ? test.call(this, x, ...testArgs) === true : truthy(x);
    return ok === keep;
  });
}

function product(lists: unknown[][]): unknown[][] {
  return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((a) => l.map((x) => [...a, x])), [[]]);
}

/** A random source; repeatable when seeded (the seed filter argument). */
function rng(seed?: unknown): () => number {
  if (seed === undefined || seed === null) return Math.random;
  let s = [...String(seed)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 2 ** 32;
  };
}

function shuffled<T>(items: T[], seed?: unknown): T[] {
  const rnd = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

defineFilters({
  flatten: (v, ...args) => {
    const a = bind('flatten', args, ['levels', 'skip_nulls'], { levels: null, skip_nulls: true });
    return flatten(list('flatten', v), a.levels === null || a.levels === undefined ? null : Number(a.levels), truthy(a.skip_nulls));
  },
  map(this: unknown, v, ...args) {
    const { pos, kw } = splitArgs(args);
    const items = pyIter(v);
    if (kw.attribute !== undefined) {
      return items.map((x) => {
        const r = attrPath(x, kw.attribute);
        return r instanceof Undefined && 'default' in kw ? kw.default : r;
      });
    }
    if (!pos.length) throw new TemplateError('map: a filter name or attribute= is required');
    const f = getFilter(String(pos[0]));
    const rest = pos.slice(1);
    if (Object.keys(kw).length) rest.push({ ...kw, __keywords: true });
    return items.map((x) => f.call(this, x, ...rest));
  },
  select(this: unknown, v, ...args) {
    return testSelect.call(this, v, args, false, true);
  },
  reject(this: unknown, v, ...args) {
    return testSelect.call(this, v, args, false, false);
  },
  selectattr(this: unknown, v, ...args) {
    return testSelect.call(this, v, args, true, true);
  },
  rejectattr(this: unknown, v, ...args) {
    return testSelect.call(this, v, args, true, false);
  },
  min: (v, ...args) => minmax(v, args, 1, 'min'),
  max: (v, ...args) => minmax(v, args, -1, 'max'),
  sum: (v, ...args) => {
    const a = bind('sum', args, ['attribute', 'start'], { start: 0 });
    let items = list('sum', v);
    if (a.attribute !== undefined && a.attribute !== null) items = items.map((x) => attrPath(x, a.attribute));
    return items.reduce((acc, x) => binop('+', acc, x), a.start);
  },
  sort: (v, ...args) => {
    const a = bind('sort', args, ['reverse', 'case_sensitive', 'attribute'], { reverse: false, case_sensitive: false });
    const items = [...list('sort', v)];
    const attrs = a.attribute === undefined || a.attribute === null ? [] : String(a.attribute).split(',').map((s) => s.trim());
    const key = (x: unknown): unknown => (attrs.length ? attrs.map((p) => caseKey(attrPath(x, p), truthy(a.case_sensitive))) : caseKey(x, truthy(a.case_sensitive)));
    items.sort((x, y) => pyCmp(key(x), key(y)));
    return truthy(a.reverse) ? items.reverse() : items;
  },
  zip: (v, ...others) => {
    const lists = [v, ...others].map((l) => list('zip', l));
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
  },
  zip_longest: (v, ...args) => {
    const { pos, kw } = splitArgs(args);
    const lists = [v, ...pos].map((l) => list('zip_longest', l));
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : (kw.fillvalue ?? null))));
  },
  product: (v, ...args) => {
    const { pos, kw } = splitArgs(args);
    const lists = [v, ...pos].map((l) => list('product', l));
    const rep = Number(kw.repeat ?? 1);
    return product(Array.from({ length: rep }, () => lists).flat());
  },
  random: (v, ...args) => {
    const a = bind('random', args, ['start', 'step', 'seed'], { start: null, step: null, seed: null });
    const rnd = rng(a.seed);
    if (typeof v === 'number' && Number.isInteger(v)) {
      const start = truthy(a.start) ? Number(a.start) : 0;
      const step = truthy(a.step) ? Number(a.step) : 1;
      const choices = Math.ceil((v - start) / step);
      if (choices <= 0) throw new TemplateError(`empty range for randrange() (${start}, ${v}, ${choices})`);
      return start + step * Math.floor(rnd() * choices);
    }
    if (!(typeof v === 'string' || Array.isArray(v) || isDict(v))) throw new TemplateError('random can only be used on sequences and integers');
    if (truthy(a.start) || truthy(a.step)) throw new TemplateError('start and step can only be used with integer values');
    const items = pyIter(v);
    if (!items.length) throw new TemplateError('Cannot choose from an empty sequence');
    return items[Math.floor(rnd() * items.length)];
  },
  shuffle: (v, ...args) => {
    const seed = bind('shuffle', args, ['seed']).seed;
    // Ansible's randomize_list gives back what list() cannot take as it is
    return typeof v === 'string' || Array.isArray(v) || isDict(v) ? shuffled(pyIter(v), truthy(seed) ? seed : undefined) : v;
  },
  batch: (v, size, fill) => {
    const items = list('batch', v);
    const n = Number(size);
    const out: unknown[][] = [];
    for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
    if (fill !== undefined && out.length && out[out.length - 1].length < n) while (out[out.length - 1].length < n) out[out.length - 1].push(fill);
    return out;
  },
  slice: (v, count, fill) => {
    const items = list('slice', v);
    const n = Number(count);
    const per = Math.floor(items.length / n);
    const extra = items.length % n;
    const out: unknown[][] = [];
    let off = 0;
    for (let i = 0; i < n; i++) {
      const len = per + (i < extra ? 1 : 0);
      const chunk = items.slice(off, off + len);
      off += len;
      if (fill !== undefined && i >= extra && extra > 0) chunk.push(fill);
      out.push(chunk);
    }
    return out;
  },
  groupby: (v, attribute) => {
    const items = list('groupby', v);
    const groups: Array<[unknown, unknown[]]> = [];
    for (const x of items) {
      const k = attrPath(x, attribute);
      const g = groups.find(([gk]) => pyEquals(gk, k));
      if (g) g[1].push(x);
      else groups.push([k, [x]]);
    }
    return groups.sort((a, b) => pyCmp(a[0], b[0]));
  },
  attr: (v, name) => memberLookup(v, name),
});

