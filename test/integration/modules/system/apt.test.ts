/**
 * apt through the real LocalConnection on this Debian host, in check mode (apt-get -s) and for
 * already-satisfied states only: nothing is installed or removed.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { aptModule } from '../../../../src/modules/system/apt.js';
import { packageModule } from '../../../../src/modules/system/package.js';
import { diffs, runModule } from '../files/run.js';

const hasApt = (() => {
  try {
    execFileSync('apt-get', ['--version'], { stdio: 'ignore' });
    return process.getuid?.() === 0;
  } catch {
    return false;
  }
})();

const installed = (pkg: string) => {
  try {
    return execFileSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}', pkg], { encoding: 'utf8' }).startsWith('ii');
  } catch {
    return false;
  }
};

/** A package the archive has and this host lacks (sl is tiny; fall back to others). */
const MISSING = ['sl', 'cowsay', 'fortune-mod'].find((p) => !installed(p));

describe.skipIf(!hasApt)('apt on this Debian host', () => {
  it('present for installed packages: not changed, in one round trip', async () => {
    const r = await runModule(aptModule, { name: ['coreutils', 'bash'] });
    expect(r).toMatchObject({ changed: false, result: { changed: false, cache_updated: false } });
  });
  it.skipIf(!MISSING)('check mode: a missing package would be installed (apt-get -s); nothing is', async () => {
    const r = await runModule(aptModule, { name: MISSING, state: 'present' }, { check: true });
    expect(r.changed).toBe(true);
    expect(diffs(r.diff)[0].prepared).toMatch(new RegExp(`The following NEW packages will be installed:\\n.*${MISSING}`));
    expect(String(r.result.stdout)).toMatch(new RegExp(`^Inst ${MISSING} `, 'm'));
    expect(installed(MISSING!)).toBe(false);
  });
  it.skipIf(!installed('curl'))('check mode: removing an installed package is predicted, nothing is removed', async () => {
    const r = await runModule(aptModule, { name: 'curl', state: 'absent' }, { check: true });
    expect(r.changed).toBe(true);
    expect(diffs(r.diff)[0].prepared).toMatch(/The following packages will be REMOVED:\n\s+curl/);
    expect(installed('curl')).toBe(true);
  });
  it('package (use: auto, no facts) finds apt on the host and hands it the arguments', async () => {
    const r = await runModule(packageModule, { name: ['coreutils', 'bash'], state: 'present' });
    expect(r).toMatchObject({ changed: false, result: { changed: false, cache_updated: false } });
  });
  it('absent for a package that is not installed: not changed', async () => {
    expect((await runModule(aptModule, { name: MISSING ?? 'machinist-nosuch', state: 'absent' })).changed).toBe(false);
  });
  it('an unknown package fails clearly and changes nothing', async () => {
    await expect(runModule(aptModule, { name: 'machinist-nosuch-pkg' }, { check: true })).rejects.toThrow("No package matching 'machinist-nosuch-pkg' is available");
  });
  it('latest in check mode reads the candidate from apt-cache policy', async () => {
    const policy = execFileSync('apt-cache', ['policy', 'coreutils'], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    const behind = /Installed: (\S+)/.exec(policy)![1] !== /Candidate: (\S+)/.exec(policy)![1];
    const r = await runModule(aptModule, { name: 'coreutils', state: 'latest' }, { check: true });
    expect(r.changed).toBe(behind);
    expect(r.result).toMatchObject({ cache_updated: false });
  });
  it('update_cache in check mode with a long cache_valid_time does not update', async () => {
    const r = await runModule(aptModule, { update_cache: true, cache_valid_time: 10 * 365 * 86400 }, { check: true });
    expect(r).toMatchObject({ changed: false, result: { cache_updated: false } });
    expect(r.result.cache_update_time).toBeGreaterThan(0);
  });
});
