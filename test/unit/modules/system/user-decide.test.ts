import { describe, expect, it } from 'vitest';
import { decideUser, expiryDate, looksHashed, type UserWant } from '../../../../src/modules/system/user-decide.js';
import { parseAccountProbe, type AccountProbe } from '../../../../src/modules/system/accounts.js';

const HASH = '$y$j9T$K9hV6rAMgnm3DLi1cdyGk.$1ZL0fW7Up6hxDVBA9ucvV/jtS3DcVbkxF7eBtoDfVZ0';
const base: UserWant = { name: 'alice', state: 'present', append: false, create_home: true, move_home: false, system: false, update_password: 'always', remove: false, force: false };
const none: AccountProbe = { idGroups: [], groups: [{ name: 'sudo', gid: 27, members: [] }, { name: 'adm', gid: 4, members: [] }, { name: 'alice', gid: 1001, members: [] }] };
const alice: AccountProbe = parseAccountProbe(
  `@@mx passwd\nalice:x:1001:1001:Alice:/home/alice:/bin/sh\n@@mx shadow\nalice:${HASH}:20000:0:99999:7:::\n@@mx id\nalice adm\n@@mx primary\nalice:x:1001:\n@@mx groups\nsudo:x:27:\nadm:x:4:alice\nalice:x:1001:\n`,
);

describe('decideUser', () => {
  it("an existing user whose home is missing gets it created when create_home (Ansible's fallback), not otherwise", () => {
    const d = decideUser(base, { ...alice, homeExists: false });
    expect(d).toMatchObject({ changed: true, createHome: '/home/alice' });
    expect(d.argv).toBeUndefined();
    expect(decideUser({ ...base, home: '/srv/alice', move_home: false }, { ...alice, homeExists: false }).createHome).toBe('/srv/alice');
    expect(decideUser({ ...base, create_home: false }, { ...alice, homeExists: false }).changed).toBe(false);
    expect(decideUser(base, { ...alice, homeExists: true }).changed).toBe(false);
  });
  it('password_expire_min/max: chage for the ages that differ from the shadow entry (0 included)', () => {
    expect(decideUser({ ...base, password_expire_max: 10 }, alice).chage).toEqual(['chage', '-M', '10', 'alice']);
    expect(decideUser({ ...base, password_expire_min: 0, password_expire_max: 99999 }, alice)).toMatchObject({ changed: false });
    expect(decideUser({ ...base, password_expire_min: 5, password_expire_max: 0 }, alice).chage).toEqual(['chage', '-m', '5', '-M', '0', 'alice']);
    expect(decideUser({ ...base, password_expire_min: 1 }, none).chage).toEqual(['chage', '-m', '1', 'alice']);
  });
  it('password with password_lock: hashes compared without the lock, set locked at once (no -L/-U then)', () => {
    const locked = { ...alice, shadow: { ...alice.shadow!, hash: `!${HASH}` } };
    expect(decideUser({ ...base, password: HASH, password_lock: true }, locked).changed).toBe(false);
    const d = decideUser({ ...base, password: HASH + 'x', password_lock: true }, alice);
    expect(d).toMatchObject({ setPassword: true, passwordHash: `!${HASH}x` });
    expect(d.argv).toBeUndefined();
    expect(decideUser({ ...base, password: HASH, password_lock: false }, locked).argv).toEqual(['usermod', '-U', 'alice']);
    expect(decideUser({ ...base, password: HASH, password_lock: true }, none).passwordHash).toBe(`!${HASH}`);
  });
  it('a group named as the user is not made again (useradd -N; luseradd -n)', () => {
    const g = { ...none, groups: [...none.groups, { name: 'bob', gid: 1500, members: [] }] };
    expect(decideUser({ ...base, name: 'bob' }, g).argv).toEqual(['useradd', '-N', '-m', 'bob']);
    expect(decideUser({ ...base, name: 'bob', local: true }, g).argv).toEqual(['luseradd', '-n', 'bob']);
    expect(decideUser({ ...base, name: 'bob', group: 'adm' }, g).argv).toEqual(['useradd', '-g', 'adm', '-m', 'bob']);
  });
  it("local: libuser's commands, memberships through lgroupmod, expiry through lchage, lusermod -g with a gid", () => {
    const d = decideUser({ ...base, local: true, groups: ['sudo', 'adm'], expires: 86400 * 3 }, none);
    expect(d.argv).toEqual(['luseradd', '-n', 'alice']);
    expect(d.after).toEqual([['lgroupmod', '-M', 'alice', 'sudo'], ['lgroupmod', '-M', 'alice', 'adm'], ['lchage', '-E', '3', 'alice']]);
    expect(decideUser({ ...base, local: true, groups: ['sudo'], append: true }, alice).after).toEqual([['lgroupmod', '-M', 'alice', 'sudo']]);
    expect(decideUser({ ...base, local: true, groups: ['sudo'] }, alice).after).toEqual([['lgroupmod', '-M', 'alice', 'sudo'], ['lgroupmod', '-m', 'alice', 'adm']]);
    expect(decideUser({ ...base, local: true, group: 'sudo' }, alice).argv).toEqual(['lusermod', '-g', '27', 'alice']);
    expect(decideUser({ ...base, local: true, expires: -1 }, { ...alice, shadow: { ...alice.shadow!, expires: 5 } }).after).toEqual([['lchage', '-E', '-1', 'alice']]);
    expect(decideUser({ ...base, local: true, state: 'absent', remove: true, force: true }, alice).argv).toEqual(['luserdel', '-r', 'alice']);
  });
  it("umask is useradd's UMASK for the home it creates", () => {
    expect(decideUser({ ...base, umask: '077' }, none).argv).toEqual(['useradd', '-N', '-m', '-K', 'UMASK=077', 'alice']);
  });
  it('creates with every option as its own argv word; the password only for chpasswd', () => {
    const d = decideUser({ ...base, uid: 1500, groups: ['sudo', 'adm'], comment: "Alice O'Hara", shell: '/bin/bash', system: true, password: HASH }, none);
    // the group 'alice' exists already: -N, as Ansible on Debian
    expect(d.argv).toEqual(['useradd', '-u', '1500', '-N', '-G', 'sudo,adm', '-c', "Alice O'Hara", '-s', '/bin/bash', '-r', '-m', 'alice']);
    expect(d.argv!.join(' ')).not.toContain(HASH);
    expect(d.setPassword).toBe(true);
    expect(decideUser({ ...base, create_home: false }, none).argv).toContain('-M');
  });
  it('fails before anything runs when a group does not exist', () => {
    expect(decideUser({ ...base, groups: ['docker'] }, none).fail).toBe('Group docker does not exist');
  });
  it('an unchanged user changes nothing (password equal, groups equal)', () => {
    const d = decideUser({ ...base, uid: 1001, comment: 'Alice', shell: '/bin/sh', home: '/home/alice', groups: ['adm'], password: HASH }, alice);
    expect(d).toEqual({ setPassword: false, changed: false, changes: {} });
  });
  it('usermod for what differs', () => {
    const d = decideUser({ ...base, shell: '/bin/bash', groups: ['sudo'], password: HASH + 'x' }, alice);
    expect(d.argv).toEqual(['usermod', '-G', 'sudo', '-s', '/bin/bash', 'alice']);
    expect(d.setPassword).toBe(true);
    expect(d.changes).toMatchObject({ groups: ['adm', 'sudo'], shell: ['/bin/sh', '/bin/bash'] });
  });
  it('append adds only missing groups; listing the primary group is not a change', () => {
    expect(decideUser({ ...base, groups: ['adm', 'alice'], append: true }, alice).changed).toBe(false);
    expect(decideUser({ ...base, groups: ['sudo'], append: true }, alice).argv).toEqual(['usermod', '-a', '-G', 'sudo', 'alice']);
    expect(decideUser({ ...base, groups: [] }, alice).argv).toEqual(['usermod', '-G', '', 'alice']);
  });
  it('update_password: on_create never touches an existing password', () => {
    expect(decideUser({ ...base, password: 'other', update_password: 'on_create' }, alice).changed).toBe(false);
  });
  it('absent: userdel with -r/-f; nothing for a missing user', () => {
    expect(decideUser({ ...base, state: 'absent', remove: true, force: true }, alice).argv).toEqual(['userdel', '-r', '-f', 'alice']);
    expect(decideUser({ ...base, state: 'absent' }, none).changed).toBe(false);
  });
  it('expires compares whole days with the shadow field', () => {
    expect(expiryDate(20500 * 86400 + 3600)).toBe('2026-02-16');
    const withExp = { ...alice, shadow: { ...alice.shadow!, expires: 20500 } };
    expect(decideUser({ ...base, expires: 20500 * 86400 + 100 }, withExp).changed).toBe(false);
    expect(decideUser({ ...base, expires: -1 }, withExp).argv).toEqual(['usermod', '-e', '', 'alice']);
  });
});

describe('looksHashed', () => {
  // the verdicts of Ansible's check_password_encrypted (user.py, 2.14) for each value: true means no warning
  const S6 = '$6$rounds=656000$tgK3gYTyRLUmhyv2$lAFrYUQwn7E6VsjPOwQwoSx30lmpiU9r/E0Al7tzKrR9mkodcMEZGe9OXD0H/clOn6qdsUnaL4zefy5fG+++++';
  it.each<[string, boolean]>([
    [HASH, true],
    ['$6$salt$abc', false],
    ['!', true],
    ['*', true],
    ['*************', true],
    ['', true],
    ['secret password', false],
    ['!' + HASH, false],
    ['abcdefghijklm', false],
    ['$1$salt$' + 'a'.repeat(22), true],
    ['$5$x$' + 'b'.repeat(43), true],
    ['$6$x$' + 'c'.repeat(86), true],
    [S6, false],
    ['a$b', false],
    ['$2b$12$' + 'd'.repeat(53), true],
  ])('%s: %s', (pw, hashed) => {
    expect(looksHashed(pw)).toBe(hashed);
  });
});
