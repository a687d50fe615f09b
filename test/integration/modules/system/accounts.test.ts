/**
 * group, user and authorized_key through the real LocalConnection, with a throwaway user and group
 * (needs root; removed in afterAll even when a test fails).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { groupModule } from '../../../../src/modules/system/group.js';
import { userModule } from '../../../../src/modules/system/user.js';
import { authorizedKeyModule } from '../../../../src/modules/system/authorized-key.js';
import { diffs, runModule } from '../files/run.js';

const isRoot = process.getuid?.() === 0;
const suffix = randomBytes(3).toString('hex');
const USER = `mxu${suffix}`;
const GROUP = `mxg${suffix}`;
const HASH = '$y$j9T$K9hV6rAMgnm3DLi1cdyGk.$1ZL0fW7Up6hxDVBA9ucvV/jtS3DcVbkxF7eBtoDfVZ0';
const KEY_A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJvYmJ5dGFibGVzYm9iYnl0YWJsZXNib2JieXRhYmxl alice@laptop';
const KEY_B = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 bob@desk';

const getent = (db: string, key: string) => {
  try {
    return execFileSync('getent', [db, key], { encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
};

function cleanup() {
  for (const [cmd, args] of [['userdel', ['-r', USER]], ['groupdel', [GROUP]]] as const) {
    try {
      execFileSync(cmd, [...args], { stdio: 'ignore' });
    } catch {
      /* not there */
    }
  }
}

describe.skipIf(!isRoot)('group, user, authorized_key (throwaway accounts)', () => {
  beforeAll(cleanup);
  afterAll(cleanup);

  it('group: create, idempotent, change gid, check mode changes nothing', async () => {
    const a = await runModule(groupModule, { name: GROUP, system: true });
    expect(a.changed).toBe(true);
    expect(a.result).toMatchObject({ name: GROUP, state: 'present', system: true });
    const gid = Number(getent('group', GROUP).split(':')[2]);
    expect(a.result.gid).toBe(gid);
    expect((await runModule(groupModule, { name: GROUP })).changed).toBe(false);
    const newGid = 40000 + Math.floor(Math.random() * 1000);
    const c = await runModule(groupModule, { name: GROUP, gid: newGid }, { check: true });
    expect(c.changed).toBe(true);
    expect(Number(getent('group', GROUP).split(':')[2])).toBe(gid);
    await runModule(groupModule, { name: GROUP, gid: newGid });
    expect(Number(getent('group', GROUP).split(':')[2])).toBe(newGid);
  });

  it('user: create with groups, comment, shell and a password hash; idempotent', async () => {
    const a = await runModule(userModule, { name: USER, groups: [GROUP], comment: "Test O'User", shell: '/bin/sh', password: HASH });
    expect(a.changed).toBe(true);
    expect(a.result).toMatchObject({ name: USER, state: 'present', shell: '/bin/sh', comment: "Test O'User", groups: GROUP, password: 'NOT_LOGGING_PASSWORD' });
    expect(typeof a.result.uid).toBe('number');
    expect(JSON.stringify(diffs(a.diff))).not.toContain(HASH);
    expect(getent('passwd', USER)).toMatch(new RegExp(`^${USER}:x:\\d+:\\d+:Test O'User:/home/${USER}:/bin/sh$`));
    expect(getent('shadow', USER).split(':')[1]).toBe(HASH);
    expect(getent('group', GROUP).split(':')[3]).toBe(USER);
    expect(existsSync(`/home/${USER}`)).toBe(true);
    const again = await runModule(userModule, { name: USER, groups: GROUP, comment: "Test O'User", shell: '/bin/sh', password: HASH });
    expect(again.changed).toBe(false);
  });

  it('user: modify shell, remove from groups; check mode first', async () => {
    expect((await runModule(userModule, { name: USER, shell: '/bin/bash' }, { check: true })).changed).toBe(true);
    expect(getent('passwd', USER)).toMatch(/:\/bin\/sh$/);
    const r = await runModule(userModule, { name: USER, shell: '/bin/bash', groups: [] });
    expect(r.changed).toBe(true);
    expect(getent('passwd', USER)).toMatch(/:\/bin\/bash$/);
    expect(getent('group', GROUP).split(':')[3]).toBe('');
  });

  it('user: a missing group fails before anything changes', async () => {
    await expect(runModule(userModule, { name: USER, groups: ['machinist-nosuch-group'] })).rejects.toThrow('Group machinist-nosuch-group does not exist');
  });

  it('authorized_key: creates .ssh 0700 and the file 0600 owned by the user; idempotent; exclusive; absent', async () => {
    const home = `/home/${USER}`;
    const file = `${home}/.ssh/authorized_keys`;
    const a = await runModule(authorizedKeyModule, { user: USER, key: KEY_B });
    expect(a.changed).toBe(true);
    expect(a.result).toMatchObject({ user: USER, keyfile: file, state: 'present' });
    expect(readFileSync(file, 'utf8')).toBe(`${KEY_B}\n`);
    const uid = Number(getent('passwd', USER).split(':')[2]);
    expect(statSync(`${home}/.ssh`).mode & 0o777).toBe(0o700);
    expect(statSync(`${home}/.ssh`).uid).toBe(uid);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(file).uid).toBe(uid);
    expect((await runModule(authorizedKeyModule, { user: USER, key: KEY_B })).changed).toBe(false);
    await runModule(authorizedKeyModule, { user: USER, key: KEY_A, key_options: 'no-pty' });
    expect(readFileSync(file, 'utf8')).toBe(`${KEY_B}\nno-pty ${KEY_A}\n`);
    const ex = await runModule(authorizedKeyModule, { user: USER, key: KEY_A, key_options: 'no-pty', exclusive: true });
    expect(ex.changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe(`no-pty ${KEY_A}\n`);
    expect((await runModule(authorizedKeyModule, { user: USER, key: KEY_A, state: 'absent' })).changed).toBe(true);
    expect(readFileSync(file, 'utf8')).toBe('');
    expect((await runModule(authorizedKeyModule, { user: USER, key: KEY_A, state: 'absent' })).changed).toBe(false);
  });

  it('user and group: absent removes them (with the home), then is idempotent', async () => {
    const r = await runModule(userModule, { name: USER, state: 'absent', remove: true });
    expect(r).toMatchObject({ changed: true, result: { name: USER, state: 'absent', remove: true } });
    expect(getent('passwd', USER)).toBe('');
    expect(existsSync(`/home/${USER}`)).toBe(false);
    expect((await runModule(userModule, { name: USER, state: 'absent' })).changed).toBe(false);
    expect((await runModule(groupModule, { name: GROUP, state: 'absent' })).changed).toBe(true);
    expect(getent('group', GROUP)).toBe('');
  });
});
