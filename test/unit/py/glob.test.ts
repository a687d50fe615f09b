import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fnmatchRegExp, glob, isFile } from '../../../src/py/glob.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'glob-'));
  for (const f of ['b.txt', 'a.txt', '.hidden.txt', 'c.conf', 'sub1/x.txt', 'sub2/y.txt']) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), '');
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('glob', () => {
  const cases: Array<[string, string[]]> = [
    ['*.txt', ['a.txt', 'b.txt']],
    ['.*.txt', ['.hidden.txt']],
    ['[ab].txt', ['a.txt', 'b.txt']],
    ['[!a].txt', ['b.txt']],
    ['?.conf', ['c.conf']],
    ['sub*/*.txt', ['sub1/x.txt', 'sub2/y.txt']],
    ['c.conf', ['c.conf']],
    ['nope', []],
    ['*', ['a.txt', 'b.txt', 'c.conf', 'sub1', 'sub2']],
  ];
  it.each(cases)('%s', (pattern, expected) => {
    expect(glob(path.join(dir, pattern))).toEqual(expected.map((e) => path.join(dir, e)));
  });
  it('isFile keeps regular files only', () => {
    expect(glob(path.join(dir, '*')).filter(isFile).map((p) => path.basename(p))).toEqual(['a.txt', 'b.txt', 'c.conf']);
  });
  it('fnmatch translates character classes', () => {
    expect(fnmatchRegExp('[^a]').test('^')).toBe(true);
    expect(fnmatchRegExp('a[').test('a[')).toBe(true);
  });
});
