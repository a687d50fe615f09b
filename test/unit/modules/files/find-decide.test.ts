/** find's pure part: os.walk's order, fnmatch, and the age/size words, against CPython's answers. */
import { describe, expect, it } from 'vitest';
import { parseAge, parseEntry, parseSize, walkOrder, type Entry } from '../../../../src/modules/files/find-decide.js';
import { fnmatch } from '../../../../src/py/glob.js';

const entry = (rel: string, type: string): Entry => parseEntry([type, type, '644', '1', '0', '0', 'root', 'root', '1', '1', '1', '0', '0', '0', rel].join('\t'))!;

describe('walkOrder', () => {
  it("lists a directory's non-directories, then its directories, then goes down each (os.walk top-down)", () => {
    // GNU find's pre-order for: d1/ (f2), f1, d2/ (d3/ (f3))
    const found = [entry('d1', 'd'), entry('d1/f2', 'f'), entry('f1', 'f'), entry('d2', 'd'), entry('d2/d3', 'd'), entry('d2/d3/f3', 'f')];
    expect(walkOrder(found).map((x) => x.entry.rel)).toEqual(['f1', 'd1', 'd2', 'd1/f2', 'd2/d3', 'd2/d3/f3']);
  });
});

describe('fnmatch (Python, case-sensitive)', () => {
  // each row: name, pattern, fnmatch.fnmatchcase's answer under CPython 3.11
  it.each([
    ['a.conf', '*.conf', true],
    ['a.CONF', '*.conf', false],
    ['.hidden', '*', true],
    ['ab', 'a?', true],
    ['abc', 'a?', false],
    ['a1', 'a[0-9]', true],
    ['ab', 'a[!0-9]', true],
    ['a1', 'a[!0-9]', false],
    ['a[', 'a[', true],
    ['a]', 'a[]]', true],
    ['a.b', 'a.b', true],
    ['axb', 'a.b', false],
    ['a\\b', 'a\\b', true],
  ] as Array<[string, string, boolean]>)('%s %s → %s', (name, pattern, want) => {
    expect(fnmatch(name, pattern)).toBe(want);
  });
});

describe('age and size words', () => {
  it.each([
    ['2d', 172800], ['-3w', -1814400], ['10', 10], ['5M', 300], ['1h', 3600], ['x', undefined], ['1y', undefined],
  ] as Array<[string, number | undefined]>)('age %s → %s', (v, want) => expect(parseAge(v)).toBe(want));
  it.each([
    ['1k', 1024], ['-10', -10], ['2G', 2 * 1024 ** 3], ['3b', 3], ['1kb', undefined],
  ] as Array<[string, number | undefined]>)('size %s → %s', (v, want) => expect(parseSize(v)).toBe(want));
});

describe('fnmatch: sets as fnmatch.translate reads them (CPython 3.11 answers)', () => {
  it.each([
    ['a!', 'a[!]]', true],
    ['a]', 'a[!]]', false],
    ['^', '[^a]', true],
    ['\\', '[^a]', false],
    ['b', '[!a]', true],
  ] as Array<[string, string, boolean]>)('%s %s → %s', (name, pattern, want) => {
    expect(fnmatch(name, pattern)).toBe(want);
  });
});
