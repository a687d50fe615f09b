/**
 * Ansible Vault: the envelope and AES256 cipher byte-compatible with ansible-vault, decrypting with
 * vault ids as Ansible does, and the process's secrets and the values they revealed.
 */
export { formatEnvelope, isVaulted, parseEnvelope, VaultError, VaultFormatError, VAULT_HEADER } from './envelope.js';
export { decryptVault, encryptSecret, encryptVault, envelopeId, type Decrypted, type DecryptOptions, type VaultSecret } from './lib.js';
export {
  concealVault, forgetRevealed, isInlineVaultValue, keyringOptions, openIfVaulted, openVault, reveal, revealedValues, SECRET_MASK, useVaultSecrets, vaultSecrets, type KeyringOptions,
} from './keyring.js';
