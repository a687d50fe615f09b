/**
 * Host patterns for `hosts:` and --limit, with Ansible's rules: `all`/`*`, host and group names,
 * `a:b` / `a,b` unions, `&b` intersections and `!b` exclusions (applied in that order, whatever the
 * order written), shell globs (`web*`, `*.example.com`), `~regex`, subscripts `g[0]`, `g[-1]`,
 * `g[1:3]`, `g[2:]`, and `--limit @file` (one pattern a line). A pattern that matches nothing is a
 * warning; a malformed one a ValidationError. The result is in inventory order.
 */
import { readFileSync } from 'node:fs';
import { fnmatchRegExp } from '../py/glob.js';
import { OptionsError, ValidationError } from '../util/errors.js';
import { groupHosts, groupIndex } from './graph.js';
import { LOCALHOST_NAMES } from './names.js';
import { isIPv6 } from './ranges.js';
import type { Inventory } from './types.js';

export interface Selection {
  hosts: string[];
  warnings: string[];
}

export function selectHosts(inv: Inventory, pattern: string, limit?: string): Selection {
  const warnings: string[] = [];
  const parts = splitPattern(pattern);
  if (parts.length === 0) throw new ValidationError(`empty host pattern${pattern.trim() ? ` '${pattern}'` : ''}: give a host, a group or 'all'`);
  let hosts = evaluate(inv, parts, warnings);
  if (limit !== undefined && limit.trim() !== '') {
    const limitParts = limitPatterns(limit);
    const allowed = new Set(evaluate(inv, limitParts, warnings));
    hosts = hosts.filter((h) => allowed.has(h));
  }
  const { order } = groupIndex(inv);
  const pos = (h: string) => order.get(h) ?? Number.MAX_SAFE_INTEGER;
  hosts.sort((a, b) => pos(a) - pos(b));
  return { hosts, warnings };
}

/** Split on ',' — and on ':' outside [...], unless the piece is an IPv6 address — and white space. */
export function splitPattern(pattern: string): string[] {
  const out: string[] = [];
  for (const piece of pattern.split(',')) {
    const p = piece.trim();
    if (!p) continue;
    if (isIPv6(p.replace(/^[&!]/, ''))) {
      out.push(p);
      continue;
    }
    let cur = '';
    let depth = 0;
    for (const c of p) {
      if (c === '[') depth++;
      else if (c === ']') depth = Math.max(0, depth - 1);
      if (depth === 0 && (c === ':' || /\s/.test(c))) {
        if (cur) out.push(cur);
        cur = '';
      } else cur += c;
    }
    if (cur) out.push(cur);
  }
  return out;
}

function limitPatterns(limit: string): string[] {
  const out: string[] = [];
  for (const p of splitPattern(limit)) {
    if (!p.startsWith('@')) {
      out.push(p);
      continue;
    }
    const file = p.slice(1);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new OptionsError(code === 'EISDIR' ? `--limit @${file}: a limit file must be a file, not a directory` : `--limit @${file}: cannot read the limit file (${code ?? (e as Error).message})`);
    }
    for (const line of text.split(/\r?\n/)) if (line.trim()) out.push(line.trim());
  }
  if (out.length === 0) throw new OptionsError(`--limit ${limit}: no host patterns given`);
  return out;
}

/** Regular patterns first (union), then &intersections, then !exclusions, as Ansible orders them. */
function evaluate(inv: Inventory, parts: string[], warnings: string[]): string[] {
  for (const p of parts) checkPattern(p);
  const regular = parts.filter((p) => p[0] !== '&' && p[0] !== '!');
  const inter = parts.filter((p) => p[0] === '&');
  const excl = parts.filter((p) => p[0] === '!');
  let hosts: string[] = [];
  const seen = new Set<string>();
  for (const p of regular.length ? regular : ['all']) {
    for (const h of matchOne(inv, p, warnings)) {
      if (!seen.has(h)) {
        seen.add(h);
        hosts.push(h);
      }
    }
  }
  for (const p of inter) {
    const keep = new Set(matchOne(inv, p.slice(1), warnings));
    hosts = hosts.filter((h) => keep.has(h));
  }
  for (const p of excl) {
    const drop = new Set(matchOne(inv, p.slice(1), warnings));
    hosts = hosts.filter((h) => !drop.has(h));
  }
  return hosts;
}

function checkPattern(p: string): void {
  const body = p.replace(/^[&!]/, '');
  if (body === '') throw new ValidationError(`malformed host pattern '${p}': '${p}' must be followed by a host or group`);
  if (/^[&!]/.test(body)) throw new ValidationError(`malformed host pattern '${p}': use only one of '&' or '!' before a name`);
  if (body.startsWith('@')) throw new ValidationError(`malformed host pattern '${p}': '@file' is only for --limit`);
  if (body.startsWith('~')) {
    compileRegex(body.slice(1), p);
    return;
  }
  const opens = (body.match(/\[/g) ?? []).length;
  const closes = (body.match(/\]/g) ?? []).length;
  if (opens !== closes) throw new ValidationError(`malformed host pattern '${p}': unbalanced '[' and ']'`);
}

const SUBSCRIPT = /^(.+)\[(?:(-?\d+)|(\d+)([:-])(\d*))\]$/;

function matchOne(inv: Inventory, pattern: string, warnings: string[]): string[] {
  if (inv.hosts.has(pattern)) return [pattern];
  let expr = pattern;
  let sub: [number, number | undefined] | undefined;
  const m = pattern.startsWith('~') ? null : SUBSCRIPT.exec(pattern);
  if (m) {
    expr = m[1];
    sub = m[2] !== undefined ? [Number(m[2]), undefined] : [Number(m[3]), m[5] === '' ? -1 : Number(m[5])];
    if (m[4] === '-') warnings.push(`Use [x:y] inclusive subscripts instead of [x-y] in '${pattern}'`);
  }
  const { hosts, matchedGroup } = enumerate(inv, expr);
  if (hosts.length === 0) {
    if (LOCALHOST_NAMES.has(expr) && !sub) return [expr]; // Ansible's implicit localhost
    if (!matchedGroup && expr !== 'all') warnings.push(`Could not match supplied host pattern, ignoring: ${expr}`);
    return [];
  }
  if (!sub) return hosts;
  const [start, end] = sub;
  if (end === undefined) {
    const i = start < 0 ? hosts.length + start : start;
    if (i < 0 || i >= hosts.length) {
      warnings.push(`No hosts matched the subscripted pattern '${pattern}' (it has ${hosts.length} host${hosts.length === 1 ? '' : 's'})`);
      return [];
    }
    return [hosts[i]];
  }
  const last = end === -1 ? hosts.length - 1 : end;
  const picked = hosts.slice(start, last + 1);
  if (picked.length === 0) warnings.push(`No hosts matched the subscripted pattern '${pattern}' (it has ${hosts.length} host${hosts.length === 1 ? '' : 's'})`);
  return picked;
}

/** Groups whose names match give all their hosts; host names are matched when no group did or for globs/regexes. */
function enumerate(inv: Inventory, expr: string): { hosts: string[]; matchedGroup: boolean } {
  const re = expr.startsWith('~') ? compileRegex(expr.slice(1), expr) : fnmatchRegExp(expr);
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (h: string) => {
    if (!seen.has(h)) {
      seen.add(h);
      out.push(h);
    }
  };
  let matchedGroup = false;
  for (const g of inv.groups.keys()) {
    if (re.test(g)) {
      matchedGroup = true;
      for (const h of groupHosts(inv, g)) add(h);
    }
  }
  if (!matchedGroup || expr.startsWith('~') || /[.?*[]/.test(expr)) {
    for (const h of inv.hosts.keys()) if (re.test(h)) add(h);
  }
  return { hosts: out, matchedGroup };
}

/** `~regex`: Python re.match, anchored at the start only. */
function compileRegex(src: string, pattern: string): RegExp {
  const js = src.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\A/g, '^').replace(/\\Z/g, '$');
  try {
    return new RegExp(`^(?:${js})`, 'u');
  } catch (e) {
    try {
      return new RegExp(`^(?:${js})`);
    } catch {
      throw new ValidationError(`malformed host pattern '${pattern}': invalid regular expression (${(e as Error).message.replace(/^Invalid regular expression: /, '')})`);
    }
  }
}
