/** tempfile through the real LocalConnection. */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { tempfileModule } from '../../../../src/modules/files/tempfile.js';
import { runModule } from './run.js';

const dir = mkdtempSync(path.join(tmpdir(), 'machinist-tempfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tempfile', () => {
  it.each([
    ['file', 0o100600],
    ['directory', 0o040700],
  ])('a fresh %s named prefix + 8 random characters + suffix, changed', async (state, mode) => {
    const r = await runModule(tempfileModule, { state, path: dir, prefix: 'p.', suffix: '.s' });
    expect(r.changed).toBe(true);
    const made = String(r.result.path);
    expect(path.dirname(made)).toBe(dir);
    expect(path.basename(made)).toMatch(/^p\.[A-Za-z0-9]{8}\.s$/);
    expect(statSync(made).mode).toBe(mode);
  });
  it('defaults: a file "ansible.*" in the temporary directory; a missing path fails; check mode cannot tell', async () => {
    const r = await runModule(tempfileModule, {});
    expect(path.basename(String(r.result.path))).toMatch(/^ansible\.[A-Za-z0-9]{8}$/);
    rmSync(String(r.result.path));
    await expect(runModule(tempfileModule, { path: path.join(dir, 'none') })).rejects.toThrow(/No such file or directory/);
    expect((await runModule(tempfileModule, { state: 'directory', path: dir }, { check: true })).result.skipped).toBe(true);
  });
});
