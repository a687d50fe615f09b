/**
 * Ansible Vault through the built CLI against a real sshd: secrets kept by `machinist vault` in a
 * vaulted group_vars file (the become password among them), a `!vault` value of another vault id
 * (its password from a -client script) and a vaulted vars file whose password comes from
 * ANSIBLE_VAULT_IDENTITY_LIST. The play uses them in a command, an environment and a file: the
 * values never appear in the plain -v --diff output nor in --json, nor in the argv of the processes
 * on the host while the task runs (sudo's included); debug shows one on purpose. A wrong password
 * refuses the play (exit 4, file:line) before any host is contacted; `vault view` says so (exit 1).
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { recapOf, runCli } from './run-cli.js';

const BECOME_PW = 'Become pass 4 vault';
const DB_PASSWORD = 'db-S3cret-from-vault';
const API_TOKEN = "api-T0ken-it's-inline";
const DEV_VALUE = 'dev-only-Value-77';
const SECRETS = [BECOME_PW, DB_PASSWORD, API_TOKEN, DEV_VALUE];

describe.skipIf(skipReason())('Ansible Vault over SSH', () => {
  let sshd: Sshd;
  let dir: string;
  let out: string;
  const at = (...p: string[]) => path.join(dir, ...p);
  const vaultArgs = () => ['--vault-password-file', at('main.pw'), '--vault-id', `prod@${at('vault-client.sh')}`];
  const env = () => ({ ANSIBLE_VAULT_IDENTITY_LIST: `dev@${at('dev.pw')}` });

  async function cli(args: string[], input?: string) {
    const r = await runCli(args, { env: env(), ...(input !== undefined ? { stdin: input } : {}) });
    return { ...r, all: r.stdout + r.stderr };
  }

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser('mvault', { password: BECOME_PW, sudo: true });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-vault-'));
    out = at('out');
    await fs.mkdir(out, { mode: 0o755 });
    await fs.mkdir(at('group_vars', 'all'), { recursive: true });
    await fs.mkdir(at('vars'));
    await fs.writeFile(at('main.pw'), 'main vault pw\n');
    await fs.writeFile(at('dev.pw'), 'dev vault pw\n');
    await fs.writeFile(at('vault-client.sh'), '#!/bin/sh\n[ "$2" = prod ] || exit 2\necho "prod vault pw"\n', { mode: 0o700 });
    await fs.writeFile(
      at('inventory.yml'),
      [
        'all:',
        '  hosts:',
        '    h1:',
        `      ansible_host: ${sshd.host}`,
        `      ansible_port: ${sshd.port}`,
        '      ansible_user: mvault',
        `      ansible_ssh_private_key_file: ${sshd.clientKeyPath}`,
        `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsPath}`,
      ].join('\n') + '\n',
    );
    // group_vars/all/vault.yml and vars/dev.yml encrypted whole by machinist vault encrypt
    await fs.writeFile(at('group_vars', 'all', 'vault.yml'), `ansible_become_password: "${BECOME_PW}"\nvault_db_password: ${DB_PASSWORD}\n`);
    await fs.writeFile(at('vars', 'dev.yml'), `dev_value: ${DEV_VALUE}\n`);
    for (const [file, pw] of [
      [at('group_vars', 'all', 'vault.yml'), ['--vault-password-file', at('main.pw')]],
      [at('vars', 'dev.yml'), ['--vault-id', `dev@${at('dev.pw')}`]],
    ] as const) {
      const r = await runCli(['vault', 'encrypt', ...pw, file]);
      expect(r.code, r.stderr).toBe(0);
    }
    const inline = await runCli(['vault', 'encrypt_string', '--vault-id', `prod@${at('vault-client.sh')}`, '--name', 'api_token', API_TOKEN]);
    expect(inline.code, inline.stderr).toBe(0);
    expect(inline.stdout).toMatch(/^api_token: !vault \|\n {10}\$ANSIBLE_VAULT;1\.2;AES256;prod\n/);
    const play = (tasks: string) =>
      ['- hosts: all', '  gather_facts: false', '  become: true', '  vars_files: [vars/dev.yml]', '  vars:', ...inline.stdout.split('\n').map((l) => `    ${l}`), '  tasks:', tasks].join('\n') + '\n';
    await fs.writeFile(
      at('site.yml'),
      play(
        [
          '    - name: the secrets reach the host in the environment, never in an argv',
          '      shell: ps -eo args > {{ out }}/ps.txt; printf %s "$DB$DEV" | sha256sum > {{ out }}/env.sha',
          '      environment: { DB: "{{ vault_db_password }}", DEV: "{{ dev_value }}" }',
          '    - command: echo "{{ api_token }}"',
          '      register: echoed',
          '    - assert: { that: ["echoed.stdout == api_token"] }',
          '    - copy: { content: "{{ vault_db_password }}\\n", dest: "{{ out }}/db.txt", mode: "0600" }',
        ].join('\n'),
      ),
    );
    await fs.writeFile(at('debug.yml'), play('    - debug: { var: api_token }'));
  });

  afterAll(async () => {
    await sshd?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('uses every vaulted value and shows none of them (-v --diff, then --json)', async () => {
    const plain = await cli(['play', at('site.yml'), '-i', at('inventory.yml'), '-e', `out=${out}`, '-v', '--diff', ...vaultArgs()]);
    expect(plain.code, plain.all).toBe(0);
    expect(recapOf(plain.stdout, 'h1')).toMatchObject({ ok: 4, failed: 0 });
    expect(plain.all).toContain('VALUE_SPECIFIED_IN_NO_LOG_PARAMETER');
    for (const s of SECRETS) expect(plain.all).not.toContain(s);

    // the host got them: in the environment, in the file (written as root)
    expect((await fs.readFile(path.join(out, 'env.sha'), 'utf8')).split(' ')[0]).toBe(createHash('sha256').update(DB_PASSWORD + DEV_VALUE).digest('hex'));
    expect(await fs.readFile(path.join(out, 'db.txt'), 'utf8')).toBe(`${DB_PASSWORD}\n`);
    // while the task ran, no process on the host had one in its arguments (sudo's stays up meanwhile)
    const ps = await fs.readFile(path.join(out, 'ps.txt'), 'utf8');
    expect(ps).toMatch(/sudo .*-u root/);
    for (const s of SECRETS) expect(ps).not.toContain(s);

    const json = await cli(['play', at('site.yml'), '-i', at('inventory.yml'), '-e', `out=${out}`, '--json', ...vaultArgs()]);
    expect(json.code, json.all).toBe(0);
    expect(JSON.parse(json.stdout)).toBeTruthy();
    for (const s of SECRETS) expect(json.all).not.toContain(s);
  });

  it('debug shows a vaulted value on purpose, as Ansible', async () => {
    const r = await cli(['play', at('debug.yml'), '-i', at('inventory.yml'), ...vaultArgs()]);
    expect(r.code, r.all).toBe(0);
    expect(r.stdout).toContain(`"api_token": ${JSON.stringify(API_TOKEN)}`);
  });

  it('inventory --host shows the vaulted values of group_vars masked', async () => {
    const r = await cli(['inventory', '-i', at('inventory.yml'), '--host', 'h1', ...vaultArgs()]);
    expect(r.code, r.all).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ vault_db_password: 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER' });
    for (const s of SECRETS) expect(r.all).not.toContain(s);
  });

  it('a wrong password refuses the play at the file it cannot open, before any host is contacted (exit 4)', async () => {
    await fs.writeFile(at('wrong.pw'), 'not it\n');
    const r = await cli(['play', at('site.yml'), '-i', at('inventory.yml'), '-e', `out=${out}`, '--vault-password-file', at('wrong.pw'), '--vault-id', `prod@${at('vault-client.sh')}`]);
    expect(r.code, r.all).toBe(4);
    expect(r.stderr).toContain(`${at('group_vars', 'all', 'vault.yml')}:1:1: Decryption failed (no vault secrets were found that could decrypt)`);
    expect(r.stderr).toContain('nothing was contacted or changed');
    expect(r.stdout).not.toContain('PLAY');
  });

  it('no vault password at all refuses the play at the first vaulted value, naming the options (exit 4)', async () => {
    const r = await runCli(['play', at('site.yml'), '-i', at('inventory.yml'), '-e', `out=${out}`]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`${at('site.yml')}:6:16: found !vault but no vault password provided`);
    expect(r.stderr).toContain('--ask-vault-pass');
  });

  it('vault view with a wrong password is exit 1 with Ansible message; the right one shows the plaintext', async () => {
    const wrong = await runCli(['vault', 'view', '--vault-password-file', at('wrong.pw'), at('vars', 'dev.yml')]);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`ERROR: Decryption failed (no vault secrets were found that could decrypt) on ${at('vars', 'dev.yml')} for ${at('vars', 'dev.yml')}`);
    const right = await cli(['vault', 'view', '--vault-id', `dev@${at('dev.pw')}`, at('vars', 'dev.yml')]);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout).toBe(`dev_value: ${DEV_VALUE}\n`);
  });
});
