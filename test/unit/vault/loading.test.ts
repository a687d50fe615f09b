/**
 * Vaulted data where Ansible reads it, with ansible-vault's own fixtures: whole YAML files and
 * `!vault` values (util/yaml.ts), inventories in YAML and INI, group_vars/host_vars, vars files and
 * -e @file. A wrong or missing password is a located error whose excerpt never shows decrypted
 * lines; an inline value no secret opens fails only where it is used, as in Ansible; revealed values
 * are remembered as secrets and shown by `inventory` as Ansible's JSON shows vault values.
 */
import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseExtraVars } from '../../../src/cli/extra-vars.js';
import { inventoryHost, loadInventory, loadVarsDirs } from '../../../src/inventory/index.js';
import { loadVarsFile } from '../../../src/playbook/vars-files.js';
import { renderValue } from '../../../src/template/index.js';
import { formatLocated, problemsOf } from '../../../src/util/errors.js';
import { parseYaml, plainValue } from '../../../src/util/yaml.js';
import { encryptVault, forgetRevealed, revealedValues, useVaultSecrets, type VaultSecret } from '../../../src/vault/index.js';

const FIX = path.join(__dirname, 'fixtures');
const text = (name: string) => readFileSync(path.join(FIX, name), 'utf8');
const secret = (id: string, password: string): VaultSecret => ({ id, password: Buffer.from(password) });
const MAIN = secret('default', 'hunter2-fixture');
const DEV = secret('dev', 'dev-fixture-pw');
const PROD = secret('prod', 'prod-fixture-pw');

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'vault-load-'));
  useVaultSecrets([MAIN, DEV, PROD]);
  forgetRevealed();
});
afterEach(async () => {
  useVaultSecrets([]);
  await fs.rm(tmp, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(tmp, rel)), { recursive: true });
    await fs.writeFile(path.join(tmp, rel), content);
  }
}

/** What an error shows (file:line:col, message, excerpt, hint), the temporary directory as TMP. */
async function refusal(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    return problemsOf(e).map(formatLocated).join('\n').split(tmp).join('TMP');
  }
  throw new Error('accepted');
}

describe('parseYaml with the vault', () => {
  it.each([
    { what: 'a vaulted file (1.1)', yaml: text('vars-1.1.yml'), value: { db_password: 's3cr3t-from-vault', api_token: 'tok en 42', port: 5432 }, vaulted: true },
    { what: 'a vaulted file (1.2, vault id dev)', yaml: text('vars-1.2-dev.yml'), value: { db_password: 'dev-s3cr3t' }, vaulted: true },
    { what: 'an encrypt_string block (1.1)', yaml: text('encrypt-string-1.1.yml'), value: { db_password: 'inline-s3cr3t' }, vaulted: false },
    { what: 'an encrypt_string block (1.2, prod)', yaml: `x: 1\n${text('encrypt-string-1.2-prod.yml')}\n`, value: { x: 1, api_key: 'prod-inline-key' }, vaulted: false },
  ])('decrypts $what', ({ yaml, value, vaulted }) => {
    const doc = parseYaml(yaml, 'f.yml');
    expect(plainValue(doc.doc.contents, doc.doc)).toEqual(value);
    expect(Boolean(doc.vaulted)).toBe(vaulted);
  });

  it('counts the vault passwords themselves as secrets', () => {
    useVaultSecrets([MAIN, DEV]);
    expect(revealedValues().sort()).toEqual(['dev-fixture-pw', 'hunter2-fixture']);
  });

  it('remembers inline values as secrets, and an alias of one is the plaintext too', () => {
    const doc = parseYaml(`${text('encrypt-string-1.1.yml').replace('db_password:', 'db_password: &pw')}\nagain: *pw\n`, 'f.yml');
    expect(plainValue(doc.doc.contents, doc.doc)).toEqual({ db_password: 'inline-s3cr3t', again: 'inline-s3cr3t' });
    expect(revealedValues()).toEqual(['inline-s3cr3t']);
  });

  it('an inline value is vault_encrypted (the vault_encrypted test), a vaulted file\'s values and other strings are not', () => {
    const read = (yaml: string) => {
      const d = parseYaml(yaml, 'f.yml').doc;
      return plainValue(d.contents, d) as Record<string, unknown>;
    };
    const inline = read(text('encrypt-string-1.1.yml'));
    const file = read(text('vars-1.1.yml'));
    const vars = { a: inline.db_password, b: file.db_password, c: 'plain' };
    expect(renderValue('{{ [a is vault_encrypted, b is vault_encrypted, c is vault_encrypted] }}', vars)).toEqual([true, false, false]);
  });

  it('without a vault password: a vaulted file and a !vault value are refused where they are', async () => {
    useVaultSecrets([]);
    expect(await refusal(() => parseYaml(text('vars-1.1.yml'), 'f.yml'))).toMatchInlineSnapshot(`
      "f.yml:1:1: Attempting to decrypt but no vault secrets found
        1 | $ANSIBLE_VAULT;1.1;AES256
          | ^
        this file is encrypted with Ansible Vault: give the vault password with --ask-vault-pass, --vault-password-file FILE or --vault-id [LABEL@]FILE|prompt"
    `);
    expect(await refusal(() => parseYaml(`a: 1\n${text('encrypt-string-1.1.yml')}`, 'f.yml'))).toMatchInlineSnapshot(`
      "f.yml:2:14: found !vault but no vault password provided
        2 | db_password: !vault |
          |              ^
        give the vault password with --ask-vault-pass, --vault-password-file FILE or --vault-id [LABEL@]FILE|prompt"
    `);
  });

  it('a wrong password for a vaulted file is an error at its first line naming the vault id it needs', async () => {
    useVaultSecrets([secret('default', 'wrong'), secret('ops', 'also wrong')]);
    expect(await refusal(() => parseYaml(text('vars-1.2-dev.yml'), 'f.yml'))).toMatchInlineSnapshot(`
      "f.yml:1:1: Decryption failed (no vault secrets were found that could decrypt) on f.yml
        1 | $ANSIBLE_VAULT;1.2;AES256;dev
          | ^
        it is encrypted for vault id 'dev'; the passwords given (vault id 'default', 'ops') do not open it"
    `);
  });

  it('a !vault value no password opens fails only where it is used, with its place', () => {
    useVaultSecrets([secret('default', 'wrong')]);
    const doc = parseYaml(`plain: 1\n${text('encrypt-string-1.1.yml')}\n`, 'f.yml');
    const vars = plainValue(doc.doc.contents, doc.doc) as Record<string, unknown>;
    expect(vars.plain).toBe(1);
    expect(JSON.parse(JSON.stringify(vars.db_password))).toEqual({ __ansible_vault: expect.stringMatching(/^\$ANSIBLE_VAULT;1\.1;AES256\n/) });
    const reason = 'Decryption failed (no vault secrets were found that could decrypt) on f.yml (the !vault value at f.yml:2:14)';
    expect(() => renderValue('{{ db_password }}', structuredClone(vars))).toThrow(reason);
    expect(() => renderValue({ arg: vars.db_password }, vars)).toThrow(reason);
    expect(renderValue("{{ db_password | default('unused') }}", vars)).toBe('unused');
    expect(renderValue('{{ plain }}', vars)).toBe(1);
  });

  it.each([
    { what: 'a mapping', yaml: 'k: !vault\n  a: 1\n', error: 'f.yml:1:4: a !vault value must be a string, not a mapping' },
    { what: 'a list', yaml: 'k: !vault [a]\n', error: 'f.yml:1:4: a !vault value must be a string, not a list' },
  ])('refuses !vault on $what', async ({ yaml, error }) => {
    expect(await refusal(() => parseYaml(yaml, 'f.yml'))).toContain(error);
  });

  it('a YAML error inside a vaulted file is located but its lines are never shown', async () => {
    await write({ 'bad.yml': encryptVault('ok: 1\nsecret: "never shown\n', MAIN) });
    const shown = await refusal(loadVarsFile(path.join(tmp, 'bad.yml')));
    expect(shown).toMatch(/^TMP\/bad\.yml:\d+:\d+: YAML syntax error/);
    expect(shown).not.toContain('never shown');
    expect(shown).not.toContain(' | ');
  });
});

describe('vars files, group_vars and host_vars', () => {
  it('loadVarsFile (vars_files, role vars, include_vars) decrypts and remembers every string of a vaulted file', async () => {
    await write({ 'v.yml': text('vars-1.1.yml') });
    expect(await loadVarsFile(path.join(tmp, 'v.yml'))).toEqual({ db_password: 's3cr3t-from-vault', api_token: 'tok en 42', port: 5432 });
    expect(revealedValues()).toEqual(['s3cr3t-from-vault', 'tok en 42']);
  });

  it('group_vars and host_vars: whole vaulted files and !vault values', async () => {
    await write({
      'group_vars/all/vault.yml': text('vars-1.2-dev.yml'),
      'group_vars/all/plain.yml': 'app_port: 8080\n',
      'host_vars/web1.yml': `${text('encrypt-string-1.2-prod.yml')}\n`,
    });
    expect(await loadVarsDirs(tmp)).toEqual({ group: { all: { db_password: 'dev-s3cr3t', app_port: 8080 } }, host: { web1: { api_key: 'prod-inline-key' } } });
    expect(revealedValues().sort()).toEqual(['dev-s3cr3t', 'prod-inline-key']);
  });

  it('-e @file decrypts a vaulted file; a wrong password is located in it', async () => {
    await write({ 'extra.yml': text('vars-1.1.yml') });
    expect(await parseExtraVars([`@${path.join(tmp, 'extra.yml')}`])).toMatchObject({ db_password: 's3cr3t-from-vault' });
    useVaultSecrets([DEV]);
    expect(await refusal(parseExtraVars([`@${path.join(tmp, 'extra.yml')}`]))).toContain('TMP/extra.yml:1:1: Decryption failed (no vault secrets were found that could decrypt)');
  });
});

describe('inventories', () => {
  const ini = '[web]\nweb1 ansible_host=10.0.0.5 db_password=from-ini-vault\n\n[web:vars]\napp=shop\n';

  it.each([
    { file: 'hosts.ini', content: () => encryptVault(ini, DEV, 'dev') },
    { file: 'hosts', content: () => encryptVault(ini, MAIN) },
    { file: 'hosts.yml', content: () => encryptVault('web:\n  hosts:\n    web1:\n      ansible_host: 10.0.0.5\n      db_password: from-ini-vault\n  vars:\n    app: shop\n', MAIN) },
  ])('reads a vaulted inventory $file', async ({ file, content }) => {
    await write({ [file]: content() });
    const inv = await loadInventory([path.join(tmp, file)]);
    expect(inventoryHost(inv, 'web1')).toEqual({ ansible_host: '10.0.0.5', app: 'shop', db_password: 'from-ini-vault' });
  });

  it('an INI error in a vaulted inventory is located without showing the line', async () => {
    await write({ 'hosts.ini': encryptVault('[web]\nweb1 secret_word=hidden-value broken\n', MAIN) });
    const shown = await refusal(loadInventory([path.join(tmp, 'hosts.ini')]));
    expect(shown).toMatch(/^TMP\/hosts\.ini:2:\d+: /);
    expect(shown).not.toContain('hidden-value');
  });

  it('a wrong password refuses the inventory at its first line', async () => {
    await write({ 'hosts.ini': encryptVault(ini, secret('default', 'other')) });
    expect(await refusal(loadInventory([path.join(tmp, 'hosts.ini')]))).toContain('TMP/hosts.ini:1:1: Decryption failed (no vault secrets were found that could decrypt)');
  });

  it('inventory --host shows a !vault value as Ansible does ({"__ansible_vault": ...}), a vaulted file value masked', async () => {
    await write({
      'hosts.yml': `all:\n  hosts:\n    web1:\n      plain: visible\n${text('encrypt-string-1.1.yml').replace(/^/gm, '      ')}\n`,
      'group_vars/all.yml': text('vars-1.2-dev.yml'),
    });
    const shown = inventoryHost(await loadInventory([path.join(tmp, 'hosts.yml')]), 'web1');
    expect(shown).toEqual({
      plain: 'visible',
      db_password: { __ansible_vault: expect.stringMatching(/^\$ANSIBLE_VAULT;1\.1;AES256\n[0-9a-f\n]+$/) },
    });
    expect(JSON.stringify(shown)).not.toContain('inline-s3cr3t');
  });
});
