/**
 * Python methods that Ansible users call on values inside templates: 'a,b'.split(','),
 * name.startswith('web'), d.items(), d.get('k', 1), l.append(x) (on lists made in the template) ...
 */
import { TemplateError } from './errors.js';
import { isDict, pyEquals, pyIter, pyStr } from './pyvalues.js';
import { splitArgs } from './args.js';

type Method = (self: never, ...args: unknown[]) => unknown;

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? null : String(chars);
  const strips = (c: string): boolean => (set === null ? /\s/.test(c) : set.includes(c));
  let a = 0;
  let b = s.length;
  if (left) while (a < b && strips(s[a])) a++;
  if (right) while (b > a && strips(s[b - 1])) b--;
  return s.slice(a, b);
}

/** Python str.split(sep=None, maxsplit=-1). */
export function pySplit(s: string, sep?: unknown, maxsplit: unknown = -1): string[] {
  const max = Number(maxsplit ?? -1);
  if (sep === undefined || sep === null) {
    const out: string[] = [];
    let rest = s.replace(/^\s+/, '');
    while (rest.length) {
      if (max >= 0 && out.length === max) {
        out.push(rest);
        break;
      }
      const m = /\s+/.exec(rest);
      if (!m) {
        out.push(rest);
        break;
      }
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    return out;
  }
  const d = String(sep);
  if (d === '') throw new TemplateError('empty separator');
  const parts = s.split(d);
  if (max < 0 || parts.length <= max + 1) return parts;
  return [...parts.slice(0, max), parts.slice(max).join(d)];
}

function startsOrEnds(s: string, arg: unknown, ends: boolean): boolean {
  const options = Array.isArray(arg) ? arg.map(String) : [String(arg)];
  return options.some((o) => (ends ? s.endsWith(o) : s.startsWith(o)));
}

function title(s: string): string {
  return s.replace(/[A-Za-z]+('[A-Za-z]+)?/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

const strMethods: Record<string, (s: string, ...a: unknown[]) => unknown> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  strip: (s, c) => strip(s, c, true, true),
  lstrip: (s, c) => strip(s, c, true, false),
  rstrip: (s, c) => strip(s, c, false, true),
  startswith: (s, p) => startsOrEnds(s, p, false),
  endswith: (s, p) => startsOrEnds(s, p, true),
  split: (s, sep, max) => pySplit(s, sep, max),
  rsplit: (s, sep, max) => {
    const m = Number(max ?? -1);
    if (m < 0) return pySplit(s, sep);
    const rev = (x: string): string => Array.from(x).reverse().join('');
    return pySplit(rev(s), sep === undefined || sep === null ? sep : rev(String(sep)), m).map(rev).reverse();
  },
  splitlines: (s) => s.split(/\r\n|\r|\n/).filter((x, i, a) => i < a.length - 1 || x !== ''),
  replace: (s, a, b, count) => {
    const n = count === undefined ? -1 : Number(count);
    const parts = s.split(String(a));
    if (n < 0 || parts.length - 1 <= n) return parts.join(String(b));
    return parts.slice(0, n + 1).join(String(b)) + String(a) + parts.slice(n + 1).join(String(a));
  },
  find: (s, sub) => s.indexOf(String(sub)),
  rfind: (s, sub) => s.lastIndexOf(String(sub)),
  index: (s, sub) => {
    const i = s.indexOf(String(sub));
    if (i < 0) throw new TemplateError('substring not found');
    return i;
  },
  count: (s, sub) => (String(sub) === '' ? s.length + 1 : s.split(String(sub)).length - 1),
  join: (s, items) => pyIter(items).map(pyStr).join(s),
  capitalize: (s) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s),
  title: (s) => title(s),
  isdigit: (s) => /^\d+$/.test(s),
  isnumeric: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z\u00C0-\uFFFF]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9\u00C0-\uFFFF]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => /[a-z]/.test(s) && s === s.toLowerCase(),
  isupper: (s) => /[A-Z]/.test(s) && s === s.toUpperCase(),
  zfill: (s, w) => {
    const width = Number(w);
    const sign = s[0] === '-' || s[0] === '+' ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  },
  ljust: (s, w, f = ' ') => s.padEnd(Number(w), String(f)),
  rjust: (s, w, f = ' ') => s.padStart(Number(w), String(f)),
  center: (s, w, f = ' ') => {
    const total = Math.max(0, Number(w) - s.length);
    const left = Math.floor(total / 2) + (total % 2 && Number(w) % 2 ? 1 : 0);
    return String(f).repeat(left) + s + String(f).repeat(total - left);
  },
  partition: (s, sep) => {
    const i = s.indexOf(String(sep));
    return i < 0 ? [s, '', ''] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)];
  },
  format: (s, ...args) => {
    const { pos, kw } = splitArgs(args);
    let auto = 0;
    return s.replace(/\{\{|\}\}|\{([^{}]*)\}/g, (m, field: string | undefined) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const name = (field ?? '').split(':')[0];
      if (name === '') return pyStr(pos[auto++]);
      if (/^\d+$/.test(name)) return pyStr(pos[Number(name)]);
      return pyStr(kw[name]);
    });
  },
  encode: (s) => s,
  decode: (s) => s,
};

const dictMethods: Record<string, (d: Record<string, unknown>, ...a: unknown[]) => unknown> = {
  items: (d) => Object.keys(d).map((k) => [k, d[k]]),
  keys: (d) => Object.keys(d),
  values: (d) => Object.keys(d).map((k) => d[k]),
  get: (d, k, dflt = null) => (Object.prototype.hasOwnProperty.call(d, String(k)) || String(k) in d ? d[String(k)] : dflt),
  copy: (d) => ({ ...d }),
  update: (d, other) => {
    Object.assign(d, other as object);
    return null;
  },
  pop: (d, k, ...dflt) => {
    const key = String(k);
    if (!(key in d)) {
      if (dflt.length) return dflt[0];
      throw new TemplateError(`KeyError: '${key}'`);
    }
    const v = d[key];
    delete d[key];
    return v;
  },
  setdefault: (d, k, v = null) => {
    const key = String(k);
    if (!(key in d)) d[key] = v;
    return d[key];
  },
};

const listMethods: Record<string, (l: unknown[], ...a: unknown[]) => unknown> = {
  append: (l, x) => {
    l.push(x);
    return null;
  },
  extend: (l, xs) => {
    l.push(...pyIter(xs));
    return null;
  },
  insert: (l, i, x) => {
    l.splice(Number(i), 0, x);
    return null;
  },
  pop: (l, i) => {
    if (!l.length) throw new TemplateError('pop from empty list');
    const idx = i === undefined ? l.length - 1 : Number(i) < 0 ? l.length + Number(i) : Number(i);
    return l.splice(idx, 1)[0];
  },
  remove: (l, x) => {
    const i = l.findIndex((y) => pyEquals(y, x));
    if (i < 0) throw new TemplateError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, x) => {
    const i = l.findIndex((y) => pyEquals(y, x));
    if (i < 0) throw new TemplateError(`${pyStr(x)} is not in list`);
    return i;
  },
  count: (l, x) => l.filter((y) => pyEquals(y, x)).length,
  copy: (l) => [...l],
  reverse: (l) => {
    l.reverse();
    return null;
  },
};

/** The Python method `name` bound to `self`, or undefined when the type has none. */
export function pyMethod(self: unknown, name: string): ((...args: unknown[]) => unknown) | undefined {
  let table: Record<string, Method> | undefined;
  if (typeof self === 'string') table = strMethods as Record<string, Method>;
  else if (Array.isArray(self)) table = listMethods as Record<string, Method>;
  else if (isDict(self)) table = dictMethods as Record<string, Method>;
  if (!table || !Object.prototype.hasOwnProperty.call(table, name)) return undefined;
  const fn = table[name];
  return (...args: unknown[]) => fn(self as never, ...args);
}
