/** String filters: Python regular expressions, shell quoting, encodings, hashes, paths, math. */
import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { TemplateError } from '../errors.js';
import { bind, splitArgs } from '../args.js';
import { defineFilters } from '../registry.js';
import { pyStr, truthy, typeName } from '../pyvalues.js';
import { quote } from '../../util/quote.js';
import { compilePy, expandMatch, PyRegexError } from '../../py/regex.js';

/** A Python pattern as a global JavaScript RegExp, with Ansible's ignorecase/multiline options. */
export function pyRegex(pattern: unknown, opts: { ignorecase?: unknown; multiline?: unknown } = {}): RegExp {
  try {
    const { re } = compilePy(pyStr(pattern));
    const flags = new Set([...re.flags, 'g']);
    if (truthy(opts.ignorecase ?? false)) flags.add('i');
    if (truthy(opts.multiline ?? false)) flags.add('m');
    flags.add('u');
    try {
      return new RegExp(re.source, [...flags].join(''));
    } catch {
      flags.delete('u');
      return new RegExp(re.source, [...flags].join(''));
    }
  } catch (e) {
    if (e instanceof PyRegexError) throw new TemplateError(e.message);
    throw e;
  }
}

/** All matches of a global RegExp, Python-style (empty matches advance by one). */
export function allMatches(re: RegExp, s: string, limit = 0): RegExpExecArray[] {
  re.lastIndex = 0;
  const out: RegExpExecArray[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(s)) !== null) {
    out.push(m);
    if (limit && out.length >= limit) break;
    if (m[0] === '') re.lastIndex++;
    if (re.lastIndex > s.length) break;
  }
  return out;
}

function pySub(re: RegExp, s: string, replacement: string, count: number): string {
  let out = '';
  let last = 0;
  for (const m of allMatches(re, s, count)) {
    out += s.slice(last, m.index) + expandMatch(replacement, m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

const RE_SPECIAL = new Set('()[]{}?*+-|^$\\.&~# \t\n\r\v\f');

function posixBasename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

function posixDirname(p: string): string {
  const i = p.lastIndexOf('/') + 1;
  let head = p.slice(0, i);
  if (head && head !== '/'.repeat(head.length)) head = head.replace(/\/+$/, '');
  return head;
}

function splitext(p: string): [string, string] {
  const base = posixBasename(p);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || /^\.+$/.test(base.slice(0, dot + 1))) return [p, ''];
  const cut = p.length - base.length + dot;
  return [p.slice(0, cut), p.slice(cut)];
}

function expanduser(p: string): string {
  if (p === '~') return homedir();
  if (p.startsWith('~/')) return homedir() + p.slice(1);
  return p;
}

defineFilters({
  regex_replace: (v, ...args) => {
    const a = bind('regex_replace', args, ['pattern', 'replacement', 'ignorecase', 'multiline', 'count'], { pattern: '', replacement: '', count: 0 });
    return pySub(pyRegex(a.pattern, a), pyStr(v), pyStr(a.replacement), Number(a.count));
  },
  regex_search: (v, pattern, ...args) => {
    const { pos, kw } = splitArgs(args);
    const groups = pos.map((g) => {
      const s = pyStr(g);
      const named = /^\\g<(\S+)>$/.exec(s);
      if (named) return /^\d+$/.test(named[1]) ? Number(named[1]) : named[1];
      const num = /^\\(\d+)$/.exec(s);
      if (num) return Number(num[1]);
      throw new TemplateError('Unknown argument');
    });
    const [m] = allMatches(pyRegex(pattern, kw), pyStr(v), 1);
    if (!m) return null;
    if (!groups.length) return m[0];
    return groups.map((g) => (typeof g === 'number' ? (m[g] ?? null) : (m.groups?.[g] ?? null)));
  },
  regex_findall: (v, pattern, ...args) => {
    const a = bind('regex_findall', args, ['multiline', 'ignorecase']);
    return allMatches(pyRegex(pattern, a), pyStr(v)).map((m) => (m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : m.slice(1).map((x) => x ?? '')));
  },
  regex_escape: (v, ...args) => {
    const reType = pyStr(bind('regex_escape', args, ['re_type'], { re_type: 'python' }).re_type);
    const s = pyStr(v);
    if (reType === 'posix_basic') return s.replace(/[.^$*[\]\\]/g, '\\$&');
    if (reType === 'posix_extended') throw new TemplateError(`Regex type (${reType}) not yet implemented`);
    if (reType !== 'python') throw new TemplateError(`Invalid regex type (${reType})`);
    return Array.from(s)
      .map((c) => (RE_SPECIAL.has(c) ? '\\' + c : c))
      .join('');
  },
  quote: (v) => {
    try {
      return quote(v === null || v === undefined ? '' : pyStr(v));
    } catch (e) {
      throw new TemplateError((e as Error).message);
    }
  },
  basename: (v) => posixBasename(pyStr(v)),
  dirname: (v) => posixDirname(pyStr(v)),
  expanduser: (v) => expanduser(pyStr(v)),
  realpath: (v) => {
    const p = path.resolve(expanduser(pyStr(v)));
    try {
      return realpathSync.native(p);
    } catch {
      return p;
    }
  },
  relpath: (v, start) => path.posix.relative(start === undefined ? process.cwd() : pyStr(start), pyStr(v)),
  splitext: (v) => splitext(pyStr(v)),
  path_join: (v) => {
    if (typeof v !== 'string' && !Array.isArray(v)) throw new TemplateError(`|path_join expects string or sequence, got <class '${typeName(v)}'> instead.`);
    const parts = typeof v === 'string' ? [v] : v.map(pyStr);
    let out = '';
    for (const p of parts) out = p.startsWith('/') || out === '' ? p : out.endsWith('/') ? out + p : out + '/' + p;
    return out;
  },
});
