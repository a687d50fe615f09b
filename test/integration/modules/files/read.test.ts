/** stat, slurp and fetch through the real LocalConnection in a temp dir. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { statModule } from '../../../../src/modules/files/stat.js';
import { slurpModule } from '../../../../src/modules/files/slurp.js';
import { fetchModule } from '../../../../src/modules/files/fetch.js';
import { runModule } from './run.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-read-'));
  writeFileSync(path.join(dir, 'f.txt'), 'hello\n');
  chmodSync(path.join(dir, 'f.txt'), 0o640);
  symlinkSync('f.txt', path.join(dir, 'l'));
  mkdirSync(path.join(dir, 'd'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = (...p: string[]) => path.join(dir, ...p);
const hash = (algo: string, s: string) => createHash(algo).update(s).digest('hex');

describe('stat', () => {
  it('a regular file with Ansible field names and a sha1 checksum', async () => {
    const r = await runModule(statModule, { path: t('f.txt') });
    expect(r.changed).toBe(false);
    expect(r.result.stat).toMatchObject({
      exists: true,
      path: t('f.txt'),
      mode: '0640',
      isreg: true,
      isdir: false,
      islnk: false,
      size: 6,
      uid: 0,
      pw_name: 'root',
      gr_name: 'root',
      checksum: hash('sha1', 'hello\n'),
      readable: true,
      writeable: true,
      executable: false,
      rusr: true,
      roth: false,
    });
  });
  it('links: lnk_source/lnk_target without follow, the target with follow; other algorithms', async () => {
    const l = await runModule(statModule, { path: t('l') });
    expect(l.result.stat).toMatchObject({ islnk: true, isreg: false, lnk_source: t('f.txt'), lnk_target: 'f.txt' });
    expect((l.result.stat as Record<string, unknown>).checksum).toBeUndefined();
    const f = await runModule(statModule, { path: t('l'), follow: true, checksum_algorithm: 'sha256' });
    expect(f.result.stat).toMatchObject({ islnk: false, isreg: true, checksum: hash('sha256', 'hello\n') });
  });
  it('missing path and directories', async () => {
    expect((await runModule(statModule, { path: t('none') })).result.stat).toEqual({ exists: false });
    expect((await runModule(statModule, { path: t('d') })).result.stat).toMatchObject({ exists: true, isdir: true, executable: true });
  });
});

describe('slurp', () => {
  it('returns base64 content; fails for missing files and directories', async () => {
    const r = await runModule(slurpModule, { src: t('f.txt') });
    expect(r.result).toMatchObject({ content: Buffer.from('hello\n').toString('base64'), encoding: 'base64', source: t('f.txt') });
    await expect(runModule(slurpModule, { path: t('none') })).rejects.toThrow(/file not found/);
    await expect(runModule(slurpModule, { src: t('d') })).rejects.toThrow(/^source is a directory and must be a file: /);
    await expect(runModule(slurpModule, { src: t('f.txt', 'x') })).rejects.toThrow(`unable to slurp file: [Errno 20] Not a directory: '${t('f.txt', 'x')}'`);
  });
});

describe('fetch', () => {
  it('writes dest/HOST/path, then unchanged; flat; check mode writes nothing; missing files', async () => {
    const out = t('fetched');
    const check = await runModule(fetchModule, { src: t('f.txt'), dest: out }, { check: true });
    expect(check.changed).toBe(true);
    expect(existsSync(out)).toBe(false);
    const r = await runModule(fetchModule, { src: t('f.txt'), dest: out });
    const local = path.join(out, 'localhost', t('f.txt'));
    expect(r).toMatchObject({ changed: true, result: { dest: local, checksum: hash('sha1', 'hello\n') } });
    expect(readFileSync(local, 'utf8')).toBe('hello\n');
    expect((await runModule(fetchModule, { src: t('f.txt'), dest: out })).changed).toBe(false);
    const flat = await runModule(fetchModule, { src: t('f.txt'), dest: out + '/', flat: true });
    expect(flat.result.dest).toBe(path.join(out, 'f.txt'));
    expect(readFileSync(path.join(out, 'f.txt'), 'utf8')).toBe('hello\n');
    await expect(runModule(fetchModule, { src: t('none'), dest: out })).rejects.toThrow(/does not exist/);
    const ignored = await runModule(fetchModule, { src: t('none'), dest: out, fail_on_missing: false });
    expect(ignored.changed).toBe(false);
  });
});
