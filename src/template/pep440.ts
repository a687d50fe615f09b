/**
 * PEP 440 versions for the `version` test's version_type='pep440' (Ansible compares them with
 * Python's packaging.version.Version): epoch, release, pre-release (a, b, rc and their spellings),
 * post and dev releases and a local label, ordered by packaging's comparison key.
 */
import { TemplateError } from './errors.js';

const PATTERN =
  /^\s*v?(?:(\d+)!)?(\d+(?:\.\d+)*)(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\d+)?)?(?:-(\d+)|[-_.]?(post|rev|r)[-_.]?(\d+)?)?(?:[-_.]?(dev)[-_.]?(\d+)?)?(?:\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\s*$/i;

const PRE: Record<string, string> = { a: 'a', alpha: 'a', b: 'b', beta: 'b', c: 'rc', rc: 'rc', pre: 'rc', preview: 'rc' };

/** One place of the key: -Infinity and Infinity stand for packaging's NegativeInfinity and Infinity. */
type Key = Array<number | string | Key>;

/** packaging's _cmpkey: what orders two versions. Throws for text that is no PEP 440 version. */
export function pep440Key(v: string): Key {
  const m = PATTERN.exec(v);
  if (!m) throw new TemplateError(`Version comparison failed: Invalid version: '${v}'`);
  const [, epoch, rel, preL, preN, postImplicit, postL, postN, devL, devN, local] = m;
  const release = rel.split('.').map(Number);
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  const post = postImplicit !== undefined ? Number(postImplicit) : postL !== undefined ? Number(postN ?? 0) : undefined;
  const dev = devL !== undefined ? Number(devN ?? 0) : undefined;
  let pre: Key | number;
  if (preL === undefined && post === undefined && dev !== undefined) pre = -Infinity;
  else if (preL === undefined) pre = Infinity;
  else pre = [PRE[preL.toLowerCase()], Number(preN ?? 0)];
  const localKey: Key | number =
    local === undefined ? -Infinity : local.toLowerCase().split(/[-_.]/).map((p) => (/^\d+$/.test(p) ? [Number(p), ''] : [-Infinity, p]));
  return [Number(epoch ?? 0), release, pre, post ?? -Infinity, dev ?? Infinity, localKey];
}

/** Python's ordering of the tuples the keys are (shorter tuple first when one is the other's prefix). */
export function cmpKey(a: Key | number | string, b: Key | number | string): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = cmpKey(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length && (a.length < b.length ? -1 : 1);
  }
  // Infinity and -Infinity compare with anything (packaging's sentinels); otherwise like with like
  const x = Array.isArray(a) ? 0 : a;
  const y = Array.isArray(b) ? 0 : b;
  if (x === Infinity || y === -Infinity) return x === y ? 0 : 1;
  if (x === -Infinity || y === Infinity) return x === y ? 0 : -1;
  return x < y ? -1 : x > y ? 1 : 0;
}

export function comparePep440(a: string, b: string): number {
  return cmpKey(pep440Key(a), pep440Key(b));
}
