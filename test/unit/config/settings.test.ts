/** The settings in effect: ANSIBLE_* over ansible.cfg over the default, the file search, and the types. */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, findConfigFile, loadSettings } from '../../../src/config/index.js';

let dir: string;
let home: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'machinist-settings-'));
  home = path.join(dir, 'home');
  cwd = path.join(dir, 'project');
  mkdirSync(home);
  mkdirSync(cwd, { mode: 0o755 });
  chmodSync(cwd, 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const cfg = (where: string, text: string) => {
  writeFileSync(where, text);
  return where;
};

describe('findConfigFile: the first of ANSIBLE_CONFIG, ./ansible.cfg, ~/.ansible.cfg', () => {
  it('takes ./ansible.cfg before ~/.ansible.cfg', () => {
    cfg(path.join(home, '.ansible.cfg'), '[defaults]\n');
    const local = cfg(path.join(cwd, 'ansible.cfg'), '[defaults]\n');
    expect(findConfigFile({ env: {}, cwd, home }).file).toBe(local);
  });

  it('takes ANSIBLE_CONFIG first (a file, or a directory holding ansible.cfg)', () => {
    cfg(path.join(cwd, 'ansible.cfg'), '[defaults]\n');
    const other = cfg(path.join(dir, 'other.cfg'), '[defaults]\n');
    expect(findConfigFile({ env: { ANSIBLE_CONFIG: other }, cwd, home }).file).toBe(other);
    expect(findConfigFile({ env: { ANSIBLE_CONFIG: cwd }, cwd, home }).file).toBe(path.join(cwd, 'ansible.cfg'));
  });

  it('falls back to ~/.ansible.cfg, and to none', () => {
    expect(findConfigFile({ env: {}, cwd, home }).file).toBeUndefined();
    const mine = cfg(path.join(home, '.ansible.cfg'), '[defaults]\n');
    expect(findConfigFile({ env: {}, cwd, home }).file).toBe(mine);
  });

  it('ignores ./ansible.cfg in a world-writable directory, with Ansible\'s warning', () => {
    cfg(path.join(cwd, 'ansible.cfg'), '[defaults]\n');
    chmodSync(cwd, 0o777);
    const r = findConfigFile({ env: {}, cwd, home });
    expect(r.file).toBeUndefined();
    expect(r.warnings).toEqual([`Ansible is being run in a world writable directory (${cwd}), ignoring it as an ansible.cfg source.`]);
  });
});

describe('loadSettings: values, origins and types', () => {
  it('a variable beats the file, which beats the default', () => {
    const file = cfg(path.join(cwd, 'ansible.cfg'), '[defaults]\nforks = 20\ntimeout = 30\n');
    const s = loadSettings({ env: { ANSIBLE_TIMEOUT: '5' }, cwd, home });
    expect(s.lookup('DEFAULT_FORKS')).toEqual({ value: 20, origin: file, line: 2 });
    expect(s.lookup('DEFAULT_TIMEOUT')).toEqual({ value: 5, origin: 'env: ANSIBLE_TIMEOUT' });
    expect(s.lookup('DEFAULT_REMOTE_USER')).toEqual({ value: undefined, origin: 'default' });
    expect(s.get('DEFAULT_GATHERING')).toBe('implicit');
  });

  it.each([
    { what: 'a boolean word', text: 'host_key_checking = False', name: 'HOST_KEY_CHECKING', value: false },
    { what: 'a boolean that is no word is false (boolean(strict=False))', text: 'become = maybe', section: 'privilege_escalation', name: 'DEFAULT_BECOME', value: false },
    { what: 'a quoted string is unquoted', text: 'remote_user = "deploy"', name: 'DEFAULT_REMOTE_USER', value: 'deploy' },
    { what: 'a list, split on commas', text: 'vault_identity_list = dev@a , prod@b', name: 'DEFAULT_VAULT_IDENTITY_LIST', value: ['dev@a', 'prod@b'] },
    { what: 'a relative path, from the file\'s folder', text: 'private_key_file = keys/id', name: 'DEFAULT_PRIVATE_KEY_FILE', value: 'CWD/keys/id' },
    { what: 'a ~ path', text: 'vault_password_file = ~/.vault', name: 'DEFAULT_VAULT_PASSWORD_FILE', value: 'HOME/.vault' },
    { what: 'a pathspec, split on :', text: 'roles_path = roles:/srv/roles', name: 'DEFAULT_ROLES_PATH', value: ['CWD/roles', '/srv/roles'] },
    { what: 'a pathlist, split on commas', text: 'inventory = hosts.ini, /etc/inv', name: 'DEFAULT_HOST_LIST', value: ['CWD/hosts.ini', '/etc/inv'] },
    { what: 'a tags list', text: 'run = a,b', section: 'tags', name: 'TAGS_RUN', value: ['a', 'b'] },
  ])('$what', ({ text, section, name, value }) => {
    cfg(path.join(cwd, 'ansible.cfg'), `[${section ?? 'defaults'}]\n${text}\n`);
    const fix = (v: unknown): unknown => (typeof v === 'string' ? v.replace('CWD', cwd).replace('HOME', home) : Array.isArray(v) ? v.map(fix) : v);
    expect(loadSettings({ env: {}, cwd, home }).get(name)).toEqual(fix(value));
  });

  it('a relative path in a variable is taken from the current directory', () => {
    const s = loadSettings({ env: { ANSIBLE_ROLES_PATH: 'r1:r2' }, cwd: '/somewhere', home });
    expect(s.get('DEFAULT_ROLES_PATH')).toEqual(['/somewhere/r1', '/somewhere/r2']);
  });

  it('the default roles_path is Ansible\'s, with ~ expanded', () => {
    expect(loadSettings({ env: {}, cwd, home }).get('DEFAULT_ROLES_PATH')).toEqual([`${home}/.ansible/roles`, '/usr/share/ansible/roles', '/etc/ansible/roles']);
  });

  it.each([
    { what: 'a number that is no number', text: 'forks = many', says: 'forks: expected a whole number, not "many"', col: 9 },
    { what: 'a choice that is none', text: 'gathering = sometimes', says: 'gathering: "sometimes" is not one of implicit, explicit, smart', col: 13 },
  ])('refuses $what at its place (exit 5)', ({ text, says, col }) => {
    const file = cfg(path.join(cwd, 'ansible.cfg'), `[defaults]\n${text}\n`);
    const s = loadSettings({ env: {}, cwd, home });
    const name = text.startsWith('forks') ? 'DEFAULT_FORKS' : 'DEFAULT_GATHERING';
    let err: unknown;
    try {
      s.get(name);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).message).toBe(says);
    expect((err as ConfigError).loc).toEqual({ file, line: 2, col });
  });

  it('names the variable when the bad value comes from one', () => {
    expect(() => loadSettings({ env: { ANSIBLE_FORKS: 'x' }, cwd, home }).get('DEFAULT_FORKS')).toThrow('forks (from env: ANSIBLE_FORKS): expected a whole number, not "x"');
  });
});
