/**
 * The one put script (transport/files.ts) run by the system's /bin/sh (dash, as on the hosts) in a
 * scratch directory: content and mode land by rename, stdin cut short never replaces the destination,
 * a failing check leaves it alone, and stale temporaries of the destination go first.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stdinPutScript, type PutScriptOptions } from '../../../src/transport/files.js';
import { bootMarker } from '../../../src/util/temp-files.js';

const BOOT = bootMarker(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-put-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function put(dest: string, stdin: string, opts: PutScriptOptions): { rc: number; stdout: string; stderr: string } {
  const r = spawnSync('/bin/sh', ['-c', stdinPutScript(dest, opts)], { input: stdin, encoding: 'utf8', timeout: 5000 });
  return { rc: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('stdinPutScript', () => {
  it('writes the whole content with its mode and leaves no temporary', () => {
    const f = path.join(dir, 'app.conf');
    writeFileSync(f, 'old\n');
    const r = put(f, 'new content\n', { mode: '0640', size: 12 });
    expect(r).toMatchObject({ rc: 0, stderr: '' });
    expect(readFileSync(f, 'utf8')).toBe('new content\n');
    expect((statSync(f).mode & 0o777).toString(8)).toBe('640');
    expect(readdirSync(dir)).toEqual(['app.conf']);
  });

  it('refuses content cut short (the controller died mid-transfer): the destination stays, the temporary goes', () => {
    const f = path.join(dir, 'big.bin');
    writeFileSync(f, 'intact\n');
    const cases: Array<[string, number]> = [
      ['', 10],
      ['12345', 10],
      ['12345678901', 10],
    ];
    for (const [stdin, size] of cases) {
      const r = put(f, stdin, { size });
      expect(r.rc, stdin).toBe(1);
      expect(r.stderr).toContain(`the content was cut short: ${stdin.length} of ${size} bytes arrived`);
      expect(readFileSync(f, 'utf8')).toBe('intact\n');
      expect(readdirSync(dir)).toEqual(['big.bin']);
    }
  });

  it('a failing check keeps the destination; its status is the script status', () => {
    const f = path.join(dir, 'sudoers');
    writeFileSync(f, 'ok\n');
    const r = put(f, 'bad\n', { size: 4, check: 'grep -q ok "$t" || (exit 98)' });
    expect(r.rc).toBe(98);
    expect(readFileSync(f, 'utf8')).toBe('ok\n');
    expect(readdirSync(dir)).toEqual(['sudoers']);
    expect(put(f, 'ok 2\n', { size: 5, check: 'grep -q ok "$t"' }).rc).toBe(0);
    expect(readFileSync(f, 'utf8')).toBe('ok 2\n');
  });

  it('removes the stale temporaries of its destination first, and keeps a look-alike user file', () => {
    const f = path.join(dir, 'motd');
    const stale = `.motd.machinist-${BOOT}-999999999-0a1b2c3d`;
    const users = ['.motd.machinist-backup', `.motd.machinist-${BOOT}-${process.pid}-0a1b2c3d`];
    for (const n of [stale, ...users]) writeFileSync(path.join(dir, n), 'x'.repeat(1000));
    expect(put(f, 'hi\n', { size: 3 }).rc).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['motd', ...users].sort());
    expect(readFileSync(f, 'utf8')).toBe('hi\n');
  });

  it('refuses a size that is not a byte count', () => {
    expect(() => stdinPutScript('/x', { size: -1 })).toThrow(/invalid content size/);
    expect(() => stdinPutScript('/x', { size: 1.5 })).toThrow(/invalid content size/);
  });
});
