import { describe, expect, it } from 'vitest';
import {
  aptWord, entryFor, hasFiles, isInstalled, missingPackages, missingVersions, parseDpkgQuery, parsePackageSpec, parsePolicy, parseSummary,
  preparedDiff, summaryChanged, versionMatches, PackageSpecError,
} from '../../../../src/modules/system/apt-parse.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

describe('package specs', () => {
  it('reads name, arch, version and wildcard versions', () => {
    expect(parsePackageSpec('nginx')).toMatchObject({ name: 'nginx', arch: undefined, version: undefined, wildcard: false });
    expect(parsePackageSpec('libc6:i386=2.36-9')).toMatchObject({ name: 'libc6', arch: 'i386', version: '2.36-9' });
    expect(parsePackageSpec('sl=5.02*')).toMatchObject({ name: 'sl', version: '5.02*', wildcard: true });
    expect(parsePackageSpec('python3.11=3.11.2-6+deb12u1')).toMatchObject({ name: 'python3.11', version: '3.11.2-6+deb12u1' });
    expect(aptWord(parsePackageSpec('libc6:i386'), '2.36')).toBe('libc6:i386=2.36');
  });
  it('refuses what apt would not read as one package (and anything shell-like)', () => {
    for (const bad of ['Nginx', '-y', 'a', 'foo;rm -rf /', 'foo bar', 'pkg=', 'pkg=1 2', 'pkg:AMD64', '$(id)']) {
      expect(() => parsePackageSpec(bad), bad).toThrow(PackageSpecError);
    }
  });
  it('version wildcards match like fnmatch, dots literal', () => {
    expect(versionMatches('1.2*', '1.2.3-1')).toBe(true);
    expect(versionMatches('1.2*', '1.3')).toBe(false);
    expect(versionMatches('1.2', '1x2')).toBe(false);
    expect(versionMatches('5.02-1+b?', '5.02-1+b1')).toBe(true);
  });
});

describe('dpkg-query output (Debian 12)', () => {
  const entries = parseDpkgQuery(fixture('apt-dpkg-query.txt'));
  it('parses every line, tab separated, with the status abbreviation', () => {
    expect(entries).toEqual([
      { name: 'base-files', arch: 'amd64', version: '12.4+deb12u11', status: 'ii ' },
      { name: 'curl', arch: 'amd64', version: '7.88.1-10+deb12u14', status: 'ii ' },
      { name: 'libc6', arch: 'amd64', version: '2.36-9+deb12u14', status: 'ii ' },
    ]);
    expect(entries.every(isInstalled)).toBe(true);
  });
  it('config-files-only packages are not installed but have files for purge', () => {
    const rc = { name: 'sl', arch: 'amd64', version: '5.02-1+b1', status: 'rc ' };
    expect(isInstalled(rc)).toBe(false);
    expect(hasFiles(rc, false)).toBe(false);
    expect(hasFiles(rc, true)).toBe(true);
    expect(hasFiles({ ...rc, status: 'un ' }, true)).toBe(false);
  });
  it('finds a spec by name, by arch, and arch "all" for any arch', () => {
    expect(entryFor(parsePackageSpec('curl'), entries)?.version).toBe('7.88.1-10+deb12u14');
    expect(entryFor(parsePackageSpec('curl:i386'), entries)).toBeUndefined();
    expect(entryFor(parsePackageSpec('sl'), entries)).toBeUndefined();
  });
});

describe('apt-cache policy (Debian 12)', () => {
  const p = parsePolicy(fixture('apt-policy.txt'));
  it('reads installed, candidate and the version table in order', () => {
    expect(p['base-files']).toEqual({ installed: '12.4+deb12u11', candidate: '12.4+deb12u15', versions: ['12.4+deb12u15', '12.4+deb12u11'] });
    expect(p.sl).toEqual({ installed: null, candidate: '5.02-1+b1', versions: ['5.02-1+b1'] });
    expect(p.curl.versions).toEqual(['7.88.1-10+deb12u15', '7.88.1-10+deb12u14', '7.88.1-10+deb12u5']);
    expect(p['nosuchpkg-xyz']).toBeUndefined();
  });
});

describe('apt-get output (Debian 12)', () => {
  it('summary lines of simulations and real runs', () => {
    expect(parseSummary(fixture('apt-sim-upgrade-install.txt'))).toEqual({ upgraded: 1, newlyInstalled: 1, removed: 0, notUpgraded: 124 });
    expect(parseSummary(fixture('apt-sim-remove.txt'))).toMatchObject({ removed: 1 });
    expect(summaryChanged(parseSummary(fixture('apt-sim-noop.txt')))).toBe(false);
    expect(summaryChanged(parseSummary(fixture('apt-real-install.txt')))).toBe(true);
    expect(summaryChanged(parseSummary(fixture('apt-real-purge.txt')))).toBe(true);
    expect(parseSummary(fixture('apt-sim-missing.txt'))).toBeUndefined();
    expect(parseSummary('0 upgraded, 0 newly installed, 1 downgraded, 0 to remove and 3 not upgraded.')).toMatchObject({ upgraded: 1 });
  });
  it("Ansible's prepared diff: from after 'Reading state information...' to the summary line", () => {
    expect(preparedDiff(fixture('apt-sim-upgrade-install.txt')).prepared).toBe(
      'The following NEW packages will be installed:\n  sl\nThe following packages will be upgraded:\n  base-files\n1 upgraded, 1 newly installed, 0 to remove and 124 not upgraded.',
    );
  });
  it('names the packages apt could not find', () => {
    expect(missingPackages(fixture('apt-sim-missing.txt'))).toEqual(['nosuchpkg-xyz']);
    expect(missingPackages(fixture('apt-install-no-candidate.stderr'))).toEqual(['mail-transport-agent']);
    expect(missingVersions(fixture('apt-install-version-missing.stderr'))).toEqual(['curl=0.0-1']);
    expect(missingVersions(fixture('apt-install-missing.stderr'))).toEqual([]);
  });
});
