/**
 * The Ansible Vault envelope, byte for byte as ansible-vault reads and writes it
 * (lib/ansible/parsing/vault/__init__.py): a header line `$ANSIBLE_VAULT;1.1;AES256` (1.2 adds the
 * vault id: `$ANSIBLE_VAULT;1.2;AES256;dev`), then the hexlified vaulttext in lines of 80
 * characters, ending with a newline. The vaulttext is itself the hexlified salt, HMAC and
 * ciphertext joined by newlines (aes256.ts).
 */

export const VAULT_HEADER = '$ANSIBLE_VAULT';

/** The ciphers ansible-core reads and writes. */
export const CIPHERS = ['AES256'];

/** A vault problem (Ansible's AnsibleVaultError): a wrong password, no password, a bad envelope. */
export class VaultError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VaultError';
  }
}

/** The data is not a well-formed vault (Ansible's AnsibleVaultFormatError). */
export class VaultFormatError extends VaultError {
  constructor(message: string) {
    super(message);
    this.name = 'VaultFormatError';
  }
}

/** Vault-encrypted data, as Ansible's is_encrypted: ASCII only and starting with the header. */
export function isVaulted(data: string | Buffer): boolean {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  if (!text.startsWith(VAULT_HEADER)) return false;
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text);
}

export interface Envelope {
  /** '1.1' or '1.2'. */
  version: string;
  cipher: string;
  /** The vault id of a 1.2 envelope, else the default one. */
  vaultId: string;
  /** The hexlified vaulttext, lines joined. */
  body: string;
}

/** Parse an envelope (Ansible's parse_vaulttext_envelope); `file` names it in messages. */
export function parseEnvelope(text: string, defaultId = 'default', file?: string): Envelope {
  const lines = text.split(/\r\n|\r|\n/);
  const header = lines[0].trim().split(';');
  if (header.length < 3) {
    throw new VaultFormatError(`Vault envelope format error${file ? ` in ${file}` : ''}: the header '${lines[0].trim()}' is not '${VAULT_HEADER};1.1;AES256'`);
  }
  return {
    version: header[1].trim(),
    cipher: header[2].trim(),
    vaultId: header.length >= 4 ? header[3].trim() : defaultId,
    body: lines.slice(1).join(''),
  };
}

/**
 * The envelope ansible-vault writes for a hexlified vaulttext (format_vaulttext_envelope): version
 * 1.2 with the id when a vault id other than 'default' is given, else 1.1; 80-column lines; a final
 * newline.
 */
export function formatEnvelope(body: string, cipher: string, vaultId?: string): string {
  const withId = vaultId !== undefined && vaultId !== '' && vaultId !== 'default';
  const header = withId ? `${VAULT_HEADER};1.2;${cipher};${vaultId}` : `${VAULT_HEADER};1.1;${cipher}`;
  const lines = [header];
  for (let i = 0; i < body.length; i += 80) lines.push(body.slice(i, i + 80));
  lines.push('');
  return lines.join('\n');
}
