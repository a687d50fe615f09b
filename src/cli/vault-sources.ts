/**
 * Vault passwords from their sources, as Ansible's CLI reads them (setup_vault_secrets and
 * get_file_vault_secret in ansible-core): each source is a slug `[LABEL@]SOURCE`, tried in order.
 * - `prompt` (--vault-id LABEL@prompt) asks "Vault password (LABEL): "; --ask-vault-pass asks
 *   "Vault password: " (for a new password: asked twice, they must match). Surrounding blanks go.
 * - an executable file is run and prints the password (CR/LF around it dropped); one whose name
 *   without extension ends in `-client` is a client script, run with `--vault-id LABEL` (exit 2:
 *   it has no secret for that id).
 * - any other file holds the password (surrounding blanks dropped); it may itself be vault-encrypted
 *   with a password given before it.
 * A source that cannot be read is a warning while another one gives a password, else the error.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { decryptVault, isVaulted, type VaultSecret } from '../vault/index.js';
import { promptHidden } from './prompt.js';

/** A vault password problem; exit 1 as Ansible's AnsibleError. */
export class VaultPasswordError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'VaultPasswordError';
  }
}

export interface SourceOptions {
  /** The label of passwords given without one (ANSIBLE_VAULT_IDENTITY, 'default'). */
  defaultId: string;
  /** Asking for a new password (encrypt, create, rekey's new one): asked twice. */
  create?: boolean;
  /** Hidden prompt (tests give their own). */
  prompt?: (question: string) => Promise<string>;
  /** Where warnings go (default: stderr, as Ansible's [WARNING]). */
  warn?: (message: string) => void;
}

/** `LABEL@SOURCE` into its parts (no '@': no label), as Ansible's split_vault_id. */
export function splitVaultId(slug: string): { label?: string; source: string } {
  const at = slug.indexOf('@');
  return at < 0 ? { source: slug } : { label: slug.slice(0, at), source: slug.slice(at + 1) };
}

/** `~` and `$VAR`/`${VAR}` expanded, made absolute, symlinks kept (Ansible's unfrackpath(follow=False)). */
export function sourcePath(p: string): string {
  let out = p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
  out = out.replace(/\$(\w+)|\$\{(\w+)\}/g, (m, a: string | undefined, b: string | undefined) => process.env[a ?? b ?? ''] ?? m);
  return path.resolve(out);
}

function isExecutable(file: string): boolean {
  try {
    return (statSync(file).mode & 0o111) !== 0;
  } catch {
    return false;
  }
}

/** Python's bytes.strip(): ASCII white space at both ends. */
function stripBlanks(b: Buffer): Buffer {
  let s = 0;
  let e = b.length;
  const blank = (c: number) => c === 0x20 || (c >= 0x09 && c <= 0x0d);
  while (s < e && blank(b[s])) s++;
  while (e > s && blank(b[e - 1])) e--;
  return b.subarray(s, e);
}

/** CR and LF at both ends dropped (Python's strip(b'\r\n')). */
function stripNewlines(b: Buffer): Buffer {
  let s = 0;
  let e = b.length;
  while (s < e && (b[s] === 0x0a || b[s] === 0x0d)) s++;
  while (e > s && (b[e - 1] === 0x0a || b[e - 1] === 0x0d)) e--;
  return b.subarray(s, e);
}

function nonEmpty(password: Buffer, message: string): Buffer {
  if (!password.length) throw new VaultPasswordError(message);
  return password;
}

/** Run a password script (a client script with --vault-id LABEL); its stdout is the password. */
function runScript(file: string, label: string | undefined): Buffer {
  const client = path.parse(file).name.endsWith('-client');
  const what = client ? 'Vault password client script' : 'Vault password script';
  const args = client && label ? ['--vault-id', label] : [];
  // stdin and (but for a client script) stderr stay the terminal's, so that a script can prompt
  const r = spawnSync(file, args, { stdio: ['inherit', 'pipe', client ? 'pipe' : 'inherit'], maxBuffer: 1 << 20 });
  if (r.error) {
    throw new VaultPasswordError(`Problem running ${what.toLowerCase()} ${file} (${r.error.message}). If this is not a script, remove the executable bit from the file.`);
  }
  const stderr = r.stderr ? r.stderr.toString('utf8').trim() : '';
  if (client && r.status === 2) throw new VaultPasswordError(`${what} ${file} did not find a secret for vault-id=${label}: ${stderr}`);
  if (r.status !== 0) {
    const rc = r.status ?? r.signal;
    throw new VaultPasswordError(client ? `${what} ${file} returned non-zero (${rc}) when getting secret for vault-id=${label}: ${stderr}` : `${what} ${file} returned non-zero (${rc})`);
  }
  return nonEmpty(stripNewlines(r.stdout), `Invalid vault password was provided from script (${file})`);
}

/** The password of a file source: a script's output, or the file's content (decrypted with `earlier` when it is vaulted). */
export function filePassword(source: string, label: string | undefined, earlier: VaultSecret[], defaultId: string): Buffer {
  const file = sourcePath(source);
  try {
    accessSync(file, constants.F_OK);
  } catch {
    throw new VaultPasswordError(`The vault password file ${file} was not found`);
  }
  if (isExecutable(file)) return runScript(file, label);
  let content: Buffer;
  try {
    content = stripBlanks(readFileSync(file));
  } catch (e) {
    throw new VaultPasswordError(`Could not read vault password file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (isVaulted(content)) {
    try {
      content = decryptVault(content, earlier, { file, defaultId }).plaintext;
    } catch (e) {
      throw new VaultPasswordError((e as Error).message);
    }
  }
  return nonEmpty(stripNewlines(content), `Invalid vault password was provided from file (${file})`);
}

/** A password asked for on the terminal (twice for a new one). */
async function promptPassword(label: string, askVaultPass: boolean, o: SourceOptions): Promise<Buffer> {
  const ask = o.prompt ?? promptHidden;
  const questions = askVaultPass
    ? o.create ? ['New Vault password: ', 'Confirm New Vault password: '] : ['Vault password: ']
    : o.create ? [`New vault password (${label}): `, `Confirm new vault password (${label}): `] : [`Vault password (${label}): `];
  const answers: string[] = [];
  for (const q of questions) {
    const a = (await ask(q)).trim();
    if (!a) throw new VaultPasswordError('Invalid vault password was provided');
    answers.push(a);
  }
  if (answers.some((a) => a !== answers[0])) throw new VaultPasswordError('Passwords do not match');
  return Buffer.from(answers[0], 'utf8');
}

/**
 * The secrets of the slugs, in order. A file source that fails is a warning and skipped, unless no
 * source gives a password (then its error is thrown); a prompt that fails is an error at once.
 */
export async function loadVaultSecrets(slugs: string[], o: SourceOptions): Promise<VaultSecret[]> {
  const warn = o.warn ?? ((m: string) => process.stderr.write(`[WARNING]: ${m}\n`));
  const secrets: VaultSecret[] = [];
  let last: Error | undefined;
  for (const slug of slugs) {
    const { label, source } = splitVaultId(slug);
    if (source === 'prompt' || source === 'prompt_ask_vault_pass') {
      secrets.push({ id: label || o.defaultId, password: await promptPassword(label || o.defaultId, source === 'prompt_ask_vault_pass', o) });
      continue;
    }
    try {
      secrets.push({ id: label || o.defaultId, password: filePassword(source, label, secrets, o.defaultId) });
    } catch (e) {
      if (!(e instanceof VaultPasswordError)) throw e;
      warn(`Error getting vault password file (${label ?? 'None'}): ${e.message}`);
      last = e;
    }
  }
  if (last && !secrets.length) throw last;
  return secrets;
}
