/** lineinfile and blockinfile through the real LocalConnection in a temp dir. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { lineinfileModule } from '../../../../src/modules/files/lineinfile.js';
import { blockinfileModule } from '../../../../src/modules/files/blockinfile.js';
import { replaceModule } from '../../../../src/modules/files/replace.js';
import { diffs, runModule } from './run.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-edit-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const t = (...p: string[]) => path.join(dir, ...p);
const read = (p: string) => readFileSync(p, 'utf8');

describe('lineinfile', () => {
  it('replaces a matching line, then is unchanged; diff has before/after content', async () => {
    const p = t('app.conf');
    writeFileSync(p, 'name=web\ndebug=true\nport=80\n');
    const r = await runModule(lineinfileModule, { path: p, regexp: '^debug=', line: 'debug=false' });
    expect(r.changed).toBe(true);
    expect(r.result.msg).toBe('line replaced');
    expect(read(p)).toBe('name=web\ndebug=false\nport=80\n');
    expect(diffs(r.diff)[0]).toMatchObject({ before: 'name=web\ndebug=true\nport=80\n', after: 'name=web\ndebug=false\nport=80\n', before_header: `${p} (content)` });
    const again = await runModule(lineinfileModule, { path: p, regexp: '^debug=', line: 'debug=false' });
    expect(again.changed).toBe(false);
  });

  it('check mode does not write; create makes the file (and its directory)', async () => {
    const p = t('new', 'dir', 'hosts');
    const c = await runModule(lineinfileModule, { path: p, line: '10.0.0.1 a', create: true }, { check: true });
    expect(c.changed).toBe(true);
    expect(existsSync(t('new'))).toBe(false);
    await expect(runModule(lineinfileModule, { path: p, line: 'x' })).rejects.toThrow(/does not exist !/);
    const r = await runModule(lineinfileModule, { path: p, line: '10.0.0.1 a', create: true, mode: '0600' });
    expect(r.changed).toBe(true);
    expect(read(p)).toBe('10.0.0.1 a\n');
    expect((statSync(p).mode & 0o777).toString(8)).toBe('600');
  });

  it('absent removes every match with a count; backup keeps the old file', async () => {
    const p = t('rm.conf');
    writeFileSync(p, 'a\n#x\nb\n#y\n');
    const r = await runModule(lineinfileModule, { path: p, regexp: '^#', state: 'absent', backup: true });
    expect(r.result).toMatchObject({ msg: '2 line(s) removed', found: 2 });
    expect(read(p)).toBe('a\nb\n');
    expect(read(r.result.backup as string)).toBe('a\n#x\nb\n#y\n');
    expect((await runModule(lineinfileModule, { path: p, regexp: '^#', state: 'absent' })).changed).toBe(false);
  });

  it('validate failure leaves the file untouched', async () => {
    const p = t('v.conf');
    writeFileSync(p, 'ok\n');
    await expect(runModule(lineinfileModule, { path: p, line: 'broken', validate: 'sh -c "! grep -q broken %s"' })).rejects.toThrow(/failed to validate/);
    expect(read(p)).toBe('ok\n');
    expect(readdirSync(dir).filter((f) => f.includes('machinist'))).toEqual([]);
  });

  it('writes through a symlink to the real file', async () => {
    writeFileSync(t('real'), 'x\n');
    symlinkSync('real', t('lnk'));
    await runModule(lineinfileModule, { path: t('lnk'), line: 'y' });
    expect(lstatSync(t('lnk')).isSymbolicLink()).toBe(true);
    expect(read(t('real'))).toBe('x\ny\n');
  });

  it('only a mode change says so', async () => {
    const p = t('m.conf');
    writeFileSync(p, 'z\n', { mode: 0o644 });
    const r = await runModule(lineinfileModule, { path: p, line: 'z', mode: '0640' });
    expect(r).toMatchObject({ changed: true, result: { msg: 'ownership, perms or SE linux context changed' } });
    expect((statSync(p).mode & 0o777).toString(8)).toBe('640');
  });

  it('refuses a directory', async () => {
    mkdirSync(t('adir'));
    await expect(runModule(lineinfileModule, { path: t('adir'), line: 'x' })).rejects.toThrow(/is a directory !/);
  });
});

describe('blockinfile', () => {
  it('creates, updates in place, is idempotent and removes', async () => {
    const p = t('hosts.txt');
    const r = await runModule(blockinfileModule, { path: p, create: true, block: '10.0.0.1 one\n10.0.0.2 two\n' });
    expect(r.result.msg).toBe('File created');
    expect(read(p)).toBe('# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.1 one\n10.0.0.2 two\n# END ANSIBLE MANAGED BLOCK\n');
    expect((await runModule(blockinfileModule, { path: p, block: '10.0.0.1 one\n10.0.0.2 two\n' })).changed).toBe(false);
    writeFileSync(p, 'first\n' + read(p) + 'last\n');
    const u = await runModule(blockinfileModule, { path: p, block: '10.0.0.3 three', backup: true });
    expect(u.result.msg).toBe('Block inserted');
    expect(read(p)).toBe('first\n# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.3 three\n# END ANSIBLE MANAGED BLOCK\nlast\n');
    expect(existsSync(u.result.backup_file as string)).toBe(true);
    const c = await runModule(blockinfileModule, { path: p, state: 'absent' }, { check: true });
    expect(c.changed).toBe(true);
    expect(read(p)).toContain('three');
    const rm = await runModule(blockinfileModule, { path: p, state: 'absent' });
    expect(rm.result.msg).toBe('Block removed');
    expect(read(p)).toBe('first\nlast\n');
    expect((await runModule(blockinfileModule, { path: p, state: 'absent' })).changed).toBe(false);
  });
});

describe('replace', () => {
  it('replaces every match through a symlink, then is unchanged; check mode writes nothing', async () => {
    const real = t('replace-real.conf');
    const link = t('replace-link.conf');
    writeFileSync(real, 'listen 80;\nserver_name a;\nlisten 8080;\n');
    symlinkSync(real, link);
    const args = { path: link, regexp: '^listen (\\d+);$', replace: 'listen [::]:\\1;', backup: true };
    const c = await runModule(replaceModule, args, { check: true });
    expect(c).toMatchObject({ changed: true, result: { msg: '2 replacements made', rc: 0 } });
    expect(read(real)).toBe('listen 80;\nserver_name a;\nlisten 8080;\n');
    const r = await runModule(replaceModule, args);
    expect(r.result.msg).toBe('2 replacements made');
    expect(read(real)).toBe('listen [::]:80;\nserver_name a;\nlisten [::]:8080;\n');
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(read(String(r.result.backup_file))).toBe('listen 80;\nserver_name a;\nlisten 8080;\n');
    expect(diffs(r.diff)[0]).toMatchObject({ before: 'listen 80;\nserver_name a;\nlisten 8080;\n', after: 'listen [::]:80;\nserver_name a;\nlisten [::]:8080;\n' });
    const again = await runModule(replaceModule, args);
    expect(again).toMatchObject({ changed: false, result: { msg: '', rc: 0 } });
  });

  it('a missing file fails with Ansible\'s message; a directory too', async () => {
    await expect(runModule(replaceModule, { path: t('replace-none'), regexp: 'a' })).rejects.toThrow(`Path ${t('replace-none')} does not exist !`);
    await expect(runModule(replaceModule, { path: dir, regexp: 'a' })).rejects.toThrow(`Path ${dir} is a directory !`);
  });
});
