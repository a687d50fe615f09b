import { describe, expect, it } from 'vitest';
import {
  hostMirror,
  inferDistribution,
  parseDeb822Sources,
  parseSourcesDump,
  parseSourcesList,
  releaseOf,
} from '../../../../../src/modules/nspawn/debootstrap/sources.js';
import { fixtures } from '../../../../helpers/fixtures.js';

const nspawnFixture = fixtures('modules/nspawn');

describe('apt sources', () => {
  it('Debian 12 one-line sources.list: deb and deb-src entries, the cdrom comment skipped', () => {
    const e = parseSourcesList(nspawnFixture('debian12-sources.list'));
    expect(e).toHaveLength(6);
    expect(e[0]).toMatchObject({ type: 'deb', uri: 'http://deb.debian.org/debian/', suite: 'bookworm', components: ['main', 'non-free-firmware'] });
    expect(e.map((x) => x.suite)).toContain('bookworm-security');
    expect(hostMirror(e, 'debian')).toBe('http://deb.debian.org/debian');
  });
  it('options in brackets are skipped', () => {
    const e = parseSourcesList('deb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://m.example/debian trixie main\n');
    expect(e).toEqual([{ type: 'deb', uri: 'http://m.example/debian', suite: 'trixie', components: ['main'], file: 'sources.list' }]);
  });
  it('Debian 13 deb822 debian.sources: one entry per type × URI × suite', () => {
    const e = parseDeb822Sources(nspawnFixture('debian13-debian.sources'));
    expect(e.filter((x) => x.type === 'deb').map((x) => `${x.uri} ${x.suite}`)).toEqual([
      'http://deb.debian.org/debian/ trixie',
      'http://deb.debian.org/debian/ trixie-updates',
      'http://security.debian.org/debian-security/ trixie-security',
    ]);
    expect(hostMirror(e, 'debian')).toBe('http://deb.debian.org/debian');
  });
  it('deb822: disabled stanzas skipped, continuation lines joined, pockets and security not taken', () => {
    const e = parseDeb822Sources(nspawnFixture('debian13-proxy-security-first.sources'));
    expect(e.some((x) => x.uri.includes('old.example'))).toBe(false);
    expect(e.filter((x) => x.uri.includes('deb.debian.org')).map((x) => x.suite)).toEqual(['trixie-updates', 'trixie']);
    expect(hostMirror(e, 'debian')).toBe('http://10.0.0.1:3142/deb.debian.org/debian');
  });
  it('an Ubuntu host: its archive for Ubuntu suites, nothing for Debian ones', () => {
    const e = parseDeb822Sources(nspawnFixture('ubuntu-noble-ubuntu.sources'));
    expect(hostMirror(e, 'ubuntu')).toBe('http://archive.ubuntu.com/ubuntu');
    expect(hostMirror(e, 'debian')).toBeUndefined();
  });
  it('a Debian host gives no mirror for Ubuntu suites', () => {
    expect(hostMirror(parseSourcesList(nspawnFixture('debian12-sources.list')), 'ubuntu')).toBeUndefined();
  });
  it('the probe dump: files in order, format by file name', () => {
    const dump = [
      '##file /etc/apt/sources.list',
      '# nothing here',
      '##file /etc/apt/sources.list.d/debian.sources',
      nspawnFixture('debian13-debian.sources'),
      '##file /etc/apt/sources.list.d/extra.list',
      'deb http://other.example/debian trixie main',
    ].join('\n');
    const e = parseSourcesDump(dump);
    expect(e[0].file).toBe('/etc/apt/sources.list.d/debian.sources');
    expect(e.at(-1)).toMatchObject({ uri: 'http://other.example/debian', file: '/etc/apt/sources.list.d/extra.list' });
    expect(hostMirror(e, 'debian')).toBe('http://deb.debian.org/debian');
  });
  it('suite → distribution; pockets are not releases', () => {
    expect(inferDistribution('bookworm')).toBe('debian');
    expect(inferDistribution('trixie')).toBe('debian');
    expect(inferDistribution('sid')).toBe('debian');
    expect(inferDistribution('noble')).toBe('ubuntu');
    expect(inferDistribution('jammy')).toBe('ubuntu');
    expect(inferDistribution('Focal')).toBe('ubuntu');
    expect(inferDistribution('something-new')).toBe('debian');
    expect(releaseOf('bookworm')).toBe('bookworm');
    expect(releaseOf('bookworm-security')).toBeUndefined();
    expect(releaseOf('noble-updates')).toBeUndefined();
  });
});
