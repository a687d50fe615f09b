/**
 * find through the real LocalConnection on a tree made here. The expected answers were captured from
 * ansible-core 2.14 (`ansible localhost -m find -a ...`) on the same tree: matched, examined, msg,
 * skipped_paths, the paths (sorted: their order is the directory's) and checksums.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findModule } from '../../../../src/modules/files/find.js';
import { runModule } from './run.js';

let t: string;
beforeAll(() => {
  t = path.join(mkdtempSync(path.join(tmpdir(), 'machinist-find-')), 't');
  for (const d of ['a/b/c', '.hid', 'd']) mkdirSync(path.join(t, d), { recursive: true });
  const files: Record<string, string> = { 'x.conf': 'hello\n', 'a/y.conf': 'foo bar\n', 'a/b/z.txt': 'line1\nneedle here\n', 'a/b/c/deep.conf': 'deep\n', '.hid/h.conf': 'h\n', '.dot.conf': 'hh\n' };
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(t, f), text);
  symlinkSync('a', path.join(t, 'link-a'));
  symlinkSync('x.conf', path.join(t, 'lnk.conf'));
  writeFileSync(path.join(t, 'd/big.bin'), '');
  truncateSync(path.join(t, 'd/big.bin'), 5000);
});
afterAll(() => rmSync(path.dirname(t), { recursive: true, force: true }));

const ALL = 'All paths examined';
const CASES: Array<{ args: Record<string, unknown>; matched: number; examined: number; files: string[]; msg?: string; sums?: string[] }> = [
  { args: {}, matched: 1, examined: 7, files: ['/x.conf'] },
  { args: { recurse: true }, matched: 6, examined: 14, files: ['/.hid/h.conf', '/a/b/c/deep.conf', '/a/b/z.txt', '/a/y.conf', '/d/big.bin', '/x.conf'] },
  { args: { recurse: true, depth: 2 }, matched: 4, examined: 13, files: ['/.hid/h.conf', '/a/y.conf', '/d/big.bin', '/x.conf'] },
  { args: { recurse: true, patterns: '*.conf', hidden: true }, matched: 5, examined: 14, files: ['/.dot.conf', '/.hid/h.conf', '/a/b/c/deep.conf', '/a/y.conf', '/x.conf'] },
  { args: { recurse: true, file_type: 'directory' }, matched: 4, examined: 14, files: ['/a', '/a/b', '/a/b/c', '/d'] },
  { args: { recurse: true, file_type: 'any', excludes: '*.bin' }, matched: 11, examined: 14, files: ['/.hid/h.conf', '/a', '/a/b', '/a/b/c', '/a/b/c/deep.conf', '/a/b/z.txt', '/a/y.conf', '/d', '/link-a', '/lnk.conf', '/x.conf'] },
  { args: { recurse: true, contains: 'needle.*' }, matched: 1, examined: 14, files: ['/a/b/z.txt'] },
  { args: { recurse: true, size: '1k' }, matched: 1, examined: 14, files: ['/d/big.bin'] },
  { args: { recurse: true, size: '-10' }, matched: 4, examined: 14, files: ['/.hid/h.conf', '/a/b/c/deep.conf', '/a/y.conf', '/x.conf'] },
  { args: { file_type: 'link' }, matched: 2, examined: 7, files: ['/link-a', '/lnk.conf'] },
  { args: { recurse: true, contains: 'needle', read_whole_file: true, get_checksum: true }, matched: 1, examined: 14, files: ['/a/b/z.txt'], sums: ['e910f789ab7f61db83b7acb0ab70c0f700f997eb'] },
];

describe('find, against answers captured from ansible-core 2.14', () => {
  it.each(CASES)('$args', async ({ args, matched, examined, files, msg, sums }) => {
    const r = await runModule(findModule, { paths: t, ...args });
    expect(r.changed).toBe(false);
    expect(r.result).toMatchObject({ matched, examined, msg: msg ?? ALL, skipped_paths: {} });
    const got = r.result.files as Array<Record<string, unknown>>;
    expect(got.map((f) => String(f.path).slice(t.length)).sort()).toEqual(files);
    if (sums) expect(got.map((f) => f.checksum)).toEqual(sums);
  });

  it('a path that is no directory is skipped with a warning; regex patterns match the start of the name', async () => {
    const missing = path.join(path.dirname(t), 'nonexistent');
    const r = await runModule(findModule, { paths: [t, missing], recurse: true, use_regex: true, patterns: '^[xy]\\..*' });
    expect(r.result).toMatchObject({ matched: 2, examined: 14, msg: 'Not all paths examined, check warnings for details', skipped_paths: { [missing]: `'${missing}' is not a directory` } });
    expect((r.result.files as Array<{ path: string }>).map((f) => f.path.slice(t.length)).sort()).toEqual(['/a/y.conf', '/x.conf']);
  });

  it('gives find.py\'s stat fields', async () => {
    const r = await runModule(findModule, { paths: t, patterns: 'x.conf' });
    const f = (r.result.files as Array<Record<string, unknown>>)[0];
    expect(f).toMatchObject({ path: path.join(t, 'x.conf'), isreg: true, isdir: false, islnk: false, size: 6, pw_name: 'root', rusr: true });
    expect(f.mode).toMatch(/^0[0-7]{3}$/);
    expect(typeof f.mtime).toBe('number');
  });
});
