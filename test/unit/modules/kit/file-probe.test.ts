/** parseProbe on output captured from the real probe on Debian 12 (see fixtures/), and the script's quoting. */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { parseProbe, probeScript, probeStdin, type ProbeSpec } from '../../../../src/modules/kit/file-probe.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fx = fixtures('modules/kit');
const out = fx('probe-debian12.txt');
const paths: string[] = JSON.parse(fx('probe-debian12.json'));

describe('parseProbe (captured Debian 12 output)', () => {
  const r = parseProbe(out, paths);
  it('env: uid, gid, umask, names', () => {
    expect(r.env).toEqual({ uid: 0, gid: 0, umask: 0o022, user: 'root', group: 'root' });
  });
  it('a regular file with sha1 and content', () => {
    expect(r.paths[0]).toMatchObject({
      path: '/tmp/mfx/file.txt',
      exists: true,
      type: 'file',
      mode: 0o640,
      uid: 0,
      gid: 0,
      owner: 'root',
      group: 'root',
      size: 6,
      nlink: 2,
      real: '/tmp/mfx/file.txt',
      hash: 'f572d396fae9206628714fb2ce00f72e94f2258f',
    });
    expect(r.paths[0].content?.toString()).toBe('hello\n');
    expect(r.paths[0].mtime).toBeCloseTo(1795420531.8378, 3);
    expect(r.paths[0].isLink).toBeUndefined();
  });
  it('a symlink, not followed and followed (same sha256: content skipped)', () => {
    expect(r.paths[1]).toMatchObject({ type: 'link', mode: 0o777, isLink: true, linkTarget: 'file.txt', real: '/tmp/mfx/file.txt' });
    expect(r.paths[1].hash).toBeUndefined();
    expect(r.paths[2]).toMatchObject({ type: 'file', isLink: true, linkTarget: 'file.txt', contentSkipped: 'same' });
    expect(r.paths[2].content).toBeUndefined();
    expect(r.paths[2].inode).toBe(r.paths[0].inode);
  });
  it('a dangling link followed falls back to the link', () => {
    expect(r.paths[3]).toMatchObject({ exists: true, type: 'link', linkTarget: 'nowhere', real: '/tmp/mfx/nowhere' });
  });
  it('a setgid directory, a missing path, a too-large file, a differing file', () => {
    expect(r.paths[4]).toMatchObject({ type: 'directory', mode: 0o2750 });
    expect(r.paths[5]).toEqual({ path: '/tmp/mfx/missing', exists: false });
    expect(r.paths[6]).toMatchObject({ type: 'file', size: 3, hash: '70350f6027bce3713f6b76473084309b', contentSkipped: 'large' });
    expect(r.paths[7].content?.toString()).toBe('hello\n');
  });
  it('extra lines by key', () => {
    expect(r.extra).toEqual({ tree: ['41e8', '81a4'] });
  });
  it('refuses output without the env line or with an unknown index', () => {
    expect(() => parseProbe('@ 0\nabsent\n', ['/x'])).toThrow(/env line/);
    expect(() => parseProbe('env 0 0 0022 root root\n@ 3\n', ['/x'])).toThrow(/unknown path index/);
  });
});

describe('probeScript', () => {
  it('quotes every path as one word, so hostile names reach stat intact (run through dash)', () => {
    const nasty = ["/tmp/it's", '/tmp/$(touch /tmp/pwned-probe)', '/tmp/`id`', '/tmp/a b', '/tmp/-n', '/tmp/"q"'];
    const script = probeScript(nasty.map((p) => ({ path: p })));
    const res = execFileSync('/bin/sh', ['-c', script + '\n'], { encoding: 'utf8' });
    const parsed = parseProbe(res, nasty);
    expect(parsed.paths.every((p) => !p.exists)).toBe(true);
    expect(parsed.paths.map((p) => p.path)).toEqual(nasty);
  });
  it('expected digests travel on stdin, not in the command line', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'machinist-probe-'));
    try {
      const f = path.join(dir, 'f');
      writeFileSync(f, 'secret\n');
      const same = createHash('sha256').update('secret\n').digest('hex');
      const specs: ProbeSpec[] = [
        { path: f, content: 'ifDiffers', expectSha256: '0'.repeat(64) },
        { path: path.join(dir, 'none'), content: 'ifDiffers', expectSha256: '1'.repeat(64) },
        { path: f, content: 'ifDiffers', expectSha256: same },
      ];
      const script = probeScript(specs);
      expect(script).not.toContain(same);
      expect(probeStdin(specs)).toBe(`${'0'.repeat(64)}\n${'1'.repeat(64)}\n${same}\n`);
      const res = parseProbe(execFileSync('/bin/sh', ['-c', script], { input: probeStdin(specs), encoding: 'utf8' }), specs.map((s) => s.path));
      expect(res.paths[0].content?.toString()).toBe('secret\n');
      expect(res.paths[1].exists).toBe(false);
      expect(res.paths[2].contentSkipped).toBe('same');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('refuses an expected digest that is not hex', () => {
    expect(() => probeScript([{ path: '/x', content: 'ifDiffers', expectSha256: "'; rm -rf /" }])).toThrow(/sha256/);
  });
  it('refuses NUL in a path', () => {
    expect(() => probeScript([{ path: '/x\0y' }])).toThrow(/NUL/);
  });
});
