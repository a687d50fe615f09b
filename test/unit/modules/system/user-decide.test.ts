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
  it('creates with every option as its own argv word; the password only for chpasswd', () => {
    const d = decideUser({ ...base, uid: 1500, groups: ['sudo', 'adm'], comment: "Alice O'Hara", shell: '/bin/bash', system: true, password: HASH }, none);
    expect(d.argv).toEqual(['useradd', '-u', '1500', '-G', 'sudo,adm', '-c', "Alice O'Hara", '-s', '/bin/bash', '-r', '-m', 'alice']);
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
  it('crypt hashes and lock markers pass; plain text does not', () => {
    expect(looksHashed(HASH)).toBe(true);
    expect(looksHashed('$6$salt$abc')).toBe(true);
    expect(looksHashed('!')).toBe(true);
    expect(looksHashed('secret password')).toBe(false);
  });
});
