/**
 * Python's fnmatch.translate and glob.glob (non-recursive): what Ansible's fileglob filter and
 * lookup match on the controller. A name starting with '.' is matched only by a pattern part that
 * starts with '.'; a part without wildcards must exist. Matches are sorted (Python gives them in
 * directory order, which is arbitrary).
 */
import { lstatSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const MAGIC = /[*?[]/;

/** fnmatch.translate: * ? [seq] [!seq] (a ] first in a set is one of its characters), the whole name. */
export function fnmatchRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '.*';
    else if (c === '?') out += '.';
    else if (c === '[') {
      // as fnmatch.translate: a ! right after [ negates, a ] right after [ or [! is a member
      let j = i + 1;
      if (pattern[j] === '!') j++;
      if (pattern[j] === ']') j++;
      const close = pattern.indexOf(']', j);
      if (close === -1) out += '\\[';
      else {
        let set = pattern.slice(i + 1, close);
        const negated = set.startsWith('!');
        if (negated) set = set.slice(1);
        set = set.replace(/[\\\]]/g, '\\$&');
        if (!negated && set.startsWith('^')) set = '\\' + set;
        out += '[' + (negated ? '^' : '') + set + ']';
        i = close;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^(?:${out})$`, 's');
}

/** fnmatch.fnmatchcase: the whole name against the pattern, case-sensitive (fnmatch on POSIX). */
export function fnmatch(name: string, pattern: string): boolean {
  return fnmatchRegExp(pattern).test(name);
}

function exists(p: string): boolean {
  try {
    lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

/** os.path.isfile: a regular file (a symbolic link is followed). */
export function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDir(p: string): boolean {
  try {
    return readdirSync(p) !== undefined;
  } catch {
    return false;
  }
}

/** The names in `dir` that the file-name pattern matches. */
function globIn(dir: string, pattern: string): string[] {
  if (!MAGIC.test(pattern)) return pattern === '' ? (isDir(dir || '.') ? [''] : []) : exists(path.join(dir || '.', pattern)) ? [pattern] : [];
  let names: string[];
  try {
    names = readdirSync(dir || '.');
  } catch {
    return [];
  }
  const re = fnmatchRegExp(pattern);
  return names.filter((n) => (pattern.startsWith('.') || !n.startsWith('.')) && re.test(n)).sort();
}

/** glob.glob(pattern): the existing paths the pattern matches, relative ones to the working directory. */
export function glob(pattern: string): string[] {
  if (!MAGIC.test(pattern)) return exists(pattern) ? [pattern] : [];
  const cut = pattern.lastIndexOf('/') + 1;
  let dir = pattern.slice(0, cut);
  const base = pattern.slice(cut);
  if (dir && dir !== '/'.repeat(dir.length)) dir = dir.replace(/\/+$/, '');
  const dirs = dir && MAGIC.test(dir) ? glob(dir) : [dir];
  return dirs.flatMap((d) => globIn(d, base).map((n) => (d ? (d.endsWith('/') ? d + n : `${d}/${n}`) : n)));
}
