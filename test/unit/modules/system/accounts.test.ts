import { describe, expect, it } from 'vitest';
import { accountProbeScript, findGroup, parseAccountProbe, parseGroup, parsePasswd, parseShadow } from '../../../../src/modules/system/accounts.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

describe('getent lines (Debian 12)', () => {
  it('passwd', () => {
    const [root, daemon, nobody] = fixture('getent-passwd.txt').trim().split('\n').map(parsePasswd);
    expect(root).toEqual({ name: 'root', password: 'x', uid: 0, gid: 0, comment: 'root', home: '/root', shell: '/bin/bash' });
    expect(daemon).toMatchObject({ uid: 1, home: '/usr/sbin', shell: '/usr/sbin/nologin' });
    expect(nobody).toMatchObject({ uid: 65534, home: '/nonexistent' });
    expect(parsePasswd('garbage')).toBeUndefined();
  });
  it('group and shadow', () => {
    expect(fixture('getent-group.txt').trim().split('\n').map(parseGroup)[0]).toEqual({ name: 'sudo', gid: 27, members: [] });
    expect(parseGroup('sudo:x:27:alice,bob')).toEqual({ name: 'sudo', gid: 27, members: ['alice', 'bob'] });
    expect(parseShadow('root:*:20228:0:99999:7:::')).toEqual({ name: 'root', hash: '*', lastChange: 20228, min: 0, max: 99999, expires: undefined });
    expect(parseShadow('u:!:20228::::::')).toMatchObject({ min: undefined, max: undefined });
    expect(parseShadow('u:$y$j9T$abc:20000:0:99999:7::20500:')).toMatchObject({ hash: '$y$j9T$abc', expires: 20500 });
  });
});

describe('the account probe', () => {
  it('quotes the names', () => {
    const s = accountProbeScript('alice', ['sudo', 'adm']);
    expect(s).toContain('getent passwd -- alice');
    expect(s).toContain('getent group -- sudo adm');
  });
  it('reads the captured output for root and for a missing user', () => {
    const p = parseAccountProbe(fixture('accounts-probe-root.txt'));
    expect(p.passwd).toMatchObject({ name: 'root', uid: 0 });
    expect(p.shadow).toMatchObject({ hash: '*' });
    expect(p.idGroups).toEqual(['root']);
    expect(p.primary).toMatchObject({ name: 'root', gid: 0 });
    expect(p.groups.map((g) => g.name)).toEqual(['sudo', 'adm']);
    expect(findGroup('27', p.groups)?.name).toBe('sudo');
    expect(findGroup('machinist-nosuch', p.groups)).toBeUndefined();
    expect(parseAccountProbe(fixture('accounts-probe-missing.txt'))).toEqual({ passwd: undefined, shadow: undefined, idGroups: [], primary: undefined, groups: [] });
  });
});
