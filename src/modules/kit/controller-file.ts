/**
 * A controller file a module sends to the host (the sources of copy, template and script), read as
 * Ansible's loader reads it (get_real_file): a vault-encrypted one is decrypted with the run's vault
 * secrets unless `decrypt` is false (copy's and script's argument), and its plaintext is then kept
 * secret (masked in diffs and output like every vault-revealed value).
 */
import { promises as fs } from 'node:fs';
import { ModuleFailure } from '../../util/errors.js';
import { isVaulted, openVault, reveal, VaultError } from '../../vault/index.js';

/** The file's bytes, decrypted when vaulted and `decrypt` (then `vaulted`). Read errors are thrown as fs throws them. */
export async function readControllerFile(file: string, decrypt = true): Promise<{ data: Buffer; vaulted: boolean }> {
  const data = await fs.readFile(file);
  if (!decrypt || !isVaulted(data)) return { data, vaulted: false };
  let plain: Buffer;
  try {
    plain = openVault(data, file);
  } catch (e) {
    if (e instanceof VaultError) throw new ModuleFailure(e.message);
    throw e;
  }
  reveal(plain.toString('utf8'));
  return { data: plain, vaulted: true };
}
