/**
 * Host patterns as inventories write them: `web[01:20].example.com` (zero padding kept),
 * `web[1:10:2]` (stride), `db-[a:c]` (letters), several ranges in one name, and an optional
 * `:port` (`host:2222`, `[2001:db8::1]:2222`). Same rules and messages as Ansible's
 * expand_hostname_range.
 */
import { badHostName } from './names.js';

/** A host pattern that cannot be expanded; the caller adds the location. */
export class HostPatternError extends Error {}

export interface ExpandedHosts {
  names: string[];
  port?: number;
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** A guard against `h[0:99999999]` exhausting memory. */
export const MAX_EXPANDED_HOSTS = 100_000;

/** Expand one host pattern into host names (validated) and the port it carries, if any. */
export function expandHostPattern(pattern: string): ExpandedHosts {
  const { name, port } = splitPort(pattern.trim());
  const names = expandRanges(name);
  for (const n of names) {
    const why = badHostName(n);
    if (why) throw new HostPatternError(why);
  }
  return port === undefined ? { names } : { names, port };
}

/** `name:port` → name and port; IPv6 addresses keep their colons. */
export function splitPort(pattern: string): { name: string; port?: number } {
  const v6 = /^\[([^\]]+)\](?::(\d*))?$/.exec(pattern);
  if (v6 && isIPv6(v6[1])) {
    return v6[2] === undefined ? { name: v6[1] } : { name: v6[1], port: portNumber(v6[2], pattern) };
  }
  const colons = outsideBrackets(pattern, ':');
  if (colons.length === 0) return { name: pattern };
  if (isIPv6(pattern)) return { name: pattern };
  if (colons.length === 1) {
    const at = colons[0];
    return { name: pattern.slice(0, at), port: portNumber(pattern.slice(at + 1), pattern) };
  }
  throw new HostPatternError(`invalid host pattern '${pattern}': expected NAME or NAME:PORT`);
}

/** An IPv6 address (not a range such as 1:10:2, which never has '::' or more than two colons). */
export function isIPv6(s: string): boolean {
  if (!/^[0-9A-Fa-f:.]+(?:%[\w.-]+)?$/.test(s)) return false;
  const colons = s.split(':').length - 1;
  return colons >= 3 || (colons === 2 && s.includes('::'));
}

function portNumber(text: string, pattern: string): number {
  if (text === '') {
    throw new HostPatternError(`invalid host pattern '${pattern}': a name cannot end in ':', which is reserved for a port`);
  }
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(n) || n < 1 || n > 65535) {
    throw new HostPatternError(`invalid port '${text}' in host pattern '${pattern}': expected a number from 1 to 65535`);
  }
  return n;
}

/** Indexes of `ch` that are not inside [...]. */
function outsideBrackets(s: string, ch: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '[') depth++;
    else if (s[i] === ']') depth = Math.max(0, depth - 1);
    else if (s[i] === ch && depth === 0) out.push(i);
  }
  return out;
}

/** Expand every [a:b] / [a:b:step] range in a name; a name without brackets is itself. */
export function expandRanges(name: string): string[] {
  const open = name.indexOf('[');
  const close = name.indexOf(']');
  if (open === -1 && close === -1) return [name];
  if (close === -1) throw new HostPatternError(`invalid host range in '${name}': '[' without ']'`);
  if (open === -1 || close < open) throw new HostPatternError(`invalid host range in '${name}': ']' without '['`);
  const head = name.slice(0, open);
  const tail = name.slice(close + 1);
  const seq = rangeSequence(name.slice(open + 1, close), name);
  const out: string[] = [];
  for (const piece of seq) {
    for (const n of expandRanges(head + piece + tail)) {
      out.push(n);
      if (out.length > MAX_EXPANDED_HOSTS) {
        throw new HostPatternError(`host range '${name}' expands to more than ${MAX_EXPANDED_HOSTS} hosts`);
      }
    }
  }
  return out;
}

function rangeSequence(body: string, name: string): string[] {
  const bounds = body.split(':');
  if (bounds.length !== 2 && bounds.length !== 3) {
    throw new HostPatternError(`invalid host range [${body}] in '${name}': expected [begin:end] or [begin:end:step]`);
  }
  const beg = bounds[0] === '' ? '0' : bounds[0];
  const end = bounds[1];
  const stepText = bounds[2] ?? '1';
  if (end === '') throw new HostPatternError(`invalid host range [${body}] in '${name}': the range must give an end value`);
  if (!/^\d+$/.test(stepText) || Number(stepText) < 1) {
    throw new HostPatternError(`invalid host range [${body}] in '${name}': the step must be a positive number`);
  }
  const step = Number(stepText);
  const a = LETTERS.indexOf(beg);
  const b = LETTERS.indexOf(end);
  if (beg.length === 1 && end.length === 1 && a !== -1 && b !== -1) {
    if (a > b) throw new HostPatternError(`invalid host range [${body}] in '${name}': the begin must not be after the end`);
    const out: string[] = [];
    for (let i = a; i <= b; i += step) out.push(LETTERS[i]);
    return out;
  }
  if (!/^\d+$/.test(beg) || !/^\d+$/.test(end)) {
    throw new HostPatternError(
      `invalid host range [${body}] in '${name}': begin and end must both be numbers or both single letters`,
    );
  }
  const width = beg.length > 1 && beg.startsWith('0') ? beg.length : 0;
  if (width && end.length !== width) {
    throw new HostPatternError(
      `invalid host range [${body}] in '${name}': a zero-padded range needs begin and end of the same length`,
    );
  }
  const from = Number(beg);
  const to = Number(end);
  if (from > to) throw new HostPatternError(`invalid host range [${body}] in '${name}': the begin must not be after the end`);
  if ((to - from) / step + 1 > MAX_EXPANDED_HOSTS) {
    throw new HostPatternError(`host range '${name}' expands to more than ${MAX_EXPANDED_HOSTS} hosts`);
  }
  const out: string[] = [];
  for (let i = from; i <= to; i += step) out.push(width ? String(i).padStart(width, '0') : String(i));
  return out;
}
