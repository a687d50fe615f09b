/**
 * The vault secrets of this process and the values they revealed. The command line gives the
 * secrets once, before anything is read (cli/vault-secrets.ts); from then on every reader decrypts
 * through here: the YAML reader (util/yaml-vault.ts, whose opener this installs), INI inventories,
 * controller-side files of copy/template/script, -e @file.
 *
 * Revealed values stay marked as secrets for the run's output (engine/no-log.ts masks them): the
 * vault passwords, `!vault` strings, and the string values of a vault-encrypted vars file.
 */
import { setVaultOpener, VAULT_PASSWORD_HINT } from '../util/yaml-vault.js';
import { isVaulted, VaultError } from './envelope.js';
import { decryptVault, envelopeId, type VaultSecret } from './lib.js';

export interface KeyringOptions {
  /** Only the secret of an envelope's own vault id may open it (ANSIBLE_VAULT_ID_MATCH). */
  idMatch?: boolean;
  /** The vault id of 1.1 envelopes and of passwords given without a label (ANSIBLE_VAULT_IDENTITY). */
  defaultId?: string;
}

/** What Ansible's modules print in place of a secret (also the engine's mask). */
export const SECRET_MASK = 'VALUE_SPECIFIED_IN_NO_LOG_PARAMETER';

let secrets: VaultSecret[] = [];
let options: KeyringOptions = {};
/** Each revealed value, with the envelope of an inline one (undefined for a vaulted file's value). */
const revealed = new Map<string, string | undefined>();
let longestFirst: string[] | undefined;

/** Set the secrets every later read decrypts with (none: vaulted data is an error). */
export function useVaultSecrets(list: VaultSecret[], opts: KeyringOptions = {}): void {
  secrets = [...list];
  options = { ...opts };
  // the passwords themselves are never shown either
  for (const s of secrets) reveal(s.password.toString('utf8'));
  setVaultOpener(
    secrets.length
      ? { open: (envelope, file) => openVault(envelope, file).toString('utf8'), reveal: (plaintext, envelope) => reveal(plaintext, envelope) }
      : undefined,
  );
}

export function vaultSecrets(): VaultSecret[] {
  return [...secrets];
}

export function keyringOptions(): KeyringOptions {
  return { ...options };
}

/** A VaultError with the hint a user needs (which vault id the data wants). */
function hinted(e: VaultError, data: string): VaultError & { hint?: string } {
  const out = new VaultError(e.message) as VaultError & { hint?: string };
  if (!secrets.length) out.hint = VAULT_PASSWORD_HINT;
  else if (e.message.startsWith('Decryption failed')) {
    const id = envelopeId(data, options.defaultId ?? 'default');
    const tried = secrets.map((s) => `'${s.id}'`).join(', ');
    out.hint = `it is encrypted for vault id '${id}'; the password${secrets.length > 1 ? 's' : ''} given (vault id ${tried}) do${secrets.length > 1 ? '' : 'es'} not open it`;
  }
  return out;
}

/** The plaintext of vault data, opened with this process's secrets; a VaultError (with a hint) when none opens it. */
export function openVault(data: string | Buffer, file?: string): Buffer {
  const text = typeof data === 'string' ? data : data.toString('latin1');
  try {
    return decryptVault(text, secrets, { file, idMatch: options.idMatch, defaultId: options.defaultId }).plaintext;
  } catch (e) {
    if (e instanceof VaultError) throw hinted(e, text);
    throw e;
  }
}

/** The content of a file that may be vault-encrypted: decrypted when it is (Ansible's loader does so for every file it reads). */
export function openIfVaulted(data: Buffer, file?: string): Buffer {
  return isVaulted(data) ? openVault(data, file) : data;
}

/**
 * Mark values as revealed by the vault: every string (of 2 characters or more, as the engine's
 * secrets) inside `value`, keys excepted. `envelope`: the inline value it was decrypted from.
 */
export function reveal(value: unknown, envelope?: string): void {
  const visit = (v: unknown, depth: number): void => {
    if (depth > 64) return;
    if (typeof v === 'string') {
      if (v.length >= 2 && !revealed.has(v)) {
        revealed.set(v, envelope);
        longestFirst = undefined;
      }
    } else if (Array.isArray(v)) v.forEach((x) => visit(x, depth + 1));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => visit(x, depth + 1));
  };
  visit(value, 0);
}

/**
 * Whether `value` is the plaintext of an inline `!vault` value (Ansible keeps those as encrypted
 * objects: its vault_encrypted test). A string equal to one by chance is taken for it.
 */
export function isInlineVaultValue(value: unknown): boolean {
  return typeof value === 'string' && revealed.get(value) !== undefined;
}

/** The values revealed so far, longest first (so a value containing another is masked whole). */
export function revealedValues(): string[] {
  longestFirst ??= [...revealed.keys()].sort((a, b) => b.length - a.length);
  return longestFirst;
}

/** Forget what was revealed (tests). */
export function forgetRevealed(): void {
  revealed.clear();
  longestFirst = undefined;
}

/**
 * A value as a listing may show it (inventory --list/--host): an inline vault value as Ansible's
 * JSON shows one ({"__ansible_vault": envelope}), other revealed text masked.
 */
export function concealVault(value: unknown, depth = 0): unknown {
  if (depth > 64) return value;
  if (typeof value === 'string') {
    if (!revealed.size) return value;
    const envelope = revealed.get(value);
    if (envelope !== undefined) return { __ansible_vault: envelope };
    let out = value;
    for (const s of revealedValues()) if (out.includes(s)) out = out.split(s).join(SECRET_MASK);
    return out;
  }
  if (Array.isArray(value)) return value.map((x) => concealVault(x, depth + 1));
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = concealVault(v, depth + 1);
    return out;
  }
  return value;
}
