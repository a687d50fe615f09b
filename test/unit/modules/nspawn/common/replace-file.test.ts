/**
 * replaceFileScript (the nspawn scripts' own atomic writes) run by /bin/sh in a scratch directory:
 * the new content and mode land under the file's name through a temporary of the one naming
 * (util/temp-files.ts), the stale temporaries of that file go and a running writer's stay, and a
 * failing step leaves the file as it was, no temporary, and a non-zero status.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFileScript } from '../../../../../src/modules/nspawn/common/replace-file.js';
import { sh } from '../../../../../src/util/quote.js';
import { bootMarker } from '../../../../../src/util/temp-files.js';

const BOOT = bootMarker(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
/** Above any pid_max (2^22): no process has it. */
const DEAD = 999999999;

function run(script: string): number {
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', timeout: 5000 });
  return r.status ?? -1;
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-replace-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('replaceFileScript', () => {
  it('writes the content with its mode and removes only the stale temporaries of the file', () => {
    const f = path.join(dir, 'hostname');
    writeFileSync(f, 'old\n');
    const stale = `.hostname.machinist-${BOOT}-${DEAD}-0a1b2c3d`;
    const live = `.hostname.machinist-${BOOT}-${process.pid}-0a1b2c3d`;
    const other = `.other.machinist-${BOOT}-${DEAD}-0a1b2c3d`;
    for (const n of [stale, live, other]) writeFileSync(path.join(dir, n), 'x');
    const cases: Array<{ fill: string; mode: Parameters<typeof replaceFileScript>[2]; want: string; perm: number }> = [
      { fill: sh`printf %s ${"it's\nnew\n"}`, mode: '0640', want: "it's\nnew\n", perm: 0o640 },
      { fill: sh`cat ${f} && printf '%s\\n' pts/1`, mode: { like: f }, want: "it's\nnew\npts/1\n", perm: 0o640 },
    ];
    for (const c of cases) {
      expect(run(replaceFileScript(f, c.fill, c.mode))).toBe(0);
      expect(readFileSync(f, 'utf8')).toBe(c.want);
      expect(statSync(f).mode & 0o7777).toBe(c.perm);
    }
    expect(readdirSync(dir).sort()).toEqual([live, other, 'hostname'].sort());
  });

  it('a failing step leaves the file as it was and no temporary, with a non-zero status', () => {
    const f = path.join(dir, 'conf');
    writeFileSync(f, 'old\n');
    for (const [fill, mode] of [['false', '0644'], ['echo new', 'not-a-mode'], ['echo new', { like: path.join(dir, 'missing') }]] as const) {
      expect(run(`${replaceFileScript(f, fill, mode)} || exit 7`)).toBe(7);
      expect(readFileSync(f, 'utf8')).toBe('old\n');
      expect(readdirSync(dir)).toEqual(['conf']);
    }
  });
});
