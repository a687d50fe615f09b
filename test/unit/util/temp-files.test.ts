/**
 * The temporaries' naming and stale cleanup (util/temp-files.ts): the pure rules, the shell text run
 * by the system's /bin/sh (dash, as on the hosts) in a scratch directory, and the controller variant.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootMarker, isStale, localTempFor, parseTempSuffix, tempPrefix, tempScript } from '../../../src/util/temp-files.js';

const BOOT = bootMarker(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
const OTHER_BOOT = BOOT === 'deadbeef' ? 'feedface' : 'deadbeef';
/** Above any pid_max (2^22): no process has it. */
const DEAD = 999999999;
const ALIVE = process.pid;

function dash(script: string): { rc: number; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', timeout: 5000 });
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-tempfiles-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('naming', () => {
  it('prefixes the hidden destination name; the suffix is BOOT-PID-RAND exactly', () => {
    expect(tempPrefix('/etc/app.conf')).toBe('/etc/.app.conf.machinist-');
    expect(tempPrefix('/a b/x*y')).toBe('/a b/.x*y.machinist-');
    const cases: Array<[string, { boot: string; pid: number } | undefined]> = [
      ['1ddc53a9-4242-0a1b2c3d', { boot: '1ddc53a9', pid: 4242 }],
      ['1ddc53a9-4242-0a1b2c3', undefined],
      ['1ddc53a9-42x2-0a1b2c3d', undefined],
      ['1ddc53a9--0a1b2c3d', undefined],
      ['1DDC53A9-4242-0a1b2c3d', undefined],
      ['1ddc53a9-4242-0a1b2c3d.bak', undefined],
      ['0a1b2c3d4e5f', undefined],
      ['notes', undefined],
    ];
    for (const [s, want] of cases) expect(parseTempSuffix(s), s).toEqual(want);
  });
  it('takes the boot marker from the boot id, a fixed one without', () => {
    expect(bootMarker('1ddc53a9-9f1e-4c57-8a4e-2b1d0c9e7f10\n')).toBe('1ddc53a9');
    expect(bootMarker(undefined)).toBe('00000000');
    expect(bootMarker('garbage')).toBe('00000000');
  });
  it('is stale only with its writer gone: another boot, or a dead pid', () => {
    const alive = (pid: number) => pid === 7;
    const cases: Array<[string, boolean]> = [
      ['1ddc53a9-7-0a1b2c3d', false],
      ['1ddc53a9-8-0a1b2c3d', true],
      ['feedface-7-0a1b2c3d', true],
      ['1ddc53a9-8-0a1b2c3', false],
      ['whatever', false],
    ];
    for (const [s, want] of cases) expect(isStale(s, '1ddc53a9', alive), s).toBe(want);
  });
});

describe('the shell cleanup (dash)', () => {
  /** Plant the files, run setup + cleanup for dest, return what is left and the chosen name. */
  function run(dest: string, plant: Array<[string, 'file' | 'dir' | 'link']>): { left: string[]; t: string } {
    for (const [n, kind] of plant) {
      const f = path.join(dir, n);
      if (kind === 'file') writeFileSync(f, 'x');
      else if (kind === 'dir') mkdirSync(f);
      else symlinkSync('/etc/hostname', f);
    }
    const s = tempScript(path.join(dir, dest));
    const r = dash(`${s.setup}; ${s.cleanup}; echo "$t"`);
    expect(r.rc, r.stderr).toBe(0);
    return { left: readdirSync(dir).sort(), t: r.stdout.trim() };
  }

  it('removes the stale temporaries of the destination and nothing else', () => {
    const keep: Array<[string, 'file' | 'dir' | 'link']> = [
      [`.app.conf.machinist-${BOOT}-${ALIVE}-0a1b2c3d`, 'file'], // writer still running
      ['.app.conf.machinist-notes', 'file'], // a user's file
      [`.app.conf.machinist-${BOOT}-${DEAD}-0a1b2c3d.orig`, 'file'],
      [`.app.conf.machinist-${BOOT}-9x9-0a1b2c3d`, 'file'],
      [`.app.conf.machinist-${BOOT}-${DEAD}`, 'file'],
      ['.app.conf.machinist-0a1b2c3d4e5f', 'file'],
      [`app.conf.machinist-${BOOT}-${DEAD}-0a1b2c3d`, 'file'], // not hidden: not ours
      [`.other.conf.machinist-${BOOT}-${DEAD}-0a1b2c3d`, 'file'], // another destination's
      [`.app.conf.machinist-${BOOT}-${DEAD}-1a1b2c3d`, 'dir'],
      ['app.conf', 'file'],
    ];
    const gone: Array<[string, 'file' | 'dir' | 'link']> = [
      [`.app.conf.machinist-${BOOT}-${DEAD}-0a1b2c3d`, 'file'], // writer gone
      [`.app.conf.machinist-${OTHER_BOOT}-${ALIVE}-0a1b2c3d`, 'file'], // written before a reboot
      [`.app.conf.machinist-${BOOT}-${DEAD}-2a1b2c3d`, 'link'], // a link temporary (file state=link)
    ];
    const { left, t } = run('app.conf', [...keep, ...gone]);
    expect(left).toEqual(keep.map(([n]) => n).sort());
    expect(path.dirname(t)).toBe(dir);
    const suffix = path.basename(t).slice('.app.conf.machinist-'.length);
    expect(parseTempSuffix(suffix)).toMatchObject({ boot: BOOT });
  });

  it('takes the destination name literally (glob characters, quotes, spaces)', () => {
    const odd = "a*b [1] it's";
    const { left } = run(odd, [
      [`.${odd}.machinist-${BOOT}-${DEAD}-0a1b2c3d`, 'file'],
      [`.aXb 1 it's.machinist-${BOOT}-${DEAD}-0a1b2c3d`, 'file'],
      [`.a-anything-b [1] it's.machinist-${BOOT}-${DEAD}-0a1b2c3d`, 'file'],
    ]);
    expect(left).toEqual([`.a-anything-b [1] it's.machinist-${BOOT}-${DEAD}-0a1b2c3d`, `.aXb 1 it's.machinist-${BOOT}-${DEAD}-0a1b2c3d`]);
  });

  it('with an extension: names end with it, and only stale ones that do are removed', () => {
    const plant: Array<[string, string]> = [
      [`.g.tar.xz.machinist-${BOOT}-${DEAD}-0a1b2c3d.tar.xz`, 'gone'], // writer gone
      [`.g.tar.xz.machinist-${BOOT}-${ALIVE}-0a1b2c3d.tar.xz`, 'kept'], // writer still running
      [`.g.tar.xz.machinist-${BOOT}-${DEAD}-0a1b2c3d`, 'kept'], // no extension: not this writer's kind
      [`.g.tar.xz.machinist-${BOOT}-${DEAD}-0a1b2c3d.tar.gz`, 'kept'], // another extension
    ];
    for (const [n] of plant) writeFileSync(path.join(dir, n), 'x');
    const s = tempScript(path.join(dir, 'g.tar.xz'), 't', '.tar.xz');
    const r = dash(`${s.setup}; ${s.cleanup}; echo "$t"`);
    expect(r.rc, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(plant.filter(([, w]) => w === 'kept').map(([n]) => n).sort());
    expect(path.basename(r.stdout.trim())).toMatch(new RegExp(`^\\.g\\.tar\\.xz\\.machinist-${BOOT}-[0-9]+-[0-9a-f]{8}\\.tar\\.xz$`));
    for (const bad of ['tar', '.tar xz', ".x'y", '.', '.a/b']) expect(() => tempScript('/x', 't', bad), bad).toThrow(/extension/);
  });

  it('succeeds where it may remove nothing (no match, missing directory)', () => {
    const s = tempScript(path.join(dir, 'nope', 'x'));
    expect(dash(`${s.setup}; ${s.cleanup} && echo ok`).stdout).toBe('ok\n');
  });
});

describe('on the controller (fetch)', () => {
  it('removes the stale temporaries of the file and names a new one written by this process', async () => {
    const dest = path.join(dir, 'f.txt');
    writeFileSync(path.join(dir, `.f.txt.machinist-${BOOT}-${DEAD}-0a1b2c3d`), 'x');
    writeFileSync(path.join(dir, `.f.txt.machinist-${BOOT}-${ALIVE}-0a1b2c3d`), 'x');
    writeFileSync(path.join(dir, '.f.txt.machinist-mine'), 'x');
    const t = await localTempFor(dest);
    expect(readdirSync(dir).sort()).toEqual(['.f.txt.machinist-mine', `.f.txt.machinist-${BOOT}-${ALIVE}-0a1b2c3d`].sort());
    expect(path.basename(t)).toMatch(new RegExp(`^\\.f\\.txt\\.machinist-${BOOT}-${process.pid}-[0-9a-f]{8}$`));
  });
});
