/**
 * The vault passwords of the vault options (common.ts: --vault-id, --vault-password-file,
 * --ask-vault-pass) and of Ansible's settings (ANSIBLE_* or ansible.cfg's [defaults]):
 * vault_identity_list (vault ids tried first), vault_password_file (tried last), ask_vault_pass,
 * vault_identity (the default label), vault_id_match, vault_encrypt_identity. The secrets are gathered before anything is read and installed
 * for every reader (vault/keyring.ts).
 */
import { settings as currentSettings, type Settings } from '../config/index.js';
import { useVaultSecrets, type VaultSecret } from '../vault/index.js';
import type { VaultOptions } from './common.js';
import { loadVaultSecrets, type SourceOptions } from './vault-sources.js';

/** What the settings (the environment, ansible.cfg's [defaults]) say about vault passwords. */
export interface VaultSettings {
  /** vault_identity_list: slugs tried before the command line's. */
  identityList: string[];
  /** vault_password_file: tried after the command line's files. */
  passwordFile?: string;
  askVaultPass: boolean;
  /** vault_identity: the label of passwords given without one. */
  identity: string;
  /** vault_id_match: only the secret of an envelope's own vault id may open it. */
  idMatch: boolean;
  /** vault_encrypt_identity: the vault id to encrypt with when --encrypt-vault-id is not given. */
  encryptIdentity?: string;
}

export function vaultSettingsOf(s: Settings = currentSettings()): VaultSettings {
  const passwordFile = s.get<string | undefined>('DEFAULT_VAULT_PASSWORD_FILE');
  const encryptIdentity = s.get<string | undefined>('DEFAULT_VAULT_ENCRYPT_IDENTITY');
  return {
    identityList: s.get<string[]>('DEFAULT_VAULT_IDENTITY_LIST'),
    ...(passwordFile ? { passwordFile } : {}),
    askVaultPass: s.get<boolean>('DEFAULT_ASK_VAULT_PASS'),
    identity: s.get<string>('DEFAULT_VAULT_IDENTITY') || 'default',
    idMatch: s.get<boolean>('DEFAULT_VAULT_ID_MATCH'),
    ...(encryptIdentity ? { encryptIdentity } : {}),
  };
}

/**
 * The slugs in the order Ansible tries them (build_vault_ids): the identity list, --vault-id, the
 * password files (the command line's, then the configured one) under the default label, then the
 * --ask-vault-pass prompt (also when nothing else was given and `autoPrompt`).
 */
export function vaultSlugs(o: VaultOptions, s: VaultSettings, { autoPrompt = false } = {}): string[] {
  const files = [...o.vaultPasswordFile, ...(o.vaultPassFile ?? []), ...(s.passwordFile ? [s.passwordFile] : [])];
  const slugs = [...s.identityList, ...o.vaultId, ...files.map((f) => `${s.identity}@${f}`)];
  if (o.askVaultPass || o.askVaultPassword || s.askVaultPass || (autoPrompt && !slugs.length)) slugs.push(`${s.identity}@prompt_ask_vault_pass`);
  return slugs;
}

/** Gather the vault secrets the options and the environment give. */
export async function gatherVaultSecrets(o: VaultOptions, extra: Partial<SourceOptions> & { autoPrompt?: boolean; settings?: VaultSettings } = {}): Promise<VaultSecret[]> {
  const settings = extra.settings ?? vaultSettingsOf();
  return loadVaultSecrets(vaultSlugs(o, settings, { autoPrompt: extra.autoPrompt }), { defaultId: settings.identity, ...extra });
}

/** Gather the secrets and install them for every reader: called before a command reads anything. */
export async function useVaultOptions(o: VaultOptions): Promise<void> {
  const settings = vaultSettingsOf();
  const secrets = await gatherVaultSecrets(o, { settings });
  useVaultSecrets(secrets, { idMatch: settings.idMatch, defaultId: settings.identity });
}
