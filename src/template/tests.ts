/** Jinja2 and Ansible tests (`x is defined`, `result is changed`, `v is version('253', '<')`, ...). */
import { existsSync, lstatSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { TemplateError, Undefined } from './errors.js';
import { bind } from './args.js';
import { defineAliases, defineTests, hasFilter, hasTest } from './registry.js';
import { isDict, pyCmp, pyContains, pyEquals, pyIter, pyStr, truthy, typeName } from './pyvalues.js';
import { allMatches, pyRegex } from './filters/strings.js';
import { versionTest } from './version.js';
import { readBoolean } from '../py/bool.js';
import { isInlineVaultValue } from '../vault/index.js';

function result(name: string, v: unknown): Record<string, unknown> {
  if (!isDict(v)) throw new TemplateError(`The '${name}' test expects a dictionary, got ${typeName(v)}`);
  return v;
}

function regexTest(v: unknown, pattern: unknown, args: unknown[], kind: 'match' | 'search' | 'fullmatch'): boolean {
  const a = bind(kind, args, ['ignorecase', 'multiline']);
  const re = pyRegex(pattern, a);
  const s = pyStr(v);
  if (kind === 'search') return allMatches(re, s, 1).length > 0;
  const sticky = new RegExp(re.source, re.flags.replace('g', '') + 'y');
  const m = sticky.exec(s);
  return m !== null && (kind === 'match' || m[0].length === s.length);
}

/** Ansible's truthy/falsy: Python's bool(), of boolean(value) first with convert_bool when it is one ("off" is false). */
function convertedTruthy(name: string, v: unknown, args: unknown[]): boolean {
  const a = bind(name, args, ['convert_bool'], { convert_bool: false });
  if (truthy(a.convert_bool)) {
    const b = readBoolean(v);
    if (b !== undefined) return b;
  }
  return truthy(v);
}

const isNumber = (v: unknown): boolean => typeof v === 'number' || typeof v === 'boolean';

defineTests(
  {
    defined: (v) => !(v instanceof Undefined),
    undefined: (v) => v instanceof Undefined,
    none: (v) => v === null,
    null: (v) => v === null,
    string: (v) => typeof v === 'string',
    number: (v) => isNumber(v),
    integer: (v) => typeof v === 'number' && Number.isInteger(v),
    float: (v) => typeof v === 'number' && !Number.isInteger(v),
    boolean: (v) => typeof v === 'boolean',
    true: (v) => v === true,
    false: (v) => v === false,
    mapping: (v) => isDict(v),
    iterable: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
    sequence: (v) => typeof v === 'string' || Array.isArray(v) || isDict(v),
    callable: (v) => typeof v === 'function',
  },
  { undefinedOk: true },
);

defineTests({
  in: (v, seq) => pyContains(seq, v),
  contains: (seq, v) => pyContains(seq, v),
  match: (v, p, ...args) => regexTest(v, p, args, 'match'),
  search: (v, p, ...args) => regexTest(v, p, args, 'search'),
  regex: (v, p, ...args) => {
    const a = bind('regex', args, ['ignorecase', 'multiline', 'match_type'], { match_type: 'search' });
    const kind = String(a.match_type);
    if (kind !== 'match' && kind !== 'search' && kind !== 'fullmatch') throw new TemplateError(`match_type must be match, search or fullmatch, not '${kind}'`);
    return regexTest(v, p, [a.ignorecase ?? false, a.multiline ?? false], kind);
  },
  version: (v, ...args) => {
    const a = bind('version', args, ['version', 'operator', 'strict', 'version_type'], { operator: 'eq' });
    const given = (x: unknown) => x !== undefined && x !== null;
    return versionTest(pyStr(v), pyStr(a.version), pyStr(a.operator), given(a.strict) ? truthy(a.strict) : undefined, given(a.version_type) ? pyStr(a.version_type) : undefined);
  },
  changed: (v) => {
    const r = result('changed', v);
    if (Array.isArray(r.results) && r.results.length && isDict(r.results[0])) return r.results.some((x) => isDict(x) && truthy(x.changed ?? false)) || truthy(r.changed ?? false);
    return truthy(r.changed ?? false);
  },
  failed: (v) => truthy(result('failed', v).failed ?? false),
  succeeded: (v) => !truthy(result('succeeded', v).failed ?? false),
  unreachable: (v) => truthy(result('unreachable', v).unreachable ?? false),
  reachable: (v) => !truthy(result('reachable', v).unreachable ?? false),
  skipped: (v) => truthy(result('skipped', v).skipped ?? false),
  finished: (v) => pyEquals(result('finished', v).finished ?? 1, 1),
  started: (v) => pyEquals(result('started', v).started ?? 1, 1),
  divisibleby: (v, n) => Number(v) % Number(n) === 0,
  even: (v) => Number(v) % 2 === 0,
  odd: (v) => Math.abs(Number(v) % 2) === 1,
  eq: (a, b) => pyEquals(a, b),
  ne: (a, b) => !pyEquals(a, b),
  lt: (a, b) => pyCmp(a, b, '<') < 0,
  le: (a, b) => pyCmp(a, b, '<=') <= 0,
  gt: (a, b) => pyCmp(a, b, '>') > 0,
  ge: (a, b) => pyCmp(a, b, '>=') >= 0,
  sameas: (a, b) => a === b,
  lower: (v) => typeof v === 'string' && v === v.toLowerCase(),
  upper: (v) => typeof v === 'string' && v === v.toUpperCase(),
  any: (v) => pyIter(v).some(truthy),
  all: (v) => pyIter(v).every(truthy),
  subset: (a, b) => pyIter(a).every((x) => pyContains(b, x)),
  superset: (a, b) => pyIter(b).every((x) => pyContains(a, x)),
  vault_encrypted: (v) => isInlineVaultValue(v),
  truthy: (v, ...args) => convertedTruthy('truthy', v, args),
  falsy: (v, ...args) => !convertedTruthy('falsy', v, args),
  nan: (v) => typeof v === 'number' && Number.isNaN(v),
  abs: (v) => path.isAbsolute(pyStr(v)),
  exists: (v) => existsSync(pyStr(v)),
  file: (v) => {
    try {
      return statSync(pyStr(v)).isFile();
    } catch {
      return false;
    }
  },
  directory: (v) => {
    try {
      return statSync(pyStr(v)).isDirectory();
    } catch {
      return false;
    }
  },
  link: (v) => {
    try {
      return lstatSync(pyStr(v)).isSymbolicLink();
    } catch {
      return false;
    }
  },
  filter: (v) => hasFilter(pyStr(v)),
  test: (v) => hasTest(pyStr(v)),
});

// Aliases, as Jinja2 and Ansible register them.
defineAliases('test', {
  version_compare: 'version',
  change: 'changed',
  failure: 'failed',
  success: 'succeeded',
  successful: 'succeeded',
  skip: 'skipped',
  equalto: 'eq',
  '==': 'eq',
  '!=': 'ne',
  lessthan: 'lt',
  '<': 'lt',
  '<=': 'le',
  greaterthan: 'gt',
  '>': 'gt',
  '>=': 'ge',
  is_abs: 'abs',
  is_file: 'file',
  is_dir: 'directory',
  is_link: 'link',
});
