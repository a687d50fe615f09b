import { describe, expect, it } from 'vitest';
import { cacheStale, decideApt, pickVersion, refreshRetry } from '../../../../src/modules/system/apt-decide.js';
import { parseDpkgQuery, parsePackageSpec, parsePolicy } from '../../../../src/modules/system/apt-parse.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

const dpkg = parseDpkgQuery(fixture('apt-dpkg-query.txt'));
const policy = parsePolicy(fixture('apt-policy.txt'));
const specs = (...s: string[]) => s.map(parsePackageSpec);

describe('decideApt on Debian 12 state', () => {
  it('present: only what is missing goes into the transaction', () => {
    expect(decideApt(specs('curl', 'sl', 'base-files'), 'present', dpkg, policy, false)).toEqual({ install: ['sl'], remove: [], downgrade: false, unavailable: [] });
    expect(decideApt(specs('curl', 'base-files'), 'present', dpkg, policy, false).install).toEqual([]);
  });
  it('present with a version: the installed version satisfies it, another one is installed', () => {
    expect(decideApt(specs('curl=7.88.1-10+deb12u14'), 'present', dpkg, policy, false).install).toEqual([]);
    expect(decideApt(specs('curl=7.88.1-10+deb12u15'), 'present', dpkg, policy, false)).toMatchObject({ install: ['curl=7.88.1-10+deb12u15'], downgrade: false });
    expect(decideApt(specs('curl=7.88.1-10+deb12u5'), 'present', dpkg, policy, false)).toMatchObject({ install: ['curl=7.88.1-10+deb12u5'], downgrade: true });
  });
  it('wildcard versions pick the candidate when it matches, else the highest match', () => {
    expect(pickVersion(parsePackageSpec('curl=7.88*'), policy.curl)).toBe('7.88.1-10+deb12u15');
    expect(pickVersion(parsePackageSpec('curl=*deb12u5'), policy.curl)).toBe('7.88.1-10+deb12u5');
    expect(decideApt(specs('curl=7.88*'), 'present', dpkg, policy, false).install).toEqual([]);
    expect(decideApt(specs('sl=5.02*'), 'present', dpkg, policy, false).install).toEqual(['sl=5.02-1+b1']);
    expect(decideApt(specs('sl=9*'), 'present', dpkg, policy, false).unavailable).toEqual(['sl=9*']);
  });
  it('latest: upgrades what is behind the candidate, installs what is missing', () => {
    expect(decideApt(specs('base-files', 'curl', 'sl'), 'latest', dpkg, policy, false).install).toEqual(['base-files', 'curl', 'sl']);
    const current = parsePolicy('coreutils:\n  Installed: 9.1-1\n  Candidate: 9.1-1\n');
    expect(decideApt(specs('coreutils'), 'latest', parseDpkgQuery('coreutils\tamd64\t9.1-1\tii \n'), current, false).install).toEqual([]);
    expect(decideApt(specs('nosuchpkg-xyz'), 'latest', dpkg, policy, false).unavailable).toEqual(['nosuchpkg-xyz']);
  });
  it('absent: removes installed packages only; purge also takes config-files-only ones', () => {
    expect(decideApt(specs('curl', 'sl'), 'absent', dpkg, policy, false).remove).toEqual(['curl']);
    const rc = parseDpkgQuery('sl\tamd64\t5.02-1+b1\trc \n');
    expect(decideApt(specs('sl'), 'absent', rc, {}, false).remove).toEqual([]);
    expect(decideApt(specs('sl'), 'absent', rc, {}, true).remove).toEqual(['sl']);
    expect(decideApt(specs('curl=1.0'), 'absent', dpkg, policy, false).remove).toEqual([]);
  });
});

describe('cache_valid_time', () => {
  it('updates when the stamp is older than the valid time, or unknown, or no time is given', () => {
    expect(cacheStale(1000, 2000, 3600)).toBe(false);
    expect(cacheStale(1000, 5000, 3600)).toBe(true);
    expect(cacheStale(undefined, 5000, 3600)).toBe(true);
    expect(cacheStale(4999, 5000, undefined)).toBe(true);
  });
});

describe('refreshRetry: refresh once and retry on a miss in lists not refreshed in this run', () => {
  it('decides from the decision and from apt-get\'s captured stderr', () => {
    const missing = fixture('apt-install-missing.stderr');
    const noVersion = fixture('apt-install-version-missing.stderr');
    const noCandidate = fixture('apt-install-no-candidate.stderr');
    const noLock = fixture('apt-install-no-lock.stderr');
    const cases: Array<[Parameters<typeof refreshRetry>[0], string[]]> = [
      [{ asked: true, refreshed: false, unavailable: [], stderr: missing }, ['nosuchpkg-xyz']],
      [{ asked: true, refreshed: false, unavailable: [], stderr: noVersion }, ['curl=0.0-1']],
      [{ asked: true, refreshed: false, unavailable: [], stderr: noCandidate }, ['mail-transport-agent']],
      [{ asked: true, refreshed: false, unavailable: ['sl=9*'] }, ['sl=9*']],
      // not a missing package: no refresh helps
      [{ asked: true, refreshed: false, unavailable: [], stderr: noLock }, []],
      // already refreshed in this run, or fresh lists never asked for: the miss is final
      [{ asked: true, refreshed: true, unavailable: ['sl=9*'], stderr: missing }, []],
      [{ asked: false, refreshed: false, unavailable: ['sl=9*'], stderr: missing }, []],
    ];
    for (const [input, want] of cases) expect(refreshRetry(input), JSON.stringify(input)).toEqual(want);
  });
});
