/**
 * Ansible Vault in YAML, for yaml.ts: a whole file that is a vault envelope is decrypted before it
 * is parsed, and `!vault` tagged strings are decrypted where they stand, as Ansible's loader does.
 * util knows no crypto: the vault layer installs an opener once the vault secrets are known
 * (vault/keyring.ts); without one, vaulted YAML is an error, as in Ansible without a password.
 *
 * An inline value that no secret opens is kept as a locked value, `{__ansible_vault: envelope}` (what
 * Ansible's JSON shows for a vault value; a plain object, so it survives copies): as in Ansible, it
 * fails only where it is used (the template layer turns it into an undefined value with the reason).
 */
import { isScalar, isCollection, visit, type Document, type ScalarTag } from 'yaml';
import { ValidationError, ValidationErrors, type SourceLocation } from './errors.js';

/** Decrypts vault envelopes for the YAML reader (installed by vault/keyring.ts). */
export interface VaultOpener {
  /** The plaintext of an envelope; throws an Error saying why not (with a `hint` property when there is one). */
  open(envelope: string, file: string): string;
  /** An inline `!vault` value was decrypted: keep `plaintext` marked as a secret. */
  reveal(plaintext: string, envelope: string): void;
}

let opener: VaultOpener | undefined;

/** Install (or remove) the opener every later read uses. */
export function setVaultOpener(o: VaultOpener | undefined): void {
  opener = o;
}

/** How to give a vault password, for messages. */
export const VAULT_PASSWORD_HINT = 'give the vault password with --ask-vault-pass, --vault-password-file FILE or --vault-id [LABEL@]FILE|prompt';

/** An inline `!vault` value no vault secret opens: the envelope, under the key Ansible's JSON encoder uses. */
export interface VaultLocked {
  __ansible_vault: string;
}

/** Why each locked envelope could not be decrypted, with its place. */
const lockedReasons = new Map<string, string>();

function locked(envelope: string, reason: string): VaultLocked {
  if (!lockedReasons.has(envelope)) lockedReasons.set(envelope, reason);
  return { __ansible_vault: envelope };
}

/** When `v` is a locked `!vault` value (or a copy of one): why it could not be decrypted (the error of any use). */
export function vaultLockedReason(v: unknown): string | undefined {
  // cheap for the common case: no locked value at all, or an object without the key
  if (!lockedReasons.size || v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, '__ansible_vault')) return undefined;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== '__ansible_vault') return undefined;
  const envelope = (v as VaultLocked).__ansible_vault;
  return typeof envelope === 'string' ? lockedReasons.get(envelope) : undefined;
}

/** Text that is a vault envelope (a vault-encrypted file). */
export function isVaultText(text: string): boolean {
  return text.startsWith('$ANSIBLE_VAULT');
}

/** The tag, so the YAML library keeps `!vault` values as their strings until they are opened. */
export const vaultTag: ScalarTag = { tag: '!vault', default: false, resolve: (str: string) => str };

function located(message: string, loc: SourceLocation, hint?: string, line?: string | null): ValidationError {
  return new ValidationError(message, loc, hint, line);
}

/**
 * The plaintext of a vault-encrypted file's text. Throws ValidationErrors at the file's first line
 * when there is no password or none opens it.
 */
export function openVaultedText(text: string, file: string): string {
  const at = { file, line: 1, col: 1 };
  const header = text.split(/\r?\n/, 1)[0];
  if (!opener) return fail(located('Attempting to decrypt but no vault secrets found', at, `this file is encrypted with Ansible Vault: ${VAULT_PASSWORD_HINT}`, header));
  try {
    return opener.open(text, file).replace(/^\uFEFF/, '');
  } catch (e) {
    return fail(located((e as Error).message, at, (e as { hint?: string }).hint, header));
  }
}

function fail(e: ValidationError): never {
  throw new ValidationErrors([e]);
}

/**
 * Decrypt every `!vault` value of a parsed document in place (aliases of it see the plaintext).
 * Returns the problems: a `!vault` on a mapping or list, or `!vault` values and no vault password.
 */
export function openVaultTags(
  doc: Document.Parsed,
  file: string,
  text: string,
  locOf: (offset: number) => SourceLocation,
  lineText: (line: number) => string | null,
): ValidationError[] {
  const errors: ValidationError[] = [];
  visit(doc, (_key, node) => {
    if ((!isScalar(node) && !isCollection(node)) || node.tag !== '!vault') return;
    // located at the tag, which comes before the value
    const start = node.range?.[0] ?? 0;
    const tag = text.lastIndexOf('!vault', start);
    const loc = locOf(tag >= 0 ? tag : start);
    if (!isScalar(node)) {
      errors.push(located(`a !vault value must be a string, not a ${node.constructor.name === 'YAMLMap' ? 'mapping' : 'list'}`, loc, "write the output of 'ansible-vault encrypt_string' (or 'machinist vault encrypt_string') after !vault |", lineText(loc.line)));
      return;
    }
    const envelope = String(node.value ?? '');
    if (!opener) {
      errors.push(located('found !vault but no vault password provided', loc, VAULT_PASSWORD_HINT, lineText(loc.line)));
      return;
    }
    try {
      const plaintext = opener.open(envelope, file);
      opener.reveal(plaintext, envelope);
      node.value = plaintext;
    } catch (e) {
      node.value = locked(envelope, `${(e as Error).message} (the !vault value at ${loc.file}:${loc.line}:${loc.col})`);
    }
  });
  return errors;
}
