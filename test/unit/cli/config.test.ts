/** ansible.cfg and ANSIBLE_* at the command line: options left at their defaults take the configured values. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addConnectionOptions } from '../../../src/cli/common.js';
import { applySettings, passwordsFromSettings, settingsWarnings } from '../../../src/cli/config.js';
import { loadSettings } from '../../../src/config/index.js';
import { OptionsError } from '../../../src/util/errors.js';

let dir: string;
let cwd: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'machinist-cli-config-'));
  cwd = path.join(dir, 'project');
  mkdirSync(cwd, { mode: 0o755 });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function command(args: string[], cfgText: string, env: NodeJS.ProcessEnv = {}) {
  writeFileSync(path.join(cwd, 'ansible.cfg'), cfgText);
  const cmd = addConnectionOptions(new Command('play')).exitOverride();
  cmd.parse(args, { from: 'user' });
  const s = loadSettings({ env, cwd, home: path.join(dir, 'home') });
  applySettings(cmd, s);
  return { opts: cmd.opts(), s };
}

describe('applySettings', () => {
  it('fills the options not given from ansible.cfg', () => {
    writeFileSync(path.join(cwd, 'key'), 'k');
    const { opts } = command([], '[defaults]\ninventory = hosts.ini\nremote_user = deploy\nforks = 20\ntimeout = 30\nprivate_key_file = key\nhost_key_checking = False\n[privilege_escalation]\nbecome = yes\nbecome_user = app\n');
    expect(opts).toMatchObject({ inventory: [path.join(cwd, 'hosts.ini')], user: 'deploy', forks: 20, timeout: 30, privateKey: path.join(cwd, 'key'), hostKeyChecking: 'accept-new', become: true, becomeUser: 'app' });
  });

  it('leaves the options given on the command line as given', () => {
    const { opts } = command(['-i', 'other.ini', '-f', '3', '-u', 'me', '--host-key-checking', 'strict'], '[defaults]\ninventory = hosts.ini\nforks = 20\nremote_user = deploy\nhost_key_checking = False\n');
    expect(opts).toMatchObject({ inventory: ['other.ini'], forks: 3, user: 'me', hostKeyChecking: 'strict' });
  });

  it('keeps machinist\'s defaults when nothing is configured, and a variable beats the file', () => {
    expect(command([], '[defaults]\n').opts).toMatchObject({ inventory: [], forks: 50, timeout: 10, hostKeyChecking: 'strict' });
    expect(command([], '[defaults]\nforks = 20\n', { ANSIBLE_FORKS: '7' }).opts.forks).toBe(7);
  });

  it.each([
    { what: 'forks = 0', text: '[defaults]\nforks = 0\n', says: /^--forks must be a positive whole number, not "0" \(from .*ansible\.cfg:2\)$/ },
    { what: 'a become_user that is no user name', text: '[privilege_escalation]\nbecome_user = x;id\n', says: /^--become-user: invalid user name "x;id".* \(from .*ansible\.cfg:2\)$/ },
    { what: 'a private key that is not there', text: '[defaults]\nprivate_key_file = /nonexistent/key\n', says: /^--private-key: cannot read \/nonexistent\/key: no such file \(from .*ansible\.cfg:2\)$/ },
  ])('refuses $what as the option would (exit 5), naming where it comes from', ({ text, says }) => {
    let err: unknown;
    try {
      command([], text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(OptionsError);
    expect((err as Error).message).toMatch(says);
  });
});

describe('settings machinist cannot honour, and passwords in files', () => {
  it('warns about an unsupported setting that is set, at its line', () => {
    writeFileSync(path.join(cwd, 'ansible.cfg'), '[defaults]\nhash_behaviour = merge\nstdout_callback = yaml\n[privilege_escalation]\nbecome_method = sudo\n');
    const w = settingsWarnings(loadSettings({ env: {}, cwd, home: dir }));
    expect(w).toEqual([`${path.join(cwd, 'ansible.cfg')}:2: hash_behaviour = "merge" is not supported by machinist (variables are replaced, never merged); ignored`]);
  });

  it('reads the connection and become passwords from their files (one trailing newline dropped)', () => {
    writeFileSync(path.join(cwd, 'pw'), 's3cret\n');
    const s = loadSettings({ env: { ANSIBLE_BECOME_PASSWORD_FILE: path.join(cwd, 'pw') }, cwd, home: dir });
    expect(passwordsFromSettings(s)).toEqual({ becomePassword: 's3cret' });
    const missing = loadSettings({ env: { ANSIBLE_CONNECTION_PASSWORD_FILE: '/nonexistent/pw' }, cwd, home: dir });
    expect(() => passwordsFromSettings(missing)).toThrow('connection_password_file: cannot read /nonexistent/pw: ENOENT');
  });
});
