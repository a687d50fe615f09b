/**
 * Options shared by every command that contacts hosts (-i, -u, --private-key, --known-hosts,
 * --host-key-checking, -f, -b, -K, -k, --json, -l, -v, -T, the vault options), declared once as
 * data, and their conversion into the engine's and the transport's option objects. Values with a
 * domain (numbers, the become user, the key file) are checked as they are parsed: a bad one is
 * exit 5, nothing read.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { isValidBecomeUser, type ConnOptions } from '../transport/index.js';
import { expandTilde } from '../transport/ssh-config.js';
import { OptionsError } from '../util/errors.js';
import { settings } from '../config/index.js';
import { passwordsFromSettings } from './config.js';
import { promptHidden } from './prompt.js';

/** The vault options (vault-options.ts reads them). */
export interface VaultOptions {
  vaultId: string[];
  vaultPasswordFile: string[];
  /** The hidden alias --vault-pass-file. */
  vaultPassFile?: string[];
  askVaultPass?: boolean;
  /** The hidden alias --ask-vault-password. */
  askVaultPassword?: boolean;
}

export interface CommonOptions extends VaultOptions {
  inventory: string[];
  user?: string;
  privateKey?: string;
  knownHosts: string[];
  hostKeyChecking: 'strict' | 'accept-new' | 'off';
  forks: number;
  become?: boolean;
  becomeUser?: string;
  askBecomePass?: boolean;
  askPass?: boolean;
  json?: boolean;
  limit?: string;
  verbose: number;
  timeout: number;
}

/** A repeatable option's values, in the order given. */
export const collect = (v: string, prev: string[]) => [...prev, v];
const count = (_v: unknown, prev: number) => prev + 1;

function positiveInt(name: string) {
  return (v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new OptionsError(`${name} must be a positive whole number, not ${JSON.stringify(v)}`);
    return n;
  };
}

/** A user name as become checks it when it runs (the same rule). */
function becomeUser(v: string): string {
  if (!isValidBecomeUser(v)) throw new OptionsError(`--become-user: invalid user name ${JSON.stringify(v)}: expected a user name like "root" or "deploy"`);
  return v;
}

/** A file that exists and can be read (ssh would only warn and try other keys). */
function readableFile(name: string) {
  return (v: string) => {
    const file = expandTilde(v);
    let why: string | undefined;
    try {
      if (!statSync(file).isFile()) why = 'not a file';
      else accessSync(file, constants.R_OK);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      why = code === 'ENOENT' ? 'no such file' : (code ?? (e as Error).message);
    }
    if (why) throw new OptionsError(`${name}: cannot read ${v}: ${why}`);
    return v;
  };
}

/**
 * The vault options of every command that reads playbooks or inventories (and of `machinist
 * vault`), with Ansible's names and its aliases (hidden here): --vault-id [LABEL@]SOURCE,
 * --vault-password-file (--vault-pass-file), --ask-vault-pass (--ask-vault-password).
 */
export function addVaultOptions(cmd: Command): Command {
  return cmd
    .option('--vault-id <id>', 'a vault password: [LABEL@]FILE, [LABEL@]SCRIPT or [LABEL@]prompt (repeatable)', collect, [])
    .option('--vault-password-file <file>', 'a file (or a script that prints it) holding the vault password (repeatable)', collect, [])
    .addOption(new Option('--vault-pass-file <file>').argParser(collect).default([]).hideHelp())
    .option('--ask-vault-pass', 'ask for the vault password')
    .addOption(new Option('--ask-vault-password').hideHelp());
}

export function addConnectionOptions(cmd: Command, { limit = true } = {}): Command {
  cmd
    .option('-i, --inventory <path>', 'inventory file, directory or host list "h1,h2," (repeatable)', collect, [])
    .option('-u, --user <name>', 'connect as this user (default: inventory, ~/.ssh/config, then you)')
    .option('--private-key <file>', 'private key file for authentication', readableFile('--private-key'))
    .option('--known-hosts <file>', 'extra known_hosts file (repeatable); accept-new records keys here', collect, [])
    .addOption(
      new Option('--host-key-checking <mode>', 'verify host keys against known_hosts').choices(['strict', 'accept-new', 'off']).default('strict'),
    )
    .option('-f, --forks <n>', 'hosts worked on at once', positiveInt('--forks'), 50)
    .option('-T, --timeout <seconds>', 'connection timeout', positiveInt('--timeout'), 10)
    .option('-b, --become', 'run operations with sudo')
    .option('--become-user <name>', 'sudo to this user (default root)', becomeUser)
    .option('-K, --ask-become-pass', 'ask for the sudo password')
    .option('-k, --ask-pass', 'ask for the SSH password')
    .option('--json', 'print one JSON document instead of progress')
    .option('-v, --verbose', 'more output (repeatable: -vvv)', count, 0);
  if (limit) cmd.option('-l, --limit <pattern>', 'further limit the selected hosts (also @file)');
  return addVaultOptions(cmd);
}

export interface Secrets {
  becomePassword?: string;
  sshPassword?: string;
}

/**
 * The passwords: those the settings keep in files (connection_password_file, become_password_file),
 * then the prompts the options asked for (before any host is contacted).
 */
export async function askSecrets(o: CommonOptions): Promise<Secrets> {
  const s: Secrets = passwordsFromSettings(settings());
  if (o.askPass) s.sshPassword = await promptHidden('SSH password: ');
  if (o.askBecomePass) s.becomePassword = await promptHidden('BECOME password: ');
  return s;
}

const passphrases = new Map<string, Promise<string>>();

export function connOptions(o: CommonOptions, secrets: Secrets): ConnOptions {
  if (o.inventory.length === 0) throw new OptionsError('no inventory given: use -i FILE (a YAML/INI file, a directory, or "host1,host2,")');
  return {
    user: o.user,
    privateKey: o.privateKey,
    knownHostsFiles: o.knownHosts,
    hostKeyChecking: o.hostKeyChecking,
    connectTimeoutMs: o.timeout * 1000,
    password: secrets.sshPassword,
    askPassphrase: (file) => {
      if (!passphrases.has(file)) passphrases.set(file, promptHidden(`Enter passphrase for key '${file}': `));
      return passphrases.get(file)!;
    },
  };
}
