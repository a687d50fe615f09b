/** Version comparison for the `version` test (Ansible's loose, strict, semver and pep440 version types). */
import { TemplateError } from './errors.js';
import { comparePep440 } from './pep440.js';

type Part = number | string;

function loose(v: string): Part[] {
  return v
    .split(/(\d+|[a-z]+|\.)/i)
    .filter((p) => p && p !== '.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function strict(v: string): Part[] {
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?(?:([ab])(\d+))?$/.exec(v);
  if (!m) throw new TemplateError(`invalid version number '${v}'`);
  // a release without pre-release tag sorts after its pre-releases
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0), m[4] ? m[4] : 'z', m[5] ? Number(m[5]) : 0];
}

function cmpParts(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x < y ? -1 : 1;
    if (typeof x === 'number') return -1;
    if (typeof y === 'number') return 1;
    return x < y ? -1 : 1;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

function semver(v: string): { core: number[]; pre: Part[] } {
  const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
  if (!m) throw new TemplateError(`invalid semantic version '${v}'`);
  const pre = m[4] ? m[4].split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [];
  return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre };
}

function cmpSemver(a: string, b: string): number {
  const x = semver(a);
  const y = semver(b);
  const c = cmpParts(x.core, y.core);
  if (c) return c;
  if (!x.pre.length || !y.pre.length) return x.pre.length === y.pre.length ? 0 : x.pre.length ? -1 : 1;
  return cmpParts(x.pre, y.pre);
}

export function compareVersions(a: string, b: string, type: string = 'loose'): number {
  switch (type) {
    case 'loose':
      return cmpParts(loose(a), loose(b));
    case 'strict':
      return cmpParts(strict(a), strict(b));
    case 'semver':
    case 'semantic':
      return cmpSemver(a, b);
    case 'pep440':
      return comparePep440(a, b);
    default:
      throw new TemplateError(`version_type must be one of loose, strict, semver, semantic, pep440; got '${type}'`);
  }
}

const OPS: Record<string, (c: number) => boolean> = {
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

/** `value is version(other, op)`. */
export function versionTest(value: string, other: string, op = 'eq', strictFlag?: boolean, type?: string): boolean {
  if (strictFlag !== undefined && type !== undefined) throw new TemplateError("Cannot specify both 'strict' and 'version_type'");
  const f = OPS[op];
  if (!f) throw new TemplateError(`Invalid operator type (${op}); use one of ${Object.keys(OPS).join(', ')}`);
  if (!value) throw new TemplateError('Input version value cannot be empty');
  if (!other) throw new TemplateError('Version parameter to compare against cannot be empty');
  return f(compareVersions(value, other, type ?? (strictFlag ? 'strict' : 'loose')));
}
