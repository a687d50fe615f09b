/**
 * Encrypting and decrypting with vault secrets, as Ansible's VaultLib: a secret is a password under
 * a vault id (a label; 'default' when none was given). Decrypting tries the secret of the
 * envelope's own vault id first, then (unless vault ids must match) every other secret in the order
 * given; the first that opens it wins. Encrypting writes a 1.1 envelope, or 1.2 with the id when it
 * is not 'default'.
 */
import { decryptAes256, encryptAes256 } from './aes256.js';
import { CIPHERS, formatEnvelope, isVaulted, parseEnvelope, VaultError, VaultFormatError } from './envelope.js';

export interface VaultSecret {
  /** The vault id (label) the password was given for. */
  id: string;
  /** The password's bytes. */
  password: Buffer;
}

export interface DecryptOptions {
  /** A file name for messages. */
  file?: string;
  /** Only the secret of the envelope's own vault id may open it (ANSIBLE_VAULT_ID_MATCH). */
  idMatch?: boolean;
  /** The vault id of a 1.1 envelope (ANSIBLE_VAULT_IDENTITY; 'default'). */
  defaultId?: string;
}

export interface Decrypted {
  plaintext: Buffer;
  /** The id of the secret that opened it. */
  vaultId: string;
  secret: VaultSecret;
  /** The vault id the envelope names (the default one for 1.1). */
  envelopeId: string;
}

/** The candidates for an envelope of vault id `id`, in the order they are tried. */
function candidates(secrets: VaultSecret[], id: string, idMatch: boolean): VaultSecret[] {
  const own = secrets.filter((s) => s.id === id);
  if (idMatch) return own;
  return [...own, ...secrets.filter((s) => s.id !== id)];
}

/** Decrypt vault data with the first secret that opens it; throws VaultError with Ansible's words. */
export function decryptVault(data: string | Buffer, secrets: VaultSecret[], opts: DecryptOptions = {}): Decrypted {
  const on = opts.file ? ` on ${opts.file}` : '';
  if (!isVaulted(data)) {
    throw new VaultError(`input is not vault encrypted data${opts.file ? `. ${opts.file} is not a vault encrypted file` : ''}`);
  }
  const env = parseEnvelope(typeof data === 'string' ? data : data.toString('latin1'), opts.defaultId ?? 'default', opts.file);
  if (!CIPHERS.includes(env.cipher)) throw new VaultError(`${env.cipher} cipher could not be found`);
  if (!secrets.length) throw new VaultError('Attempting to decrypt but no vault secrets found');
  for (const secret of candidates(secrets, env.vaultId, opts.idMatch ?? false)) {
    try {
      return { plaintext: decryptAes256(env.body, secret.password), vaultId: secret.id, secret, envelopeId: env.vaultId };
    } catch (e) {
      if (e instanceof VaultFormatError) throw new VaultFormatError(`There was a vault format error${opts.file ? ` in ${opts.file}` : ''}: ${e.message}`);
      if (!(e instanceof VaultError)) throw e;
    }
  }
  throw new VaultError(`Decryption failed (no vault secrets were found that could decrypt)${on}`);
}

/** The vault id of an envelope (the default one for 1.1), for messages; undefined when it is none. */
export function envelopeId(data: string, defaultId = 'default'): string | undefined {
  if (!isVaulted(data)) return undefined;
  try {
    return parseEnvelope(data, defaultId).vaultId;
  } catch {
    return undefined;
  }
}

/** The envelope of `plaintext` encrypted with `secret` under `vaultId` (its 1.2 header names it). */
export function encryptVault(plaintext: Buffer | string, secret: VaultSecret, vaultId: string = secret.id, salt?: Buffer): string {
  const bytes = typeof plaintext === 'string' ? Buffer.from(plaintext, 'utf8') : plaintext;
  if (isVaulted(bytes)) throw new VaultError('input is already encrypted');
  return formatEnvelope(encryptAes256(bytes, secret.password, salt), 'AES256', vaultId);
}

/**
 * The secret to encrypt with (Ansible's match_encrypt_secret): the one of `encryptId` when given
 * (an error when no secret has it), else the first.
 */
export function encryptSecret(secrets: VaultSecret[], encryptId?: string): VaultSecret {
  if (encryptId) {
    const found = secrets.find((s) => s.id === encryptId);
    if (!found) throw new VaultError(`Did not find a match for --encrypt-vault-id=${encryptId} in the known vault-ids [${secrets.map((s) => `'${s.id}'`).join(', ')}]`);
    return found;
  }
  if (!secrets.length) throw new VaultError('A vault password must be specified to encrypt data');
  return secrets[0];
}
