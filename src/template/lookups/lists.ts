/**
 * The lookups that reshape their terms (Ansible's items, list, flattened, indexed_items, dict,
 * nested, together, subelements, sequence, random_choice): pure, with Ansible's error messages.
 */
import { shlexSplit } from '../../py/shlex.js';
import { percentFormat } from '../ops.js';
import { isDict, prim, pyStr, truthy } from '../pyvalues.js';
import { proxyTarget } from '../scope.js';
import { LookupError, type Lookup } from './types.js';

/** LookupBase._flatten: one level. */
export function flattenOnce(terms: unknown[]): unknown[] {
  return terms.flatMap((t) => (Array.isArray(t) ? t : [t]));
}

/** listify_lookup_plugin_terms on an already rendered value: a string or scalar becomes [value]. */
export function listify(v: unknown): unknown[] {
  v = prim(v);
  if (Array.isArray(v)) return v;
  if (isDict(v)) return Object.keys(v);
  return [v];
}

function flattenDeep(terms: unknown[], call: Parameters<Lookup>[1]): unknown[] {
  const out: unknown[] = [];
  for (let t of terms) {
    t = prim(t);
    if (typeof t === 'string' && ['None', 'null'].includes(t.trim())) break;
    if (typeof t === 'string') {
      const v = prim(call.ctx.lookup(t.trim()));
      t = Array.isArray(v) ? v : t;
    }
    if (Array.isArray(t)) out.push(...flattenDeep(t, call));
    else out.push(t);
  }
  return out;
}

function toInt(name: string, raw: string): number {
  const s = raw.trim().toLowerCase();
  const m = /^([+-]?)(0x[0-9a-f]+|0o?[0-7]+|0b[01]+|[1-9][0-9]*|0)$/.exec(s);
  if (!m) throw new LookupError(`can't parse ${name}=${raw} as integer`);
  const body = m[2];
  if (/^0[0-7]+$/.test(body)) throw new LookupError(`can't parse ${name}=${raw} as integer`);
  const radix = body.startsWith('0x') ? 16 : body.startsWith('0o') ? 8 : body.startsWith('0b') ? 2 : 10;
  const n = parseInt(radix === 10 ? body : body.slice(2), radix);
  return m[1] === '-' ? -n : n;
}

const SHORTCUT = /^((0?x?[0-9a-f]+)-)?(0?x?[0-9a-f]+)(\/(0?x?[0-9a-f]+))?(:(.+))?$/i;

/** One with_sequence term: `[start-]end[/stride][:format]` or `start= end= count= stride= format=`. */
export function sequence(term: string): string[] {
  let start = 1;
  let end: number | undefined;
  let count: number | undefined;
  let stride = 1;
  let format = '%d';
  const m = SHORTCUT.exec(term);
  if (m) {
    if (m[2] !== undefined) start = toInt('start', m[2]);
    end = toInt('end', m[3]);
    if (m[5] !== undefined) stride = toInt('stride', m[5]);
    if (m[7] !== undefined) format = m[7];
  } else {
    let words: string[];
    try {
      words = shlexSplit(term);
    } catch (e) {
      throw new LookupError(`unknown error parsing with_sequence arguments: ${pyStr(term)}. Error was: ${(e as Error).message}`);
    }
    const args: Record<string, string> = {};
    for (const w of words) {
      const i = w.indexOf('=');
      if (i > 0) args[w.slice(0, i)] = w.slice(i + 1);
      else args._raw_params = args._raw_params ? `${args._raw_params} ${w}` : w;
    }
    for (const k of ['start', 'end', 'count', 'stride'] as const) {
      if (args[k] === undefined) continue;
      const n = toInt(k, args[k]);
      if (k === 'start') start = n;
      else if (k === 'end') end = n;
      else if (k === 'count') count = n;
      else stride = n;
      delete args[k];
    }
    if (args.format !== undefined) {
      format = args.format;
      delete args.format;
    }
    const rest = Object.keys(args);
    if (rest.length) throw new LookupError(`unrecognized arguments to with_sequence: [${rest.map((k) => `'${k}'`).join(', ')}]`);
  }
  if (count === undefined && end === undefined) throw new LookupError('must specify count or end in with_sequence');
  if (count !== undefined && end !== undefined) throw new LookupError("can't specify both count and end in with_sequence");
  if (count !== undefined) {
    if (count !== 0) end = start + count * stride - 1;
    else start = end = stride = 0;
  }
  const last = end as number;
  if (stride > 0 && last < start) throw new LookupError('to count backwards make stride negative');
  if (stride < 0 && last > start) throw new LookupError("to count forward don't make stride negative");
  if ((format.match(/%/g) ?? []).length !== 1) throw new LookupError(`bad formatting string: ${format}`);
  if (stride === 0) return [];
  const out: string[] = [];
  const stop = last + (stride >= 0 ? 1 : -1);
  for (let i = start; stride > 0 ? i < stop : i > stop; i += stride) {
    try {
      out.push(percentFormat(format, i));
    } catch {
      throw new LookupError(`problem formatting ${i} with '${format}'`);
    }
  }
  return out;
}

function subelements(terms: unknown[]): unknown[] {
  const bad = (msg = '') => new LookupError('subelements lookup expects a list of two or three items, ' + msg);
  if (terms.length < 2 || terms.length > 3) throw bad();
  // listify_lookup_plugin_terms(terms[0]): a scalar becomes a one-item list
  let base = prim(terms[0]);
  if (!Array.isArray(base) && !isDict(base)) base = [base];
  const key = prim(terms[1]);
  if (!(Array.isArray(base) || isDict(base)) || typeof key !== 'string') throw bad('first a dict or a list, second a string pointing to the subkey');
  const path = key.split('.');
  let elements: unknown[];
  if (isDict(base)) {
    if (base.skipped !== undefined && base.skipped !== false) return [];
    elements = Object.values(base);
  } else elements = base;
  const flags = terms.length === 3 ? prim(terms[2]) : {};
  if (!isDict(flags) || !Object.keys(flags).every((k) => k === 'skip_missing')) throw bad("the optional third item must be a dict with flags ('skip_missing',)");
  const skipMissing = truthy(flags.skip_missing ?? false);
  const out: unknown[] = [];
  for (const raw of elements) {
    const item0 = prim(raw);
    if (!isDict(item0)) throw new LookupError(`subelements lookup expects a dictionary, got '${pyStr(item0)}'`);
    if (item0.skipped !== undefined && item0.skipped !== false) continue;
    let sub: Record<string, unknown> = item0;
    let list: unknown[] = [];
    for (let i = 0; i < path.length; i++) {
      const k = path[i];
      if (!(k in sub)) {
        if (skipMissing) continue;
        throw new LookupError(`could not find '${k}' key in iterated item '${pyStr(sub)}'`);
      }
      const v = prim(sub[k]);
      if (i < path.length - 1) {
        if (!isDict(v)) {
          if (skipMissing) continue;
          throw new LookupError(`the key ${k} should point to a dictionary, got '${pyStr(v)}'`);
        }
        sub = v;
      } else {
        if (!Array.isArray(v)) throw new LookupError(`the key ${k} should point to a list, got '${pyStr(v)}'`);
        list = v;
      }
    }
    // Ansible pops the subkey from item0 (a copy here: the variable itself is left alone)
    const shown = path.length === 1 ? Object.fromEntries(Object.entries(proxyTarget(item0) as object).filter(([k]) => k !== path[0])) : item0;
    for (const item1 of list) out.push([shown, item1]);
  }
  return out;
}

export const LIST_LOOKUPS: Record<string, Lookup> = {
  items: (terms) => flattenOnce(terms),
  list: (terms) => terms,
  flattened: (terms, call) => flattenDeep(terms, call),
  indexed_items: (terms) => flattenOnce(terms).map((x, i) => [i, x]),
  dict: (terms) =>
    terms.flatMap((t) => {
      t = prim(t);
      if (!isDict(t)) throw new LookupError('with_dict expects a dict');
      return Object.keys(t).map((key) => ({ key, value: t[key] }));
    }),
  nested: (terms) => {
    if (terms.length === 0) throw new LookupError('with_nested requires at least one element in the nested list');
    const lists = terms.map(listify);
    let result: unknown[][] = lists[0].map((x) => [x]);
    for (const next of lists.slice(1)) result = result.flatMap((a) => next.map((b) => flattenOnce([...a, b])));
    return result.map((x) => flattenOnce(x));
  },
  together: (terms) => {
    if (terms.length === 0) throw new LookupError('with_together requires at least one element in each list');
    const lists = terms.map(listify);
    const n = Math.max(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => flattenOnce(lists.map((l) => (i < l.length ? l[i] : null))));
  },
  subelements: (terms) => subelements(terms),
  sequence: (terms) => terms.flatMap((t) => sequence(pyStr(prim(t)))),
  random_choice: (terms) => (terms.length ? [terms[Math.floor(Math.random() * terms.length)]] : terms),
};
