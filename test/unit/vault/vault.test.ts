/**
 * The vault crypto against files the real ansible-vault wrote (fixtures/README.md): they decrypt
 * here, machinist writes byte for byte what ansible-core writes for the same salt, vault ids pick
 * their secret first, and a wrong or missing password or a damaged file is a clear VaultError.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decryptVault, encryptSecret, encryptVault, formatEnvelope, isVaulted, parseEnvelope, VaultError, VaultFormatError, type VaultSecret } from '../../../src/vault/index.js';

const fixture = (name: string) => readFileSync(path.join(__dirname, 'fixtures', name));
const secret = (id: string, password: string): VaultSecret => ({ id, password: Buffer.from(password) });
const MAIN = secret('default', 'hunter2-fixture');
const DEV = secret('dev', 'dev-fixture-pw');
const PROD = secret('prod', 'prod-fixture-pw');

/** The envelope of an encrypt_string fixture: the block after `!vault |`, unindented. */
function inline(name: string): string {
  return fixture(name).toString('utf8').split('\n').slice(1).map((l) => l.trim()).join('\n');
}

describe('decrypting what ansible-vault wrote', () => {
  it.each([
    { file: 'vars-1.1.yml', secrets: [MAIN], plaintext: 'db_password: s3cr3t-from-vault\napi_token: "tok en 42"\nport: 5432\n', id: 'default' },
    { file: 'vars-1.2-dev.yml', secrets: [MAIN, DEV], plaintext: 'db_password: dev-s3cr3t\n', id: 'dev' },
    { file: 'vars-1.2-dev.yml', secrets: [secret('other', 'dev-fixture-pw')], plaintext: 'db_password: dev-s3cr3t\n', id: 'other' },
    { file: 'empty.txt', secrets: [MAIN], plaintext: '', id: 'default' },
    { file: 'known-answer-1.1.vault', secrets: [MAIN], plaintext: 'known answer: café\n', id: 'default' },
    { file: 'known-answer-1.2-dev.vault', secrets: [secret('dev', 'hunter2-fixture')], plaintext: 'known answer: café\n', id: 'dev' },
  ])('$file with $secrets.length secret(s)', ({ file, secrets, plaintext, id }) => {
    const d = decryptVault(fixture(file), secrets);
    expect(d.plaintext.toString('utf8')).toBe(plaintext);
    expect(d.vaultId).toBe(id);
  });

  it('decrypts a binary file to its exact bytes', () => {
    expect(decryptVault(fixture('binary.bin.vault'), [MAIN]).plaintext.equals(fixture('binary.bin'))).toBe(true);
  });

  it.each([
    { file: 'encrypt-string-1.1.yml', secrets: [MAIN], plaintext: 'inline-s3cr3t' },
    { file: 'encrypt-string-1.2-prod.yml', secrets: [MAIN, PROD], plaintext: 'prod-inline-key' },
  ])('decrypts encrypt_string output $file', ({ file, secrets, plaintext }) => {
    expect(decryptVault(inline(file), secrets).plaintext.toString()).toBe(plaintext);
  });

  it("tries the secret of the envelope's vault id first, then the others in order", () => {
    // DEV's password is wrong for a 1.1 file: MAIN (default id) is tried first anyway
    expect(decryptVault(fixture('vars-1.1.yml'), [DEV, MAIN]).vaultId).toBe('default');
    // the dev envelope: DEV first, though given last
    expect(decryptVault(fixture('vars-1.2-dev.yml'), [MAIN, PROD, DEV]).vaultId).toBe('dev');
  });

  it('with vault ids that must match, only the secret of the envelope id is tried', () => {
    expect(() => decryptVault(fixture('vars-1.2-dev.yml'), [secret('other', 'dev-fixture-pw')], { idMatch: true })).toThrow(
      'Decryption failed (no vault secrets were found that could decrypt)',
    );
  });
});

describe('vault errors', () => {
  it.each([
    { what: 'a wrong password', data: fixture('vars-1.1.yml'), secrets: [secret('default', 'wrong')], error: 'Decryption failed (no vault secrets were found that could decrypt) on f.yml', type: VaultError },
    { what: 'no password at all', data: fixture('vars-1.1.yml'), secrets: [], error: 'Attempting to decrypt but no vault secrets found', type: VaultError },
    { what: 'plain text', data: Buffer.from('a: 1\n'), secrets: [MAIN], error: 'input is not vault encrypted data. f.yml is not a vault encrypted file', type: VaultError },
    { what: 'another cipher', data: Buffer.from('$ANSIBLE_VAULT;1.1;AES\n6162\n'), secrets: [MAIN], error: 'AES cipher could not be found', type: VaultError },
    { what: 'an odd number of hex digits', data: Buffer.from('$ANSIBLE_VAULT;1.1;AES256\n616\n'), secrets: [MAIN], error: 'Odd-length string', type: VaultFormatError },
    { what: 'a character that is no hex digit', data: Buffer.from('$ANSIBLE_VAULT;1.1;AES256\n61zz\n'), secrets: [MAIN], error: 'Non-hexadecimal digit found', type: VaultFormatError },
    { what: 'a body without salt and HMAC', data: Buffer.from('$ANSIBLE_VAULT;1.1;AES256\n6162\n'), secrets: [MAIN], error: 'not enough values to unpack', type: VaultFormatError },
    { what: 'a header without a cipher', data: Buffer.from('$ANSIBLE_VAULT;1.1\n6162\n'), secrets: [MAIN], error: 'Vault envelope format error in f.yml', type: VaultFormatError },
  ])('$what', ({ data, secrets, error, type }) => {
    let thrown: unknown;
    try {
      decryptVault(data, secrets, { file: 'f.yml' });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(type);
    expect((thrown as Error).message).toContain(error);
  });

  it('a damaged ciphertext fails its HMAC, never yields wrong plaintext', () => {
    const text = fixture('vars-1.1.yml').toString();
    const damaged = text.slice(0, 100) + (text[100] === '3' ? '4' : '3') + text.slice(101);
    expect(() => decryptVault(damaged, [MAIN])).toThrow('Decryption failed');
  });
});

describe('encrypting as ansible-vault does', () => {
  const salt = Buffer.from(Array.from({ length: 32 }, (_, i) => i));

  it.each([
    { file: 'known-answer-1.1.vault', vaultId: 'default' },
    { file: 'known-answer-1.2-dev.vault', vaultId: 'dev' },
  ])('writes $file byte for byte for the same salt', ({ file, vaultId }) => {
    expect(encryptVault('known answer: café\n', MAIN, vaultId, salt)).toBe(fixture(file).toString('latin1'));
  });

  it('round-trips any bytes, and a fresh salt each time', () => {
    const data = Buffer.from([0, 1, 2, 255, 10, 13, 0x80]);
    const a = encryptVault(data, DEV);
    const b = encryptVault(data, DEV);
    expect(a).not.toBe(b);
    expect(decryptVault(a, [DEV]).plaintext.equals(data)).toBe(true);
  });

  it('refuses to encrypt what is already encrypted', () => {
    expect(() => encryptVault(fixture('vars-1.1.yml'), MAIN)).toThrow('input is already encrypted');
  });

  it.each([
    { body: 'ab'.repeat(100), id: undefined, header: '$ANSIBLE_VAULT;1.1;AES256', lines: [80, 80, 40] },
    { body: 'ab'.repeat(40), id: 'default', header: '$ANSIBLE_VAULT;1.1;AES256', lines: [80] },
    { body: 'ab', id: 'prod', header: '$ANSIBLE_VAULT;1.2;AES256;prod', lines: [2] },
  ])('envelope with vault id $id: header, 80-column lines, final newline', ({ body, id, header, lines }) => {
    const env = formatEnvelope(body, 'AES256', id);
    const parts = env.split('\n');
    expect(parts[0]).toBe(header);
    expect(parts.slice(1, -1).map((l) => l.length)).toEqual(lines);
    expect(parts.at(-1)).toBe('');
    expect(parseEnvelope(env)).toEqual({ version: header.split(';')[1], cipher: 'AES256', vaultId: id ?? 'default', body });
  });

  it.each([
    { given: undefined, secrets: [DEV, PROD], chosen: 'dev' },
    { given: 'prod', secrets: [DEV, PROD], chosen: 'prod' },
  ])('encrypts with --encrypt-vault-id $given or else the first secret', ({ given, secrets, chosen }) => {
    expect(encryptSecret(secrets, given).id).toBe(chosen);
  });

  it('an --encrypt-vault-id no secret has is an error naming the known ids', () => {
    expect(() => encryptSecret([DEV], 'prod')).toThrow("Did not find a match for --encrypt-vault-id=prod in the known vault-ids ['dev']");
  });
});

describe('isVaulted', () => {
  it.each([
    { data: '$ANSIBLE_VAULT;1.1;AES256\n', vaulted: true },
    { data: 'key: $ANSIBLE_VAULT', vaulted: false },
    { data: '$ANSIBLE_VAULT;1.1;AES256\ncafé', vaulted: false },
    { data: '', vaulted: false },
  ])('$data → $vaulted', ({ data, vaulted }) => {
    expect(isVaulted(data)).toBe(vaulted);
    expect(isVaulted(Buffer.from(data))).toBe(vaulted);
  });
});
