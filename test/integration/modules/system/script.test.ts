/** script through the real LocalConnection: upload, run with quoted arguments, removal of the temp copy. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { scriptModule } from '../../../../src/modules/system/script.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { runModule } from '../files/run.js';

let dir: string;
const leftovers = () => readdirSync('/tmp').filter((f) => f.startsWith('.machinist-script-'));
let before: string[];
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-script-'));
  mkdirSync(path.join(dir, 'files'));
  writeFileSync(path.join(dir, 'files', 'show.sh'), '#!/bin/sh\nfor a in "$@"; do printf "[%s]\\n" "$a"; done\npwd\n');
  writeFileSync(path.join(dir, 'files', 'fail.sh'), 'echo out; echo err >&2; exit 3\n');
  before = leftovers();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('script', () => {
  it('runs the local script with its arguments (quoted, not interpreted) in chdir', async () => {
    const r = await runModule(scriptModule, { cmd: `show.sh 'a b' '$(touch pwned)' plain`, chdir: dir }, { baseDir: dir });
    expect(r.changed).toBe(true);
    expect(r.result).toMatchObject({ rc: 0, stdout: `[a b]\n[$(touch pwned)]\n[plain]\n${dir}\n` });
    expect(r.result.stdout_lines).toEqual(['[a b]', '[$(touch pwned)]', '[plain]', dir]);
    expect(existsSync(path.join(dir, 'pwned'))).toBe(false);
    expect(leftovers()).toEqual(before);
  });
  it('a failing script fails with its output, and its temp copy is gone', async () => {
    const e = await runModule(scriptModule, { cmd: 'fail.sh' }, { baseDir: dir }).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.result).toMatchObject({ failed: true, rc: 3, stdout: 'out\n', stderr: 'err\n' });
    expect(leftovers()).toEqual(before);
  });
  it('creates skips without uploading; check mode without creates is skipped', async () => {
    const r = await runModule(scriptModule, { cmd: 'show.sh', creates: path.join(dir, 'files') }, { baseDir: dir });
    expect(r).toMatchObject({ changed: false, result: { skipped: true, msg: `skipped, since ${path.join(dir, 'files')} exists` } });
    const c = await runModule(scriptModule, { cmd: 'show.sh' }, { baseDir: dir, check: true });
    expect(c.changed).toBe(true);
    expect(c.result).toEqual({ skipped: true, msg: 'This module does not support check mode without creates/removes' });
  });
  it('a script that is not there fails before anything runs', async () => {
    await expect(runModule(scriptModule, { cmd: 'nope.sh' }, { baseDir: dir })).rejects.toThrow(/could not find nope.sh/);
  });
});
