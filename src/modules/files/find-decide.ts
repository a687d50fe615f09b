/**
 * find's pure part: the entries the host listed (GNU find, one record each) put back in the order
 * Python's os.walk yields them (top-down; per directory its non-directories, then its directories, in
 * the order the directory lists them), and filtered as Ansible's find.py filters them: patterns and
 * excludes (fnmatch or re.match on the base name), hidden names, age, size, file_type; `examined`
 * counts the entries of every directory walked, as find.py's `looked`.
 */
import * as path from 'node:path';
import { fnmatchRegExp } from '../../py/glob.js';
import { compilePy } from '../../py/regex.js';

export interface Entry {
  /** Path relative to the searched path. */
  rel: string;
  /** Type without following links (f d l b c p s), and following them. */
  type: string;
  follows: string;
  mode: number;
  size: number;
  uid: number;
  gid: number;
  pwName: string;
  grName: string;
  inode: number;
  dev: number;
  nlink: number;
  atime: number;
  mtime: number;
  ctime: number;
}

const FIELDS = 14;

/** One record of `find -printf '%Y\t%y\t%m\t%s\t%U\t%G\t%u\t%g\t%i\t%D\t%n\t%A@\t%T@\t%C@\t%P\0'`. */
export function parseEntry(record: string): Entry | undefined {
  const parts = record.split('\t');
  if (parts.length <= FIELDS) return undefined;
  const [follows, type, mode, size, uid, gid, user, group, inode, dev, nlink, atime, mtime, ctime] = parts;
  const rel = parts.slice(FIELDS).join('\t');
  if (!rel) return undefined;
  return {
    rel, type, follows, mode: parseInt(mode, 8), size: Number(size), uid: Number(uid), gid: Number(gid),
    // find prints the number when the id has no name; Ansible's statinfo gives ''
    pwName: user === uid ? '' : user, grName: group === gid ? '' : group,
    inode: Number(inode), dev: Number(dev), nlink: Number(nlink), atime: Number(atime), mtime: Number(mtime), ctime: Number(ctime),
  };
}

/** The entries in os.walk's order: each directory's non-directories, then its directories, then the walk goes down. */
export function walkOrder(entries: Entry[]): Array<{ entry: Entry; walkedFrom: string }> {
  const children = new Map<string, Entry[]>();
  for (const e of entries) {
    const parent = path.posix.dirname(e.rel);
    const key = parent === '.' ? '' : parent;
    if (!children.has(key)) children.set(key, []);
    children.get(key)!.push(e);
  }
  const out: Array<{ entry: Entry; walkedFrom: string }> = [];
  const walk = (dir: string) => {
    const list = children.get(dir) ?? [];
    const dirs = list.filter((e) => e.follows === 'd');
    for (const e of [...list.filter((x) => x.follows !== 'd'), ...dirs]) out.push({ entry: e, walkedFrom: dir });
    for (const d of dirs) if (children.has(d.rel)) walk(d.rel);
  };
  walk('');
  return out;
}

export interface FindFilters {
  patterns: string[];
  excludes?: string[];
  useRegex: boolean;
  hidden: boolean;
  fileType: 'any' | 'directory' | 'file' | 'link';
  /** Seconds (negative: younger than), and which time. */
  age?: number;
  ageStamp: 'atime' | 'mtime' | 'ctime';
  /** Bytes (negative: at most). */
  size?: number;
  depth?: number;
  recurse: boolean;
}

/** find.py's pfilter, compiled once: a pattern matches the name (re.match or fnmatch) and no exclude does. */
export function nameMatcher(f: Pick<FindFilters, 'patterns' | 'excludes' | 'useRegex'>): (name: string) => boolean {
  const compile = (p: string): RegExp => {
    if (!f.useRegex) return fnmatchRegExp(p);
    const re = compilePy(p).re;
    return new RegExp(`^(?:${re.source})`, re.flags.replace('g', ''));
  };
  const patterns = f.patterns.map(compile);
  const excludes = (f.excludes ?? []).map(compile);
  if (!patterns.length && !excludes.length) return () => true;
  return (name) => patterns.some((re) => re.test(name)) && !excludes.some((re) => re.test(name));
}

export function parseAge(v: string): number | undefined {
  const m = /^(-?\d+)(s|m|h|d|w)?$/.exec(v.toLowerCase());
  return m ? Number(m[1]) * ({ s: 1, m: 60, h: 3600, d: 86400, w: 604800 }[m[2] ?? 's'] ?? 1) : undefined;
}

export function parseSize(v: string): number | undefined {
  const m = /^(-?\d+)(b|k|m|g|t)?$/.exec(v.toLowerCase());
  return m ? Number(m[1]) * ({ b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2] ?? 'b'] ?? 1) : undefined;
}

const depthOf = (rel: string) => rel.split('/').length;

export interface Selected {
  entry: Entry;
  /** A regular file (size, contains and checksum apply). */
  regular: boolean;
}

/** The entries find.py lists from one searched path (before `contains`), and how many it examined. */
export function selectEntries(entries: Entry[], f: FindFilters, now: number): { selected: Selected[]; examined: number } {
  const maxDepth = f.recurse ? f.depth || Infinity : 1;
  let examined = 0;
  const selected: Selected[] = [];
  const nameMatches = nameMatcher(f);
  for (const { entry } of walkOrder(entries)) {
    const d = depthOf(entry.rel);
    // a directory is walked when its own depth is within the limit: its entries count as examined
    if (d > maxDepth + 1 || (d === maxDepth + 1 && !f.recurse)) continue;
    examined++;
    if (d > maxDepth) continue;
    const name = path.posix.basename(entry.rel);
    if (name.startsWith('.') && !f.hidden) continue;
    const stamp = entry[f.ageStamp];
    const ageOk = f.age === undefined || (f.age >= 0 ? now - stamp >= Math.abs(f.age) : now - stamp <= Math.abs(f.age));
    const sizeOk = f.size === undefined || (f.size >= 0 ? entry.size >= Math.abs(f.size) : entry.size <= Math.abs(f.size));
    const regular = entry.type === 'f';
    const typeOk =
      f.fileType === 'any' || (f.fileType === 'directory' && entry.type === 'd') || (f.fileType === 'file' && regular) || (f.fileType === 'link' && entry.type === 'l');
    if (!typeOk || !nameMatches(name) || !ageOk) continue;
    if (regular && !sizeOk) continue;
    selected.push({ entry, regular });
  }
  return { selected, examined };
}

/** find.py's statinfo of an entry, with its path. */
export function statInfo(full: string, e: Entry): Record<string, unknown> {
  const m = e.mode;
  return {
    path: full,
    mode: (m & 0o7777).toString(8).padStart(4, '0'),
    isdir: e.type === 'd', ischr: e.type === 'c', isblk: e.type === 'b', isreg: e.type === 'f', isfifo: e.type === 'p', islnk: e.type === 'l', issock: e.type === 's',
    uid: e.uid, gid: e.gid, size: e.size, inode: e.inode, dev: e.dev, nlink: e.nlink,
    atime: e.atime, mtime: e.mtime, ctime: e.ctime, gr_name: e.grName, pw_name: e.pwName,
    wusr: !!(m & 0o200), rusr: !!(m & 0o400), xusr: !!(m & 0o100),
    wgrp: !!(m & 0o20), rgrp: !!(m & 0o40), xgrp: !!(m & 0o10),
    woth: !!(m & 0o2), roth: !!(m & 0o4), xoth: !!(m & 0o1),
    isuid: !!(m & 0o4000), isgid: !!(m & 0o2000),
  };
}
