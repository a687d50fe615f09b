/** copy and template through the real LocalConnection and /bin/sh in a temp dir. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { copyModule } from '../../../../src/modules/files/copy.js';
import { templateModule } from '../../../../src/modules/files/template.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { diffs, runModule } from './run.js';

let dir: string;
let base: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-copy-'));
  base = path.join(dir, 'ctl');
  mkdirSync(path.join(base, 'files', 'tree', 'sub'), { recursive: true });
  mkdirSync(path.join(base, 'templates'), { recursive: true });
  writeFileSync(path.join(base, 'files', 'motd.txt'), 'welcome\n');
  writeFileSync(path.join(base, 'files', 'run.sh'), '#!/bin/sh\necho hi\n');
  chmodSync(path.join(base, 'files', 'run.sh'), 0o750);
  writeFileSync(path.join(base, 'files', 'tree', 'a.txt'), 'A\n');
  writeFileSync(path.join(base, 'files', 'tree', 'sub', 'b.txt'), 'B\n');
  writeFileSync(path.join(base, 'templates', 'app.conf.j2'), 'name={{ name }}\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const t = (...p: string[]) => path.join(dir, ...p);
const mode = (p: string) => (statSync(p).mode & 0o7777).toString(8);
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

describe('copy content', () => {
  it('creates, then is unchanged, then fixes only the mode', async () => {
    const dest = t('greeting.conf');
    const first = await runModule(copyModule, { content: 'hello\n', dest, mode: '0640' });
    expect(first.changed).toBe(true);
    expect(readFileSync(dest, 'utf8')).toBe('hello\n');
    expect(mode(dest)).toBe('640');
    expect(first.result).toMatchObject({ dest, checksum: sha1('hello\n'), size: 6, mode: '0640', state: 'file', owner: 'root', uid: 0 });
    const d = diffs(first.diff);
    expect(d[0]).toMatchObject({ before: '', after: 'hello\n', after_header: 'dynamically generated' });

    const second = await runModule(copyModule, { content: 'hello\n', dest, mode: '0640' });
    expect(second.changed).toBe(false);
    expect(second.diff).toBeUndefined();

    const third = await runModule(copyModule, { content: 'hello\n', dest, mode: 'g+w' });
    expect(third.changed).toBe(true);
    expect(mode(dest)).toBe('660');
    expect(diffs(third.diff)).toHaveLength(1);
    expect(diffs(third.diff)[0].before).toContain('"mode": "0640"');
  });

  it('check mode reports the change and touches nothing', async () => {
    const dest = t('check.conf');
    const r = await runModule(copyModule, { content: 'x\n', dest }, { check: true });
    expect(r.changed).toBe(true);
    expect(existsSync(dest)).toBe(false);
    writeFileSync(dest, 'old\n');
    const r2 = await runModule(copyModule, { content: 'new\n', dest }, { check: true });
    expect(r2.changed).toBe(true);
    expect(diffs(r2.diff)[0]).toMatchObject({ before: 'old\n', after: 'new\n' });
    expect(readFileSync(dest, 'utf8')).toBe('old\n');
  });

  it('new files get the umask mode; existing files keep theirs', async () => {
    const dest = t('umask.conf');
    await runModule(copyModule, { content: 'a\n', dest });
    expect(mode(dest)).toBe('644');
    chmodSync(dest, 0o600);
    const r = await runModule(copyModule, { content: 'b\n', dest });
    expect(r.changed).toBe(true);
    expect(mode(dest)).toBe('600');
  });

  it('backup keeps the old content under a timestamped name', async () => {
    const dest = t('backup.conf');
    writeFileSync(dest, 'v1\n');
    const r = await runModule(copyModule, { content: 'v2\n', dest, backup: true });
    const b = r.result.backup_file as string;
    expect(b).toMatch(new RegExp(`^${dest.replace(/[.]/g, '\\.')}\\.\\d+\\.\\d{4}-\\d\\d-\\d\\d@\\d\\d:\\d\\d:\\d\\d~$`));
    expect(readFileSync(b, 'utf8')).toBe('v1\n');
    expect(readFileSync(dest, 'utf8')).toBe('v2\n');
    const again = await runModule(copyModule, { content: 'v2\n', dest, backup: true });
    expect(again.changed).toBe(false);
    expect(again.result.backup_file).toBeUndefined();
  });

  it('validate failure leaves dest untouched and no temp file behind', async () => {
    const sub = t('validate');
    mkdirSync(sub);
    const dest = path.join(sub, 'conf');
    writeFileSync(dest, 'good\n');
    await expect(runModule(copyModule, { content: 'bad\n', dest, validate: 'grep -q good %s' })).rejects.toThrow(/failed to validate/);
    expect(readFileSync(dest, 'utf8')).toBe('good\n');
    expect(readdirSync(sub)).toEqual(['conf']);
    const ok = await runModule(copyModule, { content: 'good too\n', dest, validate: 'grep -q good %s', backup: true });
    expect(ok.changed).toBe(true);
    expect(readFileSync(dest, 'utf8')).toBe('good too\n');
    expect(readFileSync(ok.result.backup_file as string, 'utf8')).toBe('good\n');
  });

  it('force: false keeps an existing file', async () => {
    const dest = t('keep.conf');
    writeFileSync(dest, 'mine\n');
    const r = await runModule(copyModule, { content: 'theirs\n', dest, force: false });
    expect(r.changed).toBe(false);
    expect(readFileSync(dest, 'utf8')).toBe('mine\n');
  });

  it('refuses a missing destination directory and content into a directory', async () => {
    await expect(runModule(copyModule, { content: 'x', dest: t('nope', 'file') })).rejects.toThrow(/Destination directory .*nope does not exist/);
    await expect(runModule(copyModule, { content: 'x', dest: dir })).rejects.toThrow(ModuleFailure);
  });

  it('a quote-laden path is written exactly there', async () => {
    const dest = t(`it's $(x) "q".conf`);
    const r = await runModule(copyModule, { content: 'q\n', dest });
    expect(r.changed).toBe(true);
    expect(readFileSync(dest, 'utf8')).toBe('q\n');
    expect((await runModule(copyModule, { content: 'q\n', dest })).changed).toBe(false);
  });

  it('binary content gets a note in the diff, not bytes', async () => {
    const dest = t('bin.dat');
    const r = await runModule(copyModule, { content: 'a\u0000b', dest });
    expect(diffs(r.diff)[0].after).toMatch(/binary file, 3 bytes/);
  });
});

describe('copy src', () => {
  it('a file from files/, into an existing directory, with mode preserve', async () => {
    mkdirSync(t('bin'));
    const r = await runModule(copyModule, { src: 'run.sh', dest: t('bin'), mode: 'preserve' }, { baseDir: base });
    expect(r.changed).toBe(true);
    expect(readFileSync(t('bin', 'run.sh'), 'utf8')).toContain('echo hi');
    expect(mode(t('bin', 'run.sh'))).toBe('750');
    expect(r.result.dest).toBe(t('bin', 'run.sh'));
    expect((await runModule(copyModule, { src: 'run.sh', dest: t('bin') + '/', mode: 'preserve' }, { baseDir: base })).changed).toBe(false);
  });

  it('dest ending with / is created when missing', async () => {
    const r = await runModule(copyModule, { src: 'motd.txt', dest: t('made', 'here') + '/' }, { baseDir: base });
    expect(r.changed).toBe(true);
    expect(readFileSync(t('made', 'here', 'motd.txt'), 'utf8')).toBe('welcome\n');
    expect((await runModule(copyModule, { src: 'motd.txt', dest: t('made', 'here') + '/' }, { baseDir: base })).changed).toBe(false);
  });

  it('a directory: "tree" copies the directory, "tree/" its contents', async () => {
    const r = await runModule(copyModule, { src: 'tree', dest: t('deploy') }, { baseDir: base });
    expect(r.changed).toBe(true);
    expect(readFileSync(t('deploy', 'tree', 'sub', 'b.txt'), 'utf8')).toBe('B\n');
    expect((await runModule(copyModule, { src: 'tree', dest: t('deploy') }, { baseDir: base })).changed).toBe(false);
    const r2 = await runModule(copyModule, { src: 'tree/', dest: t('flat'), directory_mode: '0700' }, { baseDir: base });
    expect(r2.changed).toBe(true);
    expect(readFileSync(t('flat', 'a.txt'), 'utf8')).toBe('A\n');
    expect(mode(t('flat', 'sub'))).toBe('700');
    writeFileSync(t('flat', 'sub', 'b.txt'), 'changed\n');
    const r3 = await runModule(copyModule, { src: 'tree/', dest: t('flat') }, { baseDir: base });
    expect(r3.changed).toBe(true);
    expect(diffs(r3.diff)).toHaveLength(1);
    expect(readFileSync(t('flat', 'sub', 'b.txt'), 'utf8')).toBe('B\n');
  });
});

describe('copy a larger tree', () => {
  it('uploads every file (several at once) and re-plans unchanged', async () => {
    const src = path.join(base, 'files', 'many');
    for (let i = 0; i < 11; i++) {
      mkdirSync(path.join(src, `d${i % 3}`), { recursive: true });
      writeFileSync(path.join(src, `d${i % 3}`, `f${i}.txt`), `file ${i}\n`);
    }
    const r = await runModule(copyModule, { src: 'many/', dest: t('many'), mode: '0600' }, { baseDir: base });
    expect(r.changed).toBe(true);
    for (let i = 0; i < 11; i++) {
      const f = t('many', `d${i % 3}`, `f${i}.txt`);
      expect(readFileSync(f, 'utf8')).toBe(`file ${i}\n`);
      expect(mode(f)).toBe('600');
    }
    expect((await runModule(copyModule, { src: 'many/', dest: t('many'), mode: '0600' }, { baseDir: base })).changed).toBe(false);
  });
});

describe('template', () => {
  const render = (text: string, vars: Record<string, unknown>) => text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(vars[k]));
  it('renders through ctx.render, then is idempotent; a template error fails', async () => {
    const dest = t('app.conf');
    const r = await runModule(templateModule, { src: 'app.conf.j2', dest, mode: '0600' }, { baseDir: base, vars: { name: 'web' }, render });
    expect(r.changed).toBe(true);
    expect(readFileSync(dest, 'utf8')).toBe('name=web\n');
    expect(mode(dest)).toBe('600');
    expect(diffs(r.diff)[0].after_header).toBe(path.join(base, 'templates', 'app.conf.j2'));
    const again = await runModule(templateModule, { src: 'app.conf.j2', dest, mode: '0600' }, { baseDir: base, vars: { name: 'web' }, render });
    expect(again.changed).toBe(false);
    const other = await runModule(templateModule, { src: 'app.conf.j2', dest }, { baseDir: base, vars: { name: 'db' }, render, check: true });
    expect(other.changed).toBe(true);
    expect(diffs(other.diff)[0]).toMatchObject({ before: 'name=web\n', after: 'name=db\n' });
    expect(readFileSync(dest, 'utf8')).toBe('name=web\n');
    const boom = () => {
      throw new Error("'missing' is undefined");
    };
    await expect(runModule(templateModule, { src: 'app.conf.j2', dest }, { baseDir: base, render: boom })).rejects.toThrow(/'missing' is undefined/);
  });
});
