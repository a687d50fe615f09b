import { describe, expect, it } from 'vitest';
import { distributionFacts, pkgMgr } from '../../../src/facts/distribution.js';
import { keyValues, splitSections } from '../../../src/facts/sections.js';

const sections = (osRelease: string, extra = '') => splitSections(`\n@@mx os_release\n${osRelease}\n${extra}\n@@mx end\n`);

describe('distribution facts', () => {
  it('Ubuntu: version from VERSION_ID, family Debian', () => {
    const s = sections('NAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian', '\n@@mx debian_version\nbookworm/sid\n');
    expect(distributionFacts(s, 'Linux')).toMatchObject({ distribution: 'Ubuntu', distribution_version: '22.04', distribution_major_version: '22', distribution_release: 'jammy', os_family: 'Debian' });
  });
  it('Debian testing: debian_version without a number', () => {
    const s = sections('PRETTY_NAME="Debian GNU/Linux forky/sid"\nNAME="Debian GNU/Linux"\nVERSION_CODENAME=forky\nID=debian', '\n@@mx debian_version\nforky/sid\n');
    expect(distributionFacts(s, 'Linux')).toMatchObject({ distribution: 'Debian', distribution_version: 'n/a', distribution_major_version: 'NA', distribution_release: 'forky' });
  });
  it('Fedora and Arch families', () => {
    expect(distributionFacts(sections('NAME="Fedora Linux"\nVERSION_ID=40\nID=fedora'), 'Linux')).toMatchObject({ distribution: 'Fedora', os_family: 'RedHat', distribution_version: '40' });
    expect(distributionFacts(sections('NAME="Arch Linux"\nID=arch\nBUILD_ID=rolling'), 'Linux')).toMatchObject({ distribution: 'Archlinux', os_family: 'Archlinux' });
  });
  it('pkg_mgr picks apt on the Debian family, else the first known tool', () => {
    expect(pkgMgr(['apt-get', 'dnf'], 'Debian')).toBe('apt');
    expect(pkgMgr(['dnf', 'yum'], 'RedHat')).toBe('dnf');
    expect(pkgMgr(['pacman'], 'Archlinux')).toBe('pacman');
    expect(pkgMgr([], 'Linux')).toBe('unknown');
  });
  it('os-release values: quotes and escapes', () => {
    expect(keyValues('A="x \\"y\\""\nB=\'z\'\nC=plain\n# comment\nbad line')).toEqual({ A: 'x "y"', B: 'z', C: 'plain' });
  });
});
