/** decideFile for every state, on probed states; the state after a change plans unchanged. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decideFile, prevState, treeNeedsChange, type FileArgs, type FileFacts } from '../../../../src/modules/files/file-decide.js';
import type { PathState, ProbeEnv } from '../../../../src/modules/kit/file-probe.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { bootMarker } from '../../../../src/util/temp-files.js';

const env: ProbeEnv = { uid: 0, gid: 0, umask: 0o022, user: 'root', group: 'root' };
const P = '/srv/app';
const absent: PathState = { path: P, exists: false };
const st = (type: PathState['type'], over: Partial<PathState> = {}): PathState => ({
  path: P,
  exists: true,
  type,
  mode: type === 'directory' ? 0o755 : type === 'link' ? 0o777 : 0o644,
  uid: 0,
  gid: 0,
  owner: 'root',
  group: 'root',
  size: 10,
  nlink: 1,
  inode: 7,
  dev: 1,
  mtime: 1700000000.5,
  atime: 1700000000.5,
  ...over,
});
const args = (a: Partial<FileArgs>): FileArgs => ({ path: P, recurse: false, force: false, follow: true, ...a });
const facts = (path: PathState, more: Partial<FileFacts> = {}): FileFacts => ({ path, followed: path, env, ...more });
const decide = (a: Partial<FileArgs>, f: FileFacts) => decideFile(args(a), f);

describe('prevState', () => {
  it('as Ansible names them', () => {
    expect(prevState(absent)).toBe('absent');
    expect(prevState(st('file'))).toBe('file');
    expect(prevState(st('file', { nlink: 2 }))).toBe('hard');
    expect(prevState(st('directory'))).toBe('directory');
    expect(prevState(st('file', { isLink: true }))).toBe('link');
  });
});

describe('state=directory', () => {
  it('absent: creates every component with the attributes; the created state is unchanged', () => {
    const d = decide({ state: 'directory', mode: '0750', owner: 'www' }, facts(absent));
    expect(d.changed).toBe(true);
    expect(d.script).toContain("{ [ -d /srv ] || { mkdir -- /srv && chown www -- /srv && chmod 0750 -- /srv; }; }");
    expect(d.script).toContain('mkdir -- /srv/app');
    expect(d.result).toMatchObject({ path: P, state: 'directory', mode: '0750', owner: 'www' });
    expect(d.diff?.before).toContain('"state": "absent"');
    const again = decide({ state: 'directory', mode: '0750', owner: 'www' }, facts(st('directory', { mode: 0o750, owner: 'www', uid: 33 })));
    expect(again).toMatchObject({ changed: false, script: '' });
  });
  it('existing: only differing attributes', () => {
    const d = decide({ state: 'directory', mode: '0700' }, facts(st('directory')));
    expect(d).toMatchObject({ changed: true, script: 'chmod 0700 -- /srv/app' });
    expect(d.diff?.before).toContain('"mode": "0755"');
  });
  it('a file in the way is refused', () => {
    expect(() => decide({ state: 'directory' }, facts(st('file')))).toThrow(/already exists as a file/);
  });
  it('through a link to a directory when follow', () => {
    const link = st('link', { isLink: true, linkTarget: 'real' });
    const d = decide({ state: 'directory', mode: '0700' }, facts(link, { followed: st('directory', { isLink: true, real: '/srv/real' }) }));
    expect(d.script).toBe('chmod 0700 -- /srv/real');
  });
  it('recurse: changed only when something below differs', () => {
    const a = { state: 'directory' as const, recurse: true, mode: 'u=rwX,g=rX,o=rX' };
    const ok = decide(a, facts(st('directory'), { tree: ['41ed 0 0 root root', '81a4 0 0 root root'] }));
    expect(ok.changed).toBe(false);
    const bad = decide(a, facts(st('directory'), { tree: ['81a0 0 0 root root'] }));
    expect(bad.changed).toBe(true);
    expect(bad.script).toBe("chmod -R u=rwX,g=rX,o=rX -- /srv/app");
    const own = decide({ state: 'directory', recurse: true, owner: 'www' }, facts(st('directory', { owner: 'www', uid: 33 }), { tree: ['81a4 0 0 root root'] }));
    expect(own.script).toBe('chown -R -h www -- /srv/app');
  });
  it('recurse needs state=directory', () => {
    expect(() => decide({ state: 'file', recurse: true }, facts(st('file')))).toThrow(/recurse option requires/);
  });
});

describe('state=file and default state', () => {
  it('fails on absent or a directory, fixes attributes of a file', () => {
    expect(() => decide({ state: 'file' }, facts(absent))).toThrow(/is absent, cannot continue/);
    expect(() => decide({ state: 'file' }, facts(st('directory')))).toThrow(/is directory, cannot continue/);
    const d = decide({ state: 'file', mode: 600 }, facts(st('file')));
    expect(d).toMatchObject({ changed: true, script: 'chmod 0600 -- /srv/app', result: { mode: '0600', size: 10, state: 'file' } });
    expect(decide({ state: 'file', mode: '0644', owner: '0', group: 'root' }, facts(st('file'))).changed).toBe(false);
  });
  it('no state: the current state (absent → file fails, recurse → directory)', () => {
    expect(decide({ mode: '0644' }, facts(st('directory', { mode: 0o644 }))).changed).toBe(false);
    expect(() => decide({}, facts(absent))).toThrow(/is absent/);
    expect(decide({ recurse: true }, facts(absent)).script).toContain('mkdir');
  });
  it('explicit times compare with the probed ones', () => {
    expect(decide({ state: 'file', mtime: 1700000000 }, facts(st('file'))).changed).toBe(false);
    const d = decide({ state: 'file', mtime: 1600000000 }, facts(st('file')));
    expect(d.script).toBe("touch -m -c -d @1600000000 -- /srv/app");
  });
});

describe('state=touch', () => {
  it('creates a missing file; an existing one is always touched unless preserve', () => {
    const c = decide({ state: 'touch', mode: '0600' }, facts(absent));
    expect(c.script).toBe('touch -- /srv/app && chmod 0600 -- /srv/app');
    expect(c.result).toMatchObject({ state: 'file', mode: '0600' });
    const t = decide({ state: 'touch' }, facts(st('file')));
    expect(t.changed).toBe(true);
    expect(t.script).toBe('touch -m -c -- /srv/app && touch -a -c -- /srv/app');
    expect(decide({ state: 'touch', mtime: 'preserve', atime: 'preserve' }, facts(st('file'))).changed).toBe(false);
  });
});

describe('state=absent', () => {
  it('removes whatever is there, once', () => {
    const d = decide({ state: 'absent' }, facts(st('directory')));
    expect(d).toMatchObject({ changed: true, script: 'rm -rf -- /srv/app', result: { path: P, state: 'absent' } });
    expect(d.diff?.after).toContain('"state": "absent"');
    expect(decide({ state: 'absent' }, facts(absent))).toMatchObject({ changed: false, script: '' });
  });
});

describe('state=link', () => {
  const srcOk: PathState = { path: '/srv/target', exists: true, type: 'file' };
  it('creates atomically, then unchanged for the same target', () => {
    const d = decide({ state: 'link', src: 'target' }, facts(absent, { src: srcOk }));
    expect(d.script).toContain('_mxp=/srv/.app.machinist-;');
    expect(d.script).toContain('ln -s -- target "$t" && mv -Tf -- "$t" /srv/app');
    expect(d.result).toMatchObject({ state: 'link', src: 'target' });
    const same = decide({ state: 'link', src: 'target' }, facts(st('link', { isLink: true, linkTarget: 'target' }), { src: srcOk }));
    expect(same.changed).toBe(false);
  });
  it('retargets; refuses files and missing sources without force', () => {
    const re = decide({ state: 'link', src: 'target' }, facts(st('link', { isLink: true, linkTarget: 'old' }), { src: srcOk }));
    expect(re.changed).toBe(true);
    expect(re.diff?.before).toContain('"src": "old"');
    expect(() => decide({ state: 'link', src: 'target' }, facts(st('file'), { src: srcOk }))).toThrow(/refusing to convert from file to symlink/);
    expect(decide({ state: 'link', src: 'target', force: true }, facts(st('file'), { src: srcOk })).changed).toBe(true);
    expect(() => decide({ state: 'link', src: 'gone' }, facts(absent, { src: { path: '/srv/gone', exists: false } }))).toThrow(
      /src file does not exist, use "force=yes"/,
    );
    const forced = decide({ state: 'link', src: 'gone', force: true }, facts(absent, { src: { path: '/srv/gone', exists: false } }));
    expect(forced.changed).toBe(true);
  });
  it('an empty directory is replaced with force (rmdir, so a full one fails on the host)', () => {
    expect(decide({ state: 'link', src: 'target', force: true }, facts(st('directory'), { src: srcOk })).script).toBe('rmdir -- /srv/app && ln -s -- target /srv/app');
  });
  it('owner/group on the link itself; mode is warned about', () => {
    const d = decide({ state: 'link', src: 'target', owner: 'www', mode: '0600' }, facts(st('link', { isLink: true, linkTarget: 'target' }), { src: srcOk }));
    expect(d.script).toBe('chown -h www -- /srv/app');
    expect(d.warnings).toEqual(['mode is not applied to a symbolic link']);
  });
  it('src is required', () => {
    expect(() => decide({ state: 'link' }, facts(absent))).toThrow(ModuleFailure);
  });
});

describe('state=hard', () => {
  const src: PathState = { ...st('file'), path: '/srv/orig', inode: 9, dev: 1 };
  it('links by inode and is unchanged when it already is that inode', () => {
    const d = decide({ state: 'hard', src: '/srv/orig' }, facts(absent, { src }));
    expect(d.script).toContain('_mxp=/srv/.app.machinist-;');
    expect(d.script).toContain('ln -- /srv/orig "$t" && mv -f -- "$t" /srv/app');
    expect(decide({ state: 'hard', src: '/srv/orig' }, facts(st('file', { inode: 9, nlink: 2 }), { src })).changed).toBe(false);
  });
  it('refuses to replace other files without force; needs an existing file src', () => {
    expect(() => decide({ state: 'hard', src: '/srv/orig' }, facts(st('file'), { src }))).toThrow(/Cannot link, file exists/);
    expect(() => decide({ state: 'hard', src: '/srv/orig' }, facts(st('file', { nlink: 3 }), { src }))).toThrow(/different hard link/);
    expect(() => decide({ state: 'hard', src: '/srv/none' }, facts(absent, { src: { path: '/srv/none', exists: false } }))).toThrow(/src does not exist/);
  });
});

describe('treeNeedsChange', () => {
  it('octal, symbolic, owner and group', () => {
    expect(treeNeedsChange({ mode: '0644' }, ['81a4 0 0 root root'], 0o022)).toBe(false);
    expect(treeNeedsChange({ mode: '0644' }, ['81a4 0 0 root root', '41ed 0 0 root root'], 0o022)).toBe(true);
    expect(treeNeedsChange({ owner: 'root', group: '0' }, ['81a4 0 0 root root'], 0o022)).toBe(false);
    expect(treeNeedsChange({ group: 'adm' }, ['81a4 0 0 root root'], 0o022)).toBe(true);
    expect(treeNeedsChange({ mode: 'go-w' }, ['81a4 0 0 root root', '41ed 0 0 root root'], 0o022)).toBe(false);
  });
});

describe('links are made through a temporary named as every write (dash)', () => {
  const boot = bootMarker(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
  it('a temporary a killed run left is removed, the link made, a user file kept', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'machinist-link-'));
    try {
      const p = path.join(dir, 'app');
      writeFileSync(path.join(dir, 'orig'), 'data');
      const stale = `.app.machinist-${boot}-999999999-0a1b2c3d`;
      symlinkSync('elsewhere', path.join(dir, stale));
      writeFileSync(path.join(dir, '.app.machinist-keep'), '');
      const none: PathState = { path: p, exists: false };
      const srcOk: PathState = { path: path.join(dir, 'orig'), exists: true, type: 'file', inode: 9, dev: 1 };
      const cases: Array<[Partial<FileArgs>, string]> = [
        [{ state: 'link', src: 'orig' }, 'orig'],
        [{ state: 'hard', src: path.join(dir, 'orig'), force: true }, ''],
      ];
      for (const [a, target] of cases) {
        const d = decideFile({ ...args(a), path: p }, { path: none, followed: none, env, src: srcOk });
        const r = spawnSync('/bin/sh', ['-c', d.script], { encoding: 'utf8', timeout: 5000 });
        expect(r.status, r.stderr).toBe(0);
        expect(readdirSync(dir).sort()).toEqual(['.app.machinist-keep', 'app', 'orig']);
        if (target) expect(readlinkSync(p)).toBe(target);
        else expect(readFileSync(p, 'utf8')).toBe('data');
        rmSync(p);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
