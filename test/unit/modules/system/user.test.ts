import { describe, expect, it } from 'vitest';
import { userApplyScript, userModule, userSchema } from '../../../../src/modules/system/user.js';

describe('user schema', () => {
  it('aliases and defaults; groups as list or comma string', () => {
    expect(userSchema.parse({ user: 'alice', groups: 'sudo, adm', createhome: 'no' })).toMatchObject({ name: 'alice', groups: ['sudo', 'adm'], create_home: false, append: false, update_password: 'always', state: 'present' });
    expect(userSchema.parse({ name: 'a', groups: '' }).groups).toEqual([]);
  });
  it('refuses bad names and values that would corrupt /etc/passwd', () => {
    for (const bad of [{ name: '-rf' }, { name: 'a b' }, { name: '1abc' }, { name: 'a', comment: 'x:y' }, { name: 'a', shell: 'sh\nroot' }, { name: 'a', home: 'relative' }, { name: 'a', groups: ['ok', 'b;ad'] }]) {
      expect(userSchema.safeParse(bad).success, JSON.stringify(bad)).toBe(false);
    }
  });
  it('marks the password and the ssh key passphrase as secrets', () => {
    expect(userModule.secretArgs).toEqual(['password', 'ssh_key_passphrase']);
  });
});

describe('the change script', () => {
  it('quotes every word and feeds chpasswd from stdin (nothing secret in it)', () => {
    const s = userApplyScript(['useradd', '-c', "Alice O'Hara", '-G', '', 'alice'], 'alice', true);
    expect(s.split('\n')[0]).toBe("useradd '-c' 'Alice O'\\''Hara' '-G' '' alice && chpasswd -e");
    expect(s).toContain("getent passwd -- alice");
  });
});
