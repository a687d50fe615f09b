/** Core filters: defaults, type conversion, strings, sizes, numbers. */
import { TemplateError, Undefined } from '../errors.js';
import { bind, splitArgs } from '../args.js';
import { defineFilters } from '../registry.js';
import { isDict, pyIter, pyStr, truthy, typeName } from '../pyvalues.js';
import { percentFormat } from '../ops.js';
import { pySplit } from '../methods.js';
import { memberLookup } from '../runtime.js';

/** Ansible's boolean conversion (the bool filter). */
export function toBool(v: unknown): boolean | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v;
  const s = typeof v === 'string' ? v.toLowerCase().trim() : v;
  return s === 'yes' || s === 'on' || s === '1' || s === 'true' || s === 1;
}

/** Jinja2's int filter: int(str, base), else int(float(x)), else the default. */
export function toInt(v: unknown, dflt: unknown = 0, base: unknown = 10): unknown {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : dflt;
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '');
    const b = Number(base);
    const prefixed = /^([+-]?)0([xob])([0-9a-f]+)$/i.exec(s);
    if (prefixed && (b === 0 || b === { x: 16, o: 8, b: 2 }[prefixed[2].toLowerCase() as 'x' | 'o' | 'b'])) {
      const n = parseInt(prefixed[3], { x: 16, o: 8, b: 2 }[prefixed[2].toLowerCase() as 'x' | 'o' | 'b']);
      return prefixed[1] === '-' ? -n : n;
    }
    const digits = '0123456789abcdefghijklmnopqrstuvwxyz'.slice(0, b === 0 ? 10 : b);
    if (new RegExp(`^[+-]?[${digits}]+$`, 'i').test(s)) return parseInt(s, b === 0 ? 10 : b);
    const f = toFloat(s, null);
    if (typeof f === 'number' && Number.isFinite(f)) return Math.trunc(f);
  }
  return dflt;
}

export function toFloat(v: unknown, dflt: unknown = 0.0): unknown {
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '').toLowerCase();
    if (/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s)) return Number(s);
    if (/^[+-]?(inf|infinity)$/.test(s)) return s.startsWith('-') ? -Infinity : Infinity;
    if (/^[+-]?nan$/.test(s)) return NaN;
  }
  return dflt;
}

/** Python len(). */
export function pyLen(v: unknown): number {
  if (typeof v === 'string') return Array.from(v).length;
  if (Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  throw new TemplateError(`object of type '${typeName(v)}' has no len()`);
}

/** Python's round() (half to even), as Jinja2's round filter with method 'common'. */
export function pyRound(x: number, digits = 0): number {
  const m = Math.pow(10, digits);
  const y = x * m;
  const r = Math.round(y);
  const isHalf = Math.abs(y % 1) === 0.5;
  const even = isHalf ? (r % 2 === 0 ? r : r - 1) : r;
  return even / m;
}

function capitalize(s: string): string {
  return s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s;
}

defineFilters(
  {
    default(value, ...args) {
      const a = bind('default', args, ['default_value', 'boolean'], { default_value: '', boolean: false });
      if (value instanceof Undefined || (a.boolean && !truthy(value))) return a.default_value;
      return value;
    },
    d(value, ...args) {
      const a = bind('d', args, ['default_value', 'boolean'], { default_value: '', boolean: false });
      if (value instanceof Undefined || (a.boolean && !truthy(value))) return a.default_value;
      return value;
    },
    mandatory(value, msg) {
      if (value instanceof Undefined) {
        if (msg !== undefined && !(msg instanceof Undefined)) throw new TemplateError(pyStr(msg));
        throw new TemplateError(`Mandatory variable ${value.name ? `'${value.name}' ` : ''} not defined.`);
      }
      return value;
    },
  },
  { undefinedOk: true },
);

defineFilters({
  bool: (v) => toBool(v),
  int: (v, ...args) => {
    const a = bind('int', args, ['default', 'base'], { default: 0, base: 10 });
    return toInt(v, a.default, a.base);
  },
  float: (v, ...args) => toFloat(v, bind('float', args, ['default'], { default: 0.0 }).default),
  string: (v) => pyStr(v),
  lower: (v) => pyStr(v).toLowerCase(),
  upper: (v) => pyStr(v).toUpperCase(),
  capitalize: (v) => capitalize(pyStr(v)),
  title: (v) => pyStr(v).replace(/[A-Za-z0-9]+('[A-Za-z]+)?/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  replace: (v, old, nw, count) => {
    const s = pyStr(v);
    const parts = s.split(pyStr(old));
    if (count === undefined || count === null || parts.length - 1 <= Number(count)) return parts.join(pyStr(nw));
    const n = Number(count);
    return parts.slice(0, n + 1).join(pyStr(nw)) + pyStr(old) + parts.slice(n + 1).join(pyStr(old));
  },
  trim: (v, chars) => {
    const s = pyStr(v);
    if (chars === undefined || chars === null) return s.trim();
    const set = pyStr(chars);
    let a = 0;
    let b = s.length;
    while (a < b && set.includes(s[a])) a++;
    while (b > a && set.includes(s[b - 1])) b--;
    return s.slice(a, b);
  },
  split: (v, sep, max) => pySplit(pyStr(v), sep, max),
  length: (v) => pyLen(v),
  count: (v) => pyLen(v),
  first: (v) => {
    const items = pyIter(v);
    return items.length ? items[0] : new Undefined('No first item, sequence was empty.');
  },
  last: (v) => {
    const items = typeof v === 'string' ? Array.from(v) : Array.isArray(v) ? v : pyIter(v);
    return items.length ? items[items.length - 1] : new Undefined('No last item, sequence was empty.');
  },
  join: (v, ...args) => {
    const a = bind('join', args, ['d', 'attribute'], { d: '' });
    let items = pyIter(v);
    if (a.attribute !== undefined && a.attribute !== null) items = items.map((x) => memberLookup(x, a.attribute));
    return items.map(pyStr).join(pyStr(a.d));
  },
  list: (v) => [...pyIter(v)],
  abs: (v) => {
    if (typeof v !== 'number' && typeof v !== 'boolean') throw new TemplateError(`bad operand type for abs(): '${typeName(v)}'`);
    return Math.abs(Number(v));
  },
  round: (v, ...args) => {
    const a = bind('round', args, ['precision', 'method'], { precision: 0, method: 'common' });
    const x = Number(v);
    const m = Math.pow(10, Number(a.precision));
    if (a.method === 'ceil') return Math.ceil(x * m) / m;
    if (a.method === 'floor') return Math.floor(x * m) / m;
    if (a.method !== 'common') throw new TemplateError("method must be 'common', 'ceil' or 'floor'");
    return pyRound(x, Number(a.precision));
  },
  ternary: (v, t, f, ...rest) => {
    if ((v === null || v === undefined) && rest.length && rest[0] !== undefined) return rest[0];
    return truthy(v) ? t : f;
  },
  type_debug(v) {
    // a string a variable held as YAML wrote it is Ansible's AnsibleUnicode
    const scope = (this as { scope?: { isWritten?(s: string): boolean } } | undefined)?.scope;
    return typeof v === 'string' && scope?.isWritten?.(v) ? 'AnsibleUnicode' : typeName(v);
  },
  indent: (v, ...args) => {
    const a = bind('indent', args, ['width', 'first', 'blank'], { width: 4, first: false, blank: false });
    const pad = typeof a.width === 'string' ? a.width : ' '.repeat(Number(a.width));
    const lines = pyStr(v).split('\n');
    return lines
      .map((l, i) => {
        if (i === 0 && !truthy(a.first)) return l;
        if (!truthy(a.blank) && l.trim() === '') return l;
        return pad + l;
      })
      .join('\n');
  },
  center: (v, width = 80) => {
    const s = pyStr(v);
    const total = Math.max(0, Number(width) - s.length);
    const left = Math.floor(total / 2) + (total % 2 && Number(width) % 2 ? 1 : 0);
    return ' '.repeat(left) + s + ' '.repeat(total - left);
  },
  truncate: (v, ...args) => {
    const a = bind('truncate', args, ['length', 'killwords', 'end', 'leeway'], { length: 255, killwords: false, end: '...', leeway: 5 });
    const s = pyStr(v);
    const len = Number(a.length);
    const end = pyStr(a.end);
    if (s.length <= len + Number(a.leeway)) return s;
    if (truthy(a.killwords)) return s.slice(0, len - end.length) + end;
    const cut = s.slice(0, len - end.length);
    const i = cut.lastIndexOf(' ');
    return (i > 0 ? cut.slice(0, i) : cut) + end;
  },
  wordcount: (v) => pyStr(v).split(/\s+/).filter(Boolean).length,
  reverse: (v) => (typeof v === 'string' ? Array.from(v).reverse().join('') : [...pyIter(v)].reverse()),
  format: (v, ...args) => {
    const { pos, kw } = splitArgs(args);
    return percentFormat(pyStr(v), Object.keys(kw).length ? kw : pos);
  },
  escape: (v) => htmlEscape(pyStr(v)),
  e: (v) => htmlEscape(pyStr(v)),
  comment: (v, ...args) => {
    const { pos, kw } = splitArgs(args);
    return comment(pyStr(v), pos.length ? pyStr(pos[0]) : pyStr(kw.style ?? 'plain'), kw);
  },
});

const COMMENT_STYLES: Record<string, Record<string, string>> = {
  plain: { decoration: '# ' },
  erlang: { decoration: '% ' },
  c: { decoration: '// ' },
  cblock: { beginning: '/*', decoration: ' * ', end: ' */' },
  xml: { beginning: '<!--', decoration: ' - ', end: '-->' },
};

/** Ansible's comment filter, option for option. */
function comment(text: string, style: string, kw: Record<string, unknown>): string {
  const styleParams = COMMENT_STYLES[style];
  if (!styleParams) throw new TemplateError(`'${style}'`);
  const opts = { ...kw };
  delete opts.style;
  const prepostfix = 'decoration' in opts ? pyStr(opts.decoration) : styleParams.decoration;
  const p: Record<string, unknown> = {
    newline: '\n', beginning: '', prefix: prepostfix.trimEnd(), prefix_count: 1, decoration: '', postfix: prepostfix.trimEnd(), postfix_count: 1, end: '',
    ...styleParams,
    ...opts,
  };
  const [nl, deco] = [pyStr(p.newline), pyStr(p.decoration)];
  const beginning = truthy(p.beginning) ? pyStr(p.beginning) + nl : '';
  let prefix = '';
  if (truthy(p.prefix)) prefix = (pyStr(p.prefix) !== nl ? pyStr(p.prefix) + nl : nl).repeat(Number(p.prefix_count));
  const body = (deco + text.split(nl).join(nl + deco)).split(deco + nl).join(deco.trimEnd() + nl);
  const postfix = ['', ...Array.from({ length: Number(p.postfix_count) }, () => pyStr(p.postfix))].join(nl);
  const end = truthy(p.end) ? nl + pyStr(p.end) : '';
  return beginning + prefix + body + postfix + end;
}

function htmlEscape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;' })[c]!);
}
