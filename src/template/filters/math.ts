/**
 * Ansible's mathstuff filters (plugins/filter/mathstuff.py): unique (Jinja2's do_unique with
 * Ansible's fallback), the set operations, log/pow/root, human_readable/human_to_bytes
 * (module_utils/common/text/formatters.py), rekey_on_member, permutations and combinations,
 * with the results and error messages Ansible gives.
 */
import { TemplateError } from '../errors.js';
import { bind } from '../args.js';
import { defineFilters } from '../registry.js';
import { isDict, pyEquals, pyIter, pyStr, typeName } from '../pyvalues.js';
import { percentFormat } from '../ops.js';
import { attrPath } from './lists.js';

const isNum = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean';

/** Equality-based unique (Ansible's fallback, and the list branch of the set operations). */
function uniq(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => pyEquals(x, y))) out.push(x);
  return out;
}

/**
 * Jinja2's do_unique: keys (the attribute, strings lowercased unless case_sensitive) must be hashable;
 * when one is not, Ansible falls back to equality unless case_sensitive=False or attribute was given.
 */
export function unique(v: unknown, caseSensitive: unknown = null, attribute: unknown = null): unknown[] {
  const items = pyIter(v);
  const keys: unknown[] = [];
  const out: unknown[] = [];
  for (const x of items) {
    let k = attribute !== null && attribute !== undefined ? attrPath(x, attribute) : x;
    if (typeof k === 'string' && !caseSensitive) k = k.toLowerCase();
    if (Array.isArray(k) || isDict(k)) {
      if (caseSensitive === false || (attribute !== null && attribute !== undefined)) {
        throw new TemplateError(
          "Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied",
        );
      }
      return uniq(items);
    }
    if (!keys.some((y) => pyEquals(k, y))) {
      keys.push(k);
      out.push(x);
    }
  }
  return out;
}

/** The operands of a set operation: Python iterates them (a string gives its characters). */
function operands(a: unknown, b: unknown): [unknown[], unknown[]] {
  return [pyIter(a), pyIter(b)];
}

function union(a: unknown, b: unknown): unknown[] {
  const [x, y] = operands(a, b);
  return uniq([...x, ...y]);
}

function intersect(a: unknown, b: unknown): unknown[] {
  const [x, y] = operands(a, b);
  return uniq(x.filter((i) => y.some((j) => pyEquals(i, j))));
}

function difference(a: unknown, b: unknown): unknown[] {
  const [x, y] = operands(a, b);
  return uniq(x.filter((i) => !y.some((j) => pyEquals(i, j))));
}

function symmetricDifference(a: unknown, b: unknown): unknown[] {
  const isect = intersect(a, b);
  return union(a, b).filter((i) => !isect.some((j) => pyEquals(i, j)));
}

function mathArg(name: string, v: unknown): number {
  if (!isNum(v)) throw new TemplateError(`${name}() can only be used on numbers: must be real number, not ${typeName(v)}`);
  return Number(v);
}

function checked(x: number): number {
  if (Number.isNaN(x)) throw new TemplateError('math domain error');
  if (!Number.isFinite(x)) throw new TemplateError('math range error');
  return x;
}

function logarithm(v: unknown, base: unknown = Math.E): number {
  const x = mathArg('log', v);
  const b = mathArg('log', base);
  if (x <= 0 || b <= 0 || b === 1) throw new TemplateError(b === 1 ? 'float division by zero' : 'math domain error');
  return checked(b === 10 ? Math.log10(x) : Math.log(x) / Math.log(b));
}

function power(v: unknown, y: unknown): number {
  return checked(Math.pow(mathArg('pow', v), mathArg('pow', y)));
}

function inversePower(v: unknown, base: unknown = 2): number {
  const x = mathArg('root', v);
  const b = mathArg('root', base);
  const r = b === 2 ? Math.sqrt(x) : Math.pow(x, 1 / b);
  if (Number.isNaN(r)) throw new TemplateError('root() can only be used on numbers: math domain error');
  return r;
}

const SIZE_RANGES: Array<[string, number]> = [
  ['Y', 2 ** 80],
  ['Z', 2 ** 70],
  ['E', 2 ** 60],
  ['P', 2 ** 50],
  ['T', 2 ** 40],
  ['G', 2 ** 30],
  ['M', 2 ** 20],
  ['K', 2 ** 10],
  ['B', 1],
];

/** formatters.bytes_to_human: '%.2f %s' of the largest unit the size reaches (or the unit asked for). */
export function humanReadable(size: unknown, isbits: unknown = false, unit: unknown = null): string {
  const bad = (why: string): never => {
    throw new TemplateError(`human_readable() failed on bad input: ${why}`);
  };
  const base = isbits ? 'bits' : 'Bytes';
  let suffix = 'B';
  let limit = 1;
  for ([suffix, limit] of SIZE_RANGES) {
    if (unit === null || unit === undefined) {
      if (!isNum(size)) bad(`'>=' not supported between instances of '${typeName(size)}' and 'int'`);
      if (Number(size) >= limit) break;
    } else {
      if (typeof unit !== 'string') throw new TemplateError(`human_readable() can't interpret following string: ${pyStr(size)}`);
      if (unit.toUpperCase() === suffix[0]) break;
    }
  }
  if (!isNum(size)) bad(`unsupported operand type(s) for /: '${typeName(size)}' and 'int'`);
  return percentFormat('%.2f %s', [Number(size) / limit, limit !== 1 ? suffix + base[0] : base]);
}

/** Python's round() to an int: halves to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** formatters.human_to_bytes ('10 KB' → 10240); every failure is Ansible's "can't interpret" error. */
export function humanToBytes(size: unknown, defaultUnit: unknown = null, isbits: unknown = false): number {
  const fail = (): never => {
    throw new TemplateError(`human_to_bytes() can't interpret following string: ${pyStr(size)}`);
  };
  const m = /^\s*(\d*\.?\d*)\s*([A-Za-z]+)?/.exec(pyStr(size))!;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(m[1])) fail();
  const num = Number(m[1]);
  const unit = m[2] ?? defaultUnit;
  if (unit === null || unit === undefined) return roundHalfEven(num);
  if (typeof unit !== 'string') throw new TemplateError(`human_to_bytes() failed on bad input: '${typeName(unit)}' object is not subscriptable`);
  const rangeKey = unit[0].toUpperCase();
  const limit = SIZE_RANGES.find(([k]) => k === rangeKey)?.[1];
  if (limit === undefined) fail();
  const [unitClass, unitClassName] = isbits ? ['b', 'bit'] : ['B', 'byte'];
  if (unit.length > 1 && !unit.toLowerCase().includes(unitClassName) && unit[1] !== unitClass) fail();
  return roundHalfEven(num * limit!);
}

function rekeyOnMember(data: unknown, key: unknown, duplicates: unknown = 'error'): Record<string, unknown> {
  if (duplicates !== 'error' && duplicates !== 'overwrite') {
    throw new TemplateError(`duplicates parameter to rekey_on_member has unknown value: ${pyStr(duplicates)}`);
  }
  let items: unknown[];
  if (isDict(data)) items = Object.values(data);
  else if (Array.isArray(data)) items = data;
  else throw new TemplateError('Type is not a valid list, set, or dict');
  const out: Record<string, unknown> = {};
  for (const item of items) {
    if (!isDict(item)) throw new TemplateError('List item is not a valid dict');
    if (Array.isArray(key) || isDict(key)) throw new TemplateError(`unhashable type: '${typeName(key)}'`);
    const k = typeof key === 'boolean' ? (key ? 'True' : 'False') : String(key ?? 'None');
    if (!Object.prototype.hasOwnProperty.call(item, k)) throw new TemplateError(`Key ${pyStr(key)} was not found`);
    const elem = item[k];
    if (Array.isArray(elem) || isDict(elem)) throw new TemplateError(`unhashable type: '${typeName(elem)}'`);
    const newKey = pyStr(elem);
    if (Object.prototype.hasOwnProperty.call(out, newKey) && duplicates === 'error') {
      throw new TemplateError(`Key ${pyStr(elem)} is not unique, cannot correctly turn into dict`);
    }
    out[newKey] = item;
  }
  return out;
}

/** itertools.permutations / combinations of r items (r defaults to all for permutations). */
function arrangements(items: unknown[], r: number, ordered: boolean): unknown[][] {
  if (r > items.length || r < 0) return [];
  const out: unknown[][] = [];
  const walk = (start: number, used: number[]): void => {
    if (used.length === r) {
      out.push(used.map((i) => items[i]));
      return;
    }
    for (let i = ordered ? 0 : start; i < items.length; i++) if (!used.includes(i)) walk(i + 1, [...used, i]);
  };
  walk(0, []);
  return out;
}

function count(r: unknown, dflt: number): number {
  if (r === null || r === undefined) return dflt;
  if (typeof r !== 'number' || !Number.isInteger(r)) throw new TemplateError('Expected int as r');
  if (r < 0) throw new TemplateError('r must be non-negative');
  return r;
}

defineFilters({
  unique: (v, ...args) => {
    const a = bind('unique', args, ['case_sensitive', 'attribute'], { case_sensitive: null, attribute: null });
    return unique(v, a.case_sensitive, a.attribute);
  },
  union,
  intersect,
  difference,
  symmetric_difference: symmetricDifference,
  log: (v, ...args) => {
    const a = bind('log', args, ['base'], { base: Math.E });
    return logarithm(v, a.base);
  },
  pow: (v, ...args) => {
    const a = bind('pow', args, ['y']);
    if (a.y === undefined) throw new TemplateError("power() missing 1 required positional argument: 'y'");
    return power(v, a.y);
  },
  root: (v, ...args) => inversePower(v, bind('root', args, ['base'], { base: 2 }).base),
  human_readable: (v, ...args) => {
    const a = bind('human_readable', args, ['isbits', 'unit'], { isbits: false, unit: null });
    return humanReadable(v, a.isbits, a.unit);
  },
  human_to_bytes: (v, ...args) => {
    const a = bind('human_to_bytes', args, ['default_unit', 'isbits'], { default_unit: null, isbits: false });
    return humanToBytes(v, a.default_unit, a.isbits);
  },
  rekey_on_member: (v, ...args) => {
    const a = bind('rekey_on_member', args, ['key', 'duplicates'], { duplicates: 'error' });
    if (a.key === undefined) throw new TemplateError("rekey_on_member() missing 1 required positional argument: 'key'");
    return rekeyOnMember(v, a.key, a.duplicates);
  },
  permutations: (v, ...args) => {
    const items = pyIter(v);
    return arrangements(items, count(bind('permutations', args, ['r']).r, items.length), true);
  },
  combinations: (v, ...args) => {
    const a = bind('combinations', args, ['r']);
    if (a.r === undefined) throw new TemplateError("combinations() missing required argument 'r' (pos 2)");
    return arrangements(pyIter(v), count(a.r, 0), false);
  },
});
