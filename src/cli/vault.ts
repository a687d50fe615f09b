/**
 * `machinist vault create|encrypt|decrypt|view|edit|rekey|encrypt_string`: ansible-vault, with its
 * options, messages and output, byte-compatible both ways (src/vault). Reading commands (decrypt,
 * view, edit, rekey) need a password that opens the file (asked for when none is given); writing
 * ones (create, encrypt, encrypt_string) ask for a new one twice, and encrypt with the vault id of
 * --encrypt-vault-id (or ANSIBLE_VAULT_ENCRYPT_IDENTITY) when several are given. A wrong password
 * is exit 1 with Ansible's message; bad options exit 5.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command, Option } from 'commander';
import { OptionsError } from '../util/errors.js';
import { decryptVault, encryptSecret, encryptVault, parseEnvelope, VaultError, type VaultSecret } from '../vault/index.js';
import { addVaultOptions, collect, type VaultOptions } from './common.js';
import { promptHidden } from './prompt.js';
import { editInEditor, page, readInput, writeOutput } from './vault-files.js';
import { gatherVaultSecrets, vaultSettingsOf, type VaultSettings } from './vault-options.js';
import { VaultPasswordError } from './vault-sources.js';

interface VaultCmdOptions extends VaultOptions {
  output?: string;
  encryptVaultId?: string;
  newVaultPasswordFile?: string;
  newVaultId?: string;
  prompt?: boolean;
  showInput?: boolean;
  name: string[];
  stdinName?: string;
  verbose: number;
}

const ACTIONS: Record<string, string> = {
  create: 'Create new vault encrypted file',
  decrypt: 'Decrypt vault encrypted file',
  edit: 'Edit vault encrypted file',
  view: 'View vault encrypted file',
  encrypt: 'Encrypt YAML file',
  encrypt_string: 'Encrypt a string',
  rekey: 'Re-key a vault encrypted file',
};

const WRITES = new Set(['create', 'encrypt', 'encrypt_string']);

export function registerVault(program: Command): void {
  const vault = program.command('vault').description('encryption/decryption utility for Ansible data files (ansible-vault)');
  for (const [action, description] of Object.entries(ACTIONS)) {
    const cmd = vault.command(action).description(description).argument(action === 'encrypt_string' ? '[string_to_encrypt...]' : '[file_name...]');
    addVaultOptions(cmd).option('-v, --verbose', 'more output', (_v: string, n: number) => n + 1, 0);
    if (['encrypt', 'decrypt', 'encrypt_string'].includes(action)) cmd.option('--output <file>', 'output file name for encrypt or decrypt; use - for stdout');
    if (action !== 'view' && action !== 'decrypt') cmd.option('--encrypt-vault-id <id>', 'the vault id used to encrypt (required if more than one vault-id is provided)');
    if (action === 'rekey') {
      cmd.addOption(new Option('--new-vault-password-file <file>', 'new vault password file for rekey').conflicts('newVaultId'));
      cmd.option('--new-vault-id <id>', 'the new vault identity to use for rekey');
    }
    if (action === 'encrypt_string') {
      cmd
        .option('-p, --prompt', 'prompt for the string to encrypt')
        .option('--show-input', 'do not hide input when prompted for the string to encrypt')
        .option('-n, --name <name>', 'specify the variable name (repeatable)', collect, [])
        .option('--stdin-name <name>', 'specify the variable name for stdin');
    }
    cmd.action(async (args: string[], o: VaultCmdOptions) => {
      process.exitCode = await vaultCommand(action, args, { ...o, name: o.name ?? [] });
    });
  }
}

/** Vault errors are Ansible's AnsibleError: exit 1, the file named. */
function failed(e: unknown, file?: string): never {
  if (e instanceof VaultError) throw new VaultPasswordError(file ? `${e.message} for ${file}` : e.message);
  throw e;
}

export async function vaultCommand(action: string, args: string[], o: VaultCmdOptions): Promise<number> {
  for (const id of o.vaultId) {
    if (id.includes(';')) throw new OptionsError(`'${id}' is not a valid vault id. The character ';' is not allowed in vault ids`);
  }
  if (o.output && args.length > 1) throw new OptionsError('At most one input file may be used with the --output option');
  const settings = vaultSettingsOf();
  const secrets = await gatherVaultSecrets(o, { settings, autoPrompt: true, create: WRITES.has(action) });
  if (!secrets.length) throw new OptionsError("A vault password is required to use Ansible's Vault");
  const io: Io = { secrets, settings, o };
  switch (action) {
    case 'encrypt':
      return encryptFiles(args, io);
    case 'decrypt':
      return decryptFiles(args, io);
    case 'view':
      for (const f of args) page((await plaintext(f, io)).toString('utf8'));
      return 0;
    case 'create':
      return createFile(args, io);
    case 'edit':
      for (const f of args) await editFile(f, io);
      return 0;
    case 'rekey':
      return rekeyFiles(args, io);
    default:
      return encryptStrings(args, io);
  }
}

interface Io {
  secrets: VaultSecret[];
  settings: VaultSettings;
  o: VaultCmdOptions;
}

/** The secret to encrypt with: the one of --encrypt-vault-id, or the only one. */
function writingSecret(io: Io): VaultSecret {
  const id = io.o.encryptVaultId || io.settings.encryptIdentity;
  if (io.secrets.length > 1 && !id) {
    throw new OptionsError(`The vault-ids ${io.secrets.map((s) => s.id).join(',')} are available to encrypt. Specify the vault-id to encrypt with --encrypt-vault-id`);
  }
  try {
    return encryptSecret(io.secrets, id);
  } catch (e) {
    return failed(e);
  }
}

const tell = (message: string) => {
  if (process.stdout.isTTY) process.stderr.write(`${message}\n`);
};

async function encryptFiles(args: string[], io: Io): Promise<number> {
  const secret = writingSecret(io);
  if (!args.length && process.stdin.isTTY) process.stderr.write('Reading plaintext input from stdin\n');
  for (const f of args.length ? args : ['-']) {
    const data = await readInput(f);
    let out: string;
    try {
      out = encryptVault(data, secret);
    } catch (e) {
      return failed(e);
    }
    await writeOutput(io.o.output ?? f, out);
  }
  tell('Encryption successful');
  return 0;
}

async function plaintext(f: string, io: Io): Promise<Buffer> {
  const data = await readInput(f);
  try {
    return decryptVault(data, io.secrets, { file: f, idMatch: io.settings.idMatch, defaultId: io.settings.identity }).plaintext;
  } catch (e) {
    return failed(e, f);
  }
}

async function decryptFiles(args: string[], io: Io): Promise<number> {
  if (!args.length && process.stdin.isTTY) process.stderr.write('Reading ciphertext input from stdin\n');
  for (const f of args.length ? args : ['-']) await writeOutput(io.o.output ?? f, await plaintext(f, io));
  tell('Decryption successful');
  return 0;
}

async function createFile(args: string[], io: Io): Promise<number> {
  if (args.length !== 1) throw new OptionsError('ansible-vault create can take only one filename argument');
  const [file] = args;
  const secret = writingSecret(io);
  const dir = path.dirname(file);
  if (!(await fs.stat(dir).catch(() => undefined))) {
    process.stderr.write(`[WARNING]: ${dir} does not exist, creating...\n`);
    await fs.mkdir(dir, { recursive: true });
  }
  if ((await fs.stat(file).catch(() => undefined))?.isFile()) throw new VaultPasswordError(`${file} exists, please use 'edit' instead`);
  const edited = await editInEditor(Buffer.alloc(0), file);
  await writeOutput(file, encryptVault(edited, secret));
  return 0;
}

/** Edit a vaulted file: saved again (same vault id, the secret that opened it, same mode) only when it changed. */
async function editFile(file: string, io: Io): Promise<void> {
  const real = await fs.realpath(file).catch(() => file);
  const data = await readInput(real);
  let opened;
  try {
    opened = decryptVault(data, io.secrets, { idMatch: io.settings.idMatch, defaultId: io.settings.identity });
  } catch (e) {
    return failed(e, file);
  }
  const envelope = parseEnvelope(data.toString('latin1'), io.settings.identity);
  const edited = await editInEditor(opened.plaintext, real);
  if (edited.equals(opened.plaintext)) return;
  const mode = (await fs.stat(real)).mode;
  await writeOutput(real, encryptVault(edited, opened.secret, envelope.vaultId), mode);
}

async function rekeyFiles(args: string[], io: Io): Promise<number> {
  const { o, settings } = io;
  const encryptId = o.encryptVaultId || settings.encryptIdentity;
  const newSecrets = await gatherVaultSecrets(
    { vaultId: [...(encryptId ? settings.identityList : []), ...(o.newVaultId ? [o.newVaultId] : [])], vaultPasswordFile: o.newVaultPasswordFile ? [o.newVaultPasswordFile] : [], askVaultPass: o.askVaultPass || o.askVaultPassword },
    { settings: { ...settings, identityList: [] }, autoPrompt: true, create: true },
  );
  if (!newSecrets.length) throw new OptionsError("A new vault password is required to use Ansible's Vault rekey");
  let next: VaultSecret;
  try {
    next = encryptSecret(newSecrets, encryptId);
  } catch (e) {
    return failed(e);
  }
  for (const f of args) {
    const real = await fs.realpath(f).catch(() => f);
    const mode = (await fs.stat(real).catch(() => undefined))?.mode ?? 0o600;
    await writeOutput(real, encryptVault(await plaintext(real, io), next), mode);
  }
  process.stderr.write('Rekey successful\n');
  return 0;
}

/** encrypt_string's YAML block: `NAME: !vault |` and the envelope indented by 10. */
export function vaultYaml(envelope: string, name?: string): string {
  const lines = envelope.split('\n').filter((l, i, all) => l !== '' || i < all.length - 1);
  return [`${name ? `${name}: ` : ''}!vault |`, ...lines.map((l) => `${' '.repeat(10)}${l}`)].join('\n');
}

async function encryptStrings(args: string[], io: Io): Promise<number> {
  const { o } = io;
  const secret = writingSecret(io);
  const readStdin = args.includes('-') || !args.length || o.stdinName !== undefined;
  if (o.prompt && readStdin) throw new OptionsError('The --prompt option is not supported if also reading input from stdin');
  const items: { text: Buffer; from: string; name?: string }[] = [];
  if (o.prompt) {
    const name = await promptHidden('Variable name (enter for no name): ');
    const text = await promptHidden(o.showInput ? 'String to encrypt:' : 'String to encrypt (hidden): ');
    if (text === '') throw new OptionsError('The plaintext provided from the prompt was empty, not encrypting');
    items.push({ text: Buffer.from(text), from: 'the interactive prompt', ...(name ? { name } : {}) });
  }
  if (readStdin) {
    if (process.stdout.isTTY) process.stderr.write('Reading plaintext input from stdin. (ctrl-d to end input, twice if your content does not already have a newline)\n');
    const text = await readInput('-');
    if (!text.length) throw new OptionsError('stdin was empty, not encrypting');
    items.push({ text, from: 'stdin', ...(o.stdinName !== undefined ? { name: o.stdinName } : {}) });
  }
  const words = args.filter((a) => a !== '-');
  if (o.name.length && words.length > o.name.length) {
    process.stderr.write('The number of --name options do not match the number of args.\n');
    process.stderr.write(`The last named variable will be "${o.name.at(-1)}". The rest will not have names.\n`);
  }
  words.forEach((w, i) => {
    if (w === '') throw new OptionsError('The plaintext provided from the command line args was empty, not encrypting');
    items.push({ text: Buffer.from(w), from: 'the command line args', ...(o.name[i] !== undefined ? { name: o.name[i] } : {}) });
  });
  const outs = items.map((it, i) => {
    if (items.length > 1) {
      process.stderr.write(
        it.name ? `# The encrypted version of variable ("${it.name}", the string #${i + 1} from ${it.from}).\n` : `# The encrypted version of the string #${i + 1} from ${it.from}.)\n`,
      );
    }
    return vaultYaml(encryptVault(it.text, secret), it.name);
  });
  await writeOutput(o.output ?? '-', outs.join('\n'));
  tell('Encryption successful');
  return 0;
}
