/**
 * `machinist vault` as a user runs it (the built binary; no host needed): encrypt and decrypt in
 * place, from stdin and to --output; encrypt_string; rekey to another vault id; edit and create
 * through $EDITOR with the private temporary gone afterwards; the options Ansible refuses (exit 5)
 * and a wrong password (exit 1). What it writes the real ansible-vault reads, where installed.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const ansibleVault = spawnSync('ansible-vault', ['--version'], { stdio: 'ignore' }).status === 0;

describe('machinist vault', () => {
  let dir: string;
  const at = (...p: string[]) => path.join(dir, ...p);
  const mode = async (f: string) => ((await fs.stat(f)).mode & 0o777).toString(8);

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-vault-cmd-'));
    await fs.writeFile(at('pw'), 'first pw\n');
    await fs.writeFile(at('pw2'), 'second pw\n');
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('encrypts a file in place (mode 0600) and decrypts it back', async () => {
    await fs.writeFile(at('a.yml'), 'key: value\n', { mode: 0o644 });
    const enc = await runCli(['vault', 'encrypt', '--vault-password-file', at('pw'), at('a.yml')]);
    expect(enc.code, enc.stderr).toBe(0);
    const text = await fs.readFile(at('a.yml'), 'utf8');
    expect(text).toMatch(/^\$ANSIBLE_VAULT;1\.1;AES256\n([0-9a-f]{80}\n)+[0-9a-f]{1,80}\n$/);
    expect(await mode(at('a.yml'))).toBe('600');
    if (ansibleVault) expect(spawnSync('ansible-vault', ['view', '--vault-password-file', at('pw'), at('a.yml')]).stdout.toString()).toBe('key: value\n');
    const dec = await runCli(['vault', 'decrypt', '--vault-password-file', at('pw'), at('a.yml')]);
    expect(dec.code, dec.stderr).toBe(0);
    expect(await fs.readFile(at('a.yml'), 'utf8')).toBe('key: value\n');
  });

  it('reads stdin and writes --output -, with a vault id', async () => {
    const enc = await runCli(['vault', 'encrypt', '--vault-id', `ops@${at('pw')}`, '--output', '-'], { stdin: 'piped\n' });
    expect(enc.code, enc.stderr).toBe(0);
    expect(enc.stdout.split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;ops');
    const dec = await runCli(['vault', 'decrypt', '--vault-id', `ops@${at('pw')}`], { stdin: enc.stdout });
    expect(dec).toMatchObject({ code: 0, stdout: 'piped\n' });
  });

  it('encrypt_string writes the block Ansible writes, and it opens again', async () => {
    const r = await runCli(['vault', 'encrypt_string', '--vault-password-file', at('pw'), '--stdin-name', 'db_password'], { stdin: 'from stdin' });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^db_password: !vault \|\n( {10}\$ANSIBLE_VAULT;1\.1;AES256\n)( {10}[0-9a-f]{1,80}\n)*( {10}[0-9a-f]{1,80})$/);
    if (ansibleVault) {
      const envelope = r.stdout.split('\n').slice(1).map((l) => l.trim()).join('\n') + '\n';
      expect(spawnSync('ansible-vault', ['decrypt', '--vault-password-file', at('pw'), '--output', '-'], { input: envelope }).stdout.toString()).toBe('from stdin');
    }
  });

  it('rekeys to a new vault id, keeping the mode', async () => {
    await fs.writeFile(at('r.yml'), 'r: 1\n');
    expect((await runCli(['vault', 'encrypt', '--vault-password-file', at('pw'), at('r.yml')])).code).toBe(0);
    await fs.chmod(at('r.yml'), 0o640);
    const r = await runCli(['vault', 'rekey', '--vault-password-file', at('pw'), '--new-vault-id', `prod@${at('pw2')}`, at('r.yml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Rekey successful');
    expect((await fs.readFile(at('r.yml'), 'utf8')).split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;prod');
    expect(await mode(at('r.yml'))).toBe('640');
    expect((await runCli(['vault', 'view', '--vault-id', `prod@${at('pw2')}`, at('r.yml')])).stdout).toBe('r: 1\n');
  });

  it('edit goes through $EDITOR on a private temporary, removed afterwards; create makes a new file', async () => {
    const editor = at('editor.sh');
    // the editor records where its file was and how private it was, then changes it
    await fs.writeFile(editor, `#!/bin/sh\nstat -c '%a %n' "$1" "$(dirname "$1")" > ${at('seen')}\nsed -i s/1/2/ "$1"\n`, { mode: 0o755 });
    await fs.writeFile(at('e.yml'), 'e: 1\n');
    expect((await runCli(['vault', 'encrypt', '--vault-id', `dev@${at('pw')}`, at('e.yml')])).code).toBe(0);
    const r = await runCli(['vault', 'edit', '--vault-id', `dev@${at('pw')}`, at('e.yml')], { env: { EDITOR: editor } });
    expect(r.code, r.stderr).toBe(0);
    const [fileLine, dirLine] = (await fs.readFile(at('seen'), 'utf8')).trim().split('\n');
    expect(fileLine).toMatch(/^600 .*\.yml$/);
    expect(dirLine.split(' ')[0]).toBe('700');
    // the temporary and its directory are gone
    await expect(fs.stat(fileLine.split(' ')[1])).rejects.toThrow();
    await expect(fs.stat(dirLine.split(' ')[1])).rejects.toThrow();
    expect((await fs.readFile(at('e.yml'), 'utf8')).split('\n')[0]).toBe('$ANSIBLE_VAULT;1.2;AES256;dev');
    expect((await runCli(['vault', 'view', '--vault-id', `dev@${at('pw')}`, at('e.yml')])).stdout).toBe('e: 2\n');

    await fs.writeFile(editor, '#!/bin/sh\necho "made: 1" > "$1"\n');
    const c = await runCli(['vault', 'create', '--vault-password-file', at('pw'), at('new', 'c.yml')], { env: { EDITOR: editor } });
    expect(c.code, c.stderr).toBe(0);
    expect((await runCli(['vault', 'view', '--vault-password-file', at('pw'), at('new', 'c.yml')])).stdout).toBe('made: 1\n');
  });

  it.each([
    { args: ['encrypt', '--vault-id', 'a;b@/x', 'f'], code: 5, error: "'a;b@/x' is not a valid vault id. The character ';' is not allowed in vault ids" },
    { args: ['decrypt', '--output', 'o', 'f1', 'f2'], code: 5, error: 'At most one input file may be used with the --output option' },
    { args: ['encrypt', '--vault-id', 'a@PW', '--vault-id', 'b@PW', 'f'], code: 5, error: 'The vault-ids a,b are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id' },
    { args: ['encrypt', '--vault-id', 'a@PW', '--encrypt-vault-id', 'z', 'f'], code: 1, error: "Did not find a match for --encrypt-vault-id=z in the known vault-ids ['a']" },
    { args: ['view', '--vault-password-file', 'PW2', 'ENC'], code: 1, error: 'Decryption failed (no vault secrets were found that could decrypt) on ENC for ENC' },
    { args: ['view', '--vault-password-file', 'NONE', 'ENC'], code: 1, error: 'The vault password file NONE was not found' },
  ])('vault $args.0 refuses: $error (exit $code)', async ({ args, code, error }) => {
    await fs.writeFile(at('enc.yml'), '');
    expect((await runCli(['vault', 'encrypt', '--vault-password-file', at('pw'), at('enc.yml')])).code).toBe(0);
    const swap = (s: string) => s.replace('PW2', at('pw2')).replace('PW', at('pw')).replace('ENC', at('enc.yml')).replace('NONE', at('none'));
    const r = await runCli(['vault', ...args.map(swap)]);
    expect(r.code, r.stderr).toBe(code);
    expect(r.stderr).toContain(swap(swap(error)));
  });
});
