/** file module through the real LocalConnection and /bin/sh in a temp dir. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readlinkSync, rmSync, statSync, utimesSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileModule } from '../../../../src/modules/files/file.js';
import { diffs, runModule } from './run.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const t = (...p: string[]) => path.join(dir, ...p);
const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8);
const file = (args: Record<string, unknown>, check = false) => runModule(fileModule, args, { check });

describe('file state=directory', () => {
  it('creates parents with the mode, then is unchanged; check mode changes nothing', async () => {
    const p = t('a', 'b', 'c');
    const check = await file({ path: p, state: 'directory', mode: '0750' }, true);
    expect(check.changed).toBe(true);
    expect(existsSync(t('a'))).toBe(false);
    const r = await file({ path: p, state: 'directory', mode: '0750' });
    expect(r.changed).toBe(true);
    expect(mode(p)).toBe('750');
    expect(mode(t('a'))).toBe('750');
    expect(r.result).toMatchObject({ path: p, state: 'directory', mode: '0750' });
    expect(diffs(r.diff)[0].before).toContain('"state": "absent"');
    expect(diffs(r.diff)[0].after).toContain('"state": "directory"');
    expect((await file({ path: p, state: 'directory', mode: '0750' })).changed).toBe(false);
    expect((await file({ dest: p, state: 'directory', mode: 'u=rwx,g=rx,o=' })).changed).toBe(false);
    const sym = await file({ name: p, state: 'directory', mode: 'o+rx' });
    expect(sym.changed).toBe(true);
    expect(mode(p)).toBe('755');
  });

  it('recurse sets mode and owner below, and is idempotent', async () => {
    const p = t('rec');
    mkdirSync(path.join(p, 'sub'), { recursive: true });
    writeFileSync(path.join(p, 'sub', 'f'), 'x');
    chmodSync(path.join(p, 'sub', 'f'), 0o600);
    const r = await file({ path: p, state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=rX', owner: 'root' });
    expect(r.changed).toBe(true);
    expect(mode(path.join(p, 'sub', 'f'))).toBe('644');
    expect(mode(path.join(p, 'sub'))).toBe('755');
    expect((await file({ path: p, state: 'directory', recurse: true, mode: 'u=rwX,g=rX,o=rX', owner: 'root' })).changed).toBe(false);
  });

  it('refuses a path that is a file', async () => {
    writeFileSync(t('plain'), 'x');
    await expect(file({ path: t('plain'), state: 'directory' })).rejects.toThrow(/already exists as a file/);
  });
});

describe('file state=file/touch/absent', () => {
  it('state=file fails on a missing path and fixes modes on an existing one', async () => {
    await expect(file({ path: t('missing'), state: 'file' })).rejects.toThrow(/is absent, cannot continue/);
    writeFileSync(t('f1'), 'x');
    chmodSync(t('f1'), 0o644);
    const r = await file({ path: t('f1'), mode: 600 });
    expect(r.changed).toBe(true);
    expect(mode(t('f1'))).toBe('600');
    expect(r.result).toMatchObject({ state: 'file', mode: '0600', size: 1 });
    expect((await file({ path: t('f1'), mode: '0600' })).changed).toBe(false);
  });

  it('touch creates, then is always changed; preserve times keeps it unchanged', async () => {
    const p = t('touched');
    const r = await file({ path: p, state: 'touch', mode: '0640' });
    expect(r.changed).toBe(true);
    expect(mode(p)).toBe('640');
    utimesSync(p, 1000000000, 1000000000);
    const again = await file({ path: p, state: 'touch' });
    expect(again.changed).toBe(true);
    expect(statSync(p).mtimeMs).toBeGreaterThan(1000000000 * 1000);
    const keep = await file({ path: p, state: 'touch', modification_time: 'preserve', access_time: 'preserve' });
    expect(keep.changed).toBe(false);
  });

  it('explicit modification_time is set once and then unchanged', async () => {
    const p = t('timed');
    writeFileSync(p, '');
    const r = await file({ path: p, state: 'file', modification_time: '202001021304.05' });
    expect(r.changed).toBe(true);
    const d = new Date(statSync(p).mtimeMs);
    expect([d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()]).toEqual([2020, 1, 2, 13, 4, 5]);
    expect((await file({ path: p, state: 'file', modification_time: '202001021304.05' })).changed).toBe(false);
  });

  it('absent removes files and trees; then unchanged', async () => {
    mkdirSync(t('gone', 'deep'), { recursive: true });
    writeFileSync(t('gone', 'deep', 'x'), 'x');
    const check = await file({ path: t('gone'), state: 'absent' }, true);
    expect(check.changed).toBe(true);
    expect(existsSync(t('gone'))).toBe(true);
    const r = await file({ path: t('gone'), state: 'absent' });
    expect(r.changed).toBe(true);
    expect(existsSync(t('gone'))).toBe(false);
    expect(diffs(r.diff)[0]).toMatchObject({ before: expect.stringContaining('"state": "directory"'), after: expect.stringContaining('"state": "absent"') });
    expect((await file({ path: t('gone'), state: 'absent' })).changed).toBe(false);
  });
});

describe('file state=link/hard', () => {
  it('creates a relative symlink, retargets it, and refuses to replace a file without force', async () => {
    writeFileSync(t('target1'), '1');
    writeFileSync(t('target2'), '2');
    const r = await file({ path: t('cur'), src: 'target1', state: 'link' });
    expect(r.changed).toBe(true);
    expect(readlinkSync(t('cur'))).toBe('target1');
    expect(r.result).toMatchObject({ state: 'link', src: 'target1' });
    expect((await file({ path: t('cur'), src: 'target1', state: 'link' })).changed).toBe(false);
    const re = await file({ path: t('cur'), src: 'target2', state: 'link' });
    expect(re.changed).toBe(true);
    expect(readlinkSync(t('cur'))).toBe('target2');
    expect(diffs(re.diff)[0].before).toContain('"src": "target1"');
    writeFileSync(t('occupied'), 'x');
    await expect(file({ path: t('occupied'), src: 'target1', state: 'link' })).rejects.toThrow(/refusing to convert from file to symlink/);
    const forced = await file({ path: t('occupied'), src: 'target1', state: 'link', force: true });
    expect(forced.changed).toBe(true);
    expect(lstatSync(t('occupied')).isSymbolicLink()).toBe(true);
  });

  it('a missing src needs force', async () => {
    await expect(file({ path: t('dangling'), src: 'nowhere', state: 'link' })).rejects.toThrow(/src file does not exist/);
    expect(existsSync(t('dangling'))).toBe(false);
    expect((await file({ path: t('dangling'), src: 'nowhere', state: 'link', force: true })).changed).toBe(true);
    expect(readlinkSync(t('dangling'))).toBe('nowhere');
  });

  it('hard links by inode', async () => {
    writeFileSync(t('orig'), 'o');
    const r = await file({ path: t('hl'), src: t('orig'), state: 'hard' });
    expect(r.changed).toBe(true);
    expect(statSync(t('hl')).ino).toBe(statSync(t('orig')).ino);
    expect((await file({ path: t('hl'), src: t('orig'), state: 'hard' })).changed).toBe(false);
  });

  it('state=file follows a link to its target', async () => {
    writeFileSync(t('real.conf'), 'r');
    chmodSync(t('real.conf'), 0o644);
    await file({ path: t('via'), src: 'real.conf', state: 'link' });
    const r = await file({ path: t('via'), state: 'file', mode: '0600' });
    expect(r.changed).toBe(true);
    expect(mode(t('real.conf'))).toBe('600');
  });
});
