/**
 * Vault-encrypted controller files through the real LocalConnection, as Ansible's loader reads
 * them: copy (a file and a tree) and script send them decrypted unless `decrypt: false`, template
 * renders the decrypted template; the plaintext (and what it renders to) is remembered as a secret.
 * A file no vault password opens fails the task with the reason.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyModule } from '../../../../src/modules/files/copy.js';
import { templateModule } from '../../../../src/modules/files/template.js';
import { scriptModule } from '../../../../src/modules/system/script.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { encryptVault, forgetRevealed, revealedValues, useVaultSecrets, type VaultSecret } from '../../../../src/vault/index.js';
import { diffs, runModule } from './run.js';

const SECRET: VaultSecret = { id: 'default', password: Buffer.from('files-vault-pw') };
let dir: string;
let base: string;
const t = (...p: string[]) => path.join(dir, ...p);
const vaulted: Record<string, string> = {
  'files/secret.conf': 'password=copy-S3cret\n',
  'files/tree/inner.txt': 'tree-S3cret\n',
  'templates/app.conf.j2': 'user={{ user }}\ntoken=tmpl-S3cret\n',
  'files/run.sh': 'echo script-S3cret "$1"\n',
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-vault-src-'));
  base = t('ctl');
  mkdirSync(path.join(base, 'files', 'tree'), { recursive: true });
  mkdirSync(path.join(base, 'templates'), { recursive: true });
  for (const [rel, text] of Object.entries(vaulted)) writeFileSync(path.join(base, rel), encryptVault(text, SECRET));
  writeFileSync(path.join(base, 'files', 'tree', 'plain.txt'), 'plain\n');
  chmodSync(path.join(base, 'files', 'run.sh'), 0o700);
  useVaultSecrets([SECRET]);
});
afterAll(() => {
  useVaultSecrets([]);
  rmSync(dir, { recursive: true, force: true });
});

describe('vault-encrypted sources', () => {
  it('copy sends a vaulted file decrypted; its plaintext is then a secret', async () => {
    forgetRevealed();
    const r = await runModule(copyModule, { src: 'secret.conf', dest: t('secret.conf') }, { baseDir: base, diff: true });
    expect(r.changed).toBe(true);
    expect(readFileSync(t('secret.conf'), 'utf8')).toBe('password=copy-S3cret\n');
    expect(revealedValues()).toContain('password=copy-S3cret\n');
    expect(diffs(r.diff)[0].after).toBe('password=copy-S3cret\n'); // the engine masks it in events
    expect((await runModule(copyModule, { src: 'secret.conf', dest: t('secret.conf') }, { baseDir: base })).changed).toBe(false);
  });

  it('copy with decrypt: false sends the vault file as it is', async () => {
    await runModule(copyModule, { src: 'secret.conf', dest: t('still-vaulted.conf'), decrypt: false }, { baseDir: base });
    expect(readFileSync(t('still-vaulted.conf'), 'utf8')).toBe(readFileSync(path.join(base, 'files', 'secret.conf'), 'utf8'));
  });

  it('copy of a directory decrypts the vaulted files in it', async () => {
    await runModule(copyModule, { src: 'tree/', dest: t('tree') }, { baseDir: base });
    expect(readFileSync(t('tree', 'inner.txt'), 'utf8')).toBe('tree-S3cret\n');
    expect(readFileSync(t('tree', 'plain.txt'), 'utf8')).toBe('plain\n');
  });

  it('template renders the decrypted template; what it renders to is a secret too', async () => {
    forgetRevealed();
    const render = (text: string, vars: Record<string, unknown>) => text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, k: string) => String(vars[k]));
    await runModule(templateModule, { src: 'app.conf.j2', dest: t('app.conf') }, { baseDir: base, vars: { user: 'web' }, render });
    expect(readFileSync(t('app.conf'), 'utf8')).toBe('user=web\ntoken=tmpl-S3cret\n');
    expect(revealedValues()).toContain('user=web\ntoken=tmpl-S3cret\n');
  });

  it('script runs the decrypted script', async () => {
    const r = await runModule(scriptModule, { cmd: 'run.sh arg' }, { baseDir: base });
    expect(r.result.stdout).toBe('script-S3cret arg\n');
  });

  it('a vaulted source no password opens fails the task with the reason', async () => {
    useVaultSecrets([{ id: 'default', password: Buffer.from('wrong') }]);
    try {
      const e = await runModule(copyModule, { src: 'secret.conf', dest: t('never.conf') }, { baseDir: base }).catch((x) => x);
      expect(e).toBeInstanceOf(ModuleFailure);
      expect(e.message).toContain('Decryption failed (no vault secrets were found that could decrypt) on');
    } finally {
      useVaultSecrets([SECRET]);
    }
  });
});
