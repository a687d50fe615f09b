/**
 * Both ways with the real ansible-vault: what machinist encrypts (files, 1.1 and 1.2 with vault ids,
 * encrypt_string blocks) ansible-vault decrypts, and what ansible-vault encrypts now machinist
 * decrypts. Runs only where ansible-vault is installed (CI has no Ansible; the fixtures it wrote
 * are tested in vault.test.ts everywhere).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vaultYaml } from '../../../src/cli/vault.js';
import { decryptVault, encryptVault, type VaultSecret } from '../../../src/vault/index.js';

const installed = spawnSync('ansible-vault', ['--version'], { stdio: 'ignore' }).status === 0;
const SKIP = 'ansible-vault is not installed (CI has no Ansible): skipped';

const secret = (id: string, password: string): VaultSecret => ({ id, password: Buffer.from(password) });

describe.skipIf(!installed)(installed ? 'with the real ansible-vault' : `with the real ansible-vault — ${SKIP}`, () => {
  let dir: string;
  const pwFile = (name: string, password: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, `${password}\n`);
    return f;
  };
  const ansibleVault = (args: string[], input?: string) => execFileSync('ansible-vault', args, { cwd: dir, input, timeout: 60_000, env: { ...process.env, ANSIBLE_NOCOLOR: '1' } });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'machinist-vault-interop-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    { vaultId: 'default', header: '$ANSIBLE_VAULT;1.1;AES256', source: (f: string) => ['--vault-password-file', f] },
    { vaultId: 'staging', header: '$ANSIBLE_VAULT;1.2;AES256;staging', source: (f: string) => ['--vault-id', `staging@${f}`] },
  ])('ansible-vault decrypts a file machinist encrypted with vault id $vaultId', ({ vaultId, header, source }) => {
    const plaintext = `user: app\npassword: "s3cr3t ${vaultId}"\nbinary: caf\u00e9\n`;
    const file = path.join(dir, `m-${vaultId}.yml`);
    const envelope = encryptVault(plaintext, secret(vaultId, 'interop-pw'), vaultId);
    expect(envelope.split('\n')[0]).toBe(header);
    writeFileSync(file, envelope);
    expect(ansibleVault(['view', ...source(pwFile(`pw-${vaultId}`, 'interop-pw')), file]).toString('utf8')).toBe(plaintext);
  }, 60_000);

  it('ansible-vault decrypts an encrypt_string block machinist wrote', () => {
    const block = vaultYaml(encryptVault('inline value', secret('dev', 'interop-pw'), 'dev'), 'token');
    // the block's envelope, unindented, is what ansible-vault decrypts from stdin
    const envelope = block.split('\n').slice(1).map((l) => l.trim()).join('\n') + '\n';
    expect(ansibleVault(['decrypt', '--vault-id', `dev@${pwFile('pw-dev', 'interop-pw')}`, '--output', '-'], envelope).toString()).toBe('inline value');
  }, 60_000);

  it('machinist decrypts what ansible-vault encrypts now, with and without vault ids', () => {
    const plain = path.join(dir, 'a.yml');
    writeFileSync(plain, 'a: 1\n');
    ansibleVault(['encrypt', '--vault-id', `prod@${pwFile('pw-prod', 'prod-pw')}`, plain]);
    expect(decryptVault(readFileSync(plain), [secret('dev', 'x'), secret('prod', 'prod-pw')]).plaintext.toString()).toBe('a: 1\n');
    const out = ansibleVault(['encrypt_string', '--vault-password-file', pwFile('pw-main', 'main-pw'), 'just a string']).toString();
    const envelope = out.split('\n').slice(1).map((l) => l.trim()).join('\n');
    expect(decryptVault(envelope, [secret('default', 'main-pw')]).plaintext.toString()).toBe('just a string');
  }, 60_000);
});
