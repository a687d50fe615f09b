/**
 * connectionSpecFor: how to reach one inventory host, from its variables (ansible_host, ansible_port,
 * ansible_user, ansible_password, ansible_ssh_private_key_file, ansible_connection, ansible_timeout,
 * ansible_ssh_common_args/extra_args, ansible_become*), the command-line options, and ~/.ssh/config
 * for what the inventory does not set. Bad values are refused with a clear error.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { readBoolean } from '../py/bool.js';
import { ValidationError, nearest } from '../util/errors.js';
import { isValidBecomeUser } from './become.js';
import { portNumber, PORT_DOMAIN, timeoutSeconds, TIMEOUT_DOMAIN } from './conn-values.js';
import { parseProxyJump } from './jump.js';
import { parseSshArgs } from './ssh-args.js';
import { expandTilde, loadSshConfig, lookupSshConfig } from './ssh-config.js';
import { NSPAWN_CONNECTION_ALIASES, nspawnSpecFor } from './nspawn/spec.js';
import type { BecomeSpec, ConnectionSpec, ConnOptions } from './types.js';

const CONNECTIONS = ['ssh', 'local', 'nspawn'];
const ALIASES: Record<string, string> = {
  smart: 'ssh', paramiko: 'ssh', paramiko_ssh: 'ssh', 'ansible.builtin.ssh': 'ssh', 'ansible.builtin.local': 'local', ...NSPAWN_CONNECTION_ALIASES,
};
const HOST_RE = /^(?:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_])?|[0-9A-Fa-f:.]+(?:%[A-Za-z0-9_.-]+)?)$/;
const SSH_USER_RE = /^[A-Za-z0-9_][A-Za-z0-9_.@$-]*$/;

function str(vars: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = vars[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string' || typeof v === 'number') return String(v);
    throw new ValidationError(`${k} must be a string, not ${Array.isArray(v) ? 'a list' : typeof v}`);
  }
  return undefined;
}

function bad(name: string, msg: string, hint?: string): never {
  throw new ValidationError(`host ${name}: ${msg}`, undefined, hint);
}

function portOf(name: string, v: string | number | undefined, what: string): number | undefined {
  if (v === undefined) return undefined;
  const n = portNumber(v);
  if (n === undefined) bad(name, `${what} must be ${PORT_DOMAIN}, not ${JSON.stringify(v)}`);
  return n;
}

/** ansible_become* of a host: undefined when not set (or None), null when turned off (Ansible's boolean()). */
function becomeOf(name: string, vars: Record<string, unknown>): BecomeSpec | null | undefined {
  if (vars.ansible_become === undefined || vars.ansible_become === null) return undefined;
  const on = readBoolean(vars.ansible_become);
  if (on === undefined) bad(name, `ansible_become must be a boolean, not ${JSON.stringify(vars.ansible_become)}`, 'yes/no, true/false, on/off, y/n, t/f or 1/0');
  if (!on) return null;
  const bu = str(vars, 'ansible_become_user') ?? 'root';
  if (!isValidBecomeUser(bu)) bad(name, `invalid ansible_become_user ${JSON.stringify(bu)}: expected a user name`);
  const become: BecomeSpec = { user: bu };
  const pw = str(vars, 'ansible_become_password', 'ansible_become_pass');
  if (pw !== undefined) become.password = pw;
  return become;
}

export interface SpecEnv {
  /** ssh_config file (default ~/.ssh/config; '' for none). */
  sshConfigFile?: string;
  /** Local user name (default: the user running machinist). */
  localUser?: string;
}

export function connectionSpecFor(name: string, vars: Record<string, unknown>, opts: ConnOptions, env: SpecEnv = {}): ConnectionSpec {
  const rawConn = (str(vars, 'ansible_connection') ?? 'ssh').trim();
  const connection = ALIASES[rawConn] ?? rawConn;
  if (!CONNECTIONS.includes(connection)) {
    const near = nearest(connection, CONNECTIONS);
    bad(name, `unknown ansible_connection ${JSON.stringify(rawConn)}: expected one of ${CONNECTIONS.join(', ')}`, near ? `did you mean '${near}'?` : undefined);
  }
  if (connection === 'nspawn') {
    return nspawnSpecFor(name, vars, { become: becomeOf(name, vars), connectTimeoutMs: opts.connectTimeoutMs ?? 10_000, knownHostsFiles: opts.knownHostsFiles });
  }
  const given = str(vars, 'ansible_host', 'ansible_ssh_host') ?? name;
  const configFile = env.sshConfigFile ?? opts.sshConfigFile ?? path.join(os.homedir(), '.ssh', 'config');
  const cfg = configFile ? lookupSshConfig(loadSshConfig(configFile), given) : { identityFiles: [], userKnownHostsFiles: [] };
  let args;
  const rawArgs = [str(vars, 'ansible_ssh_common_args'), str(vars, 'ansible_ssh_extra_args')].filter(Boolean).join(' ');
  try {
    args = parseSshArgs(rawArgs);
  } catch (e) {
    bad(name, `ansible_ssh_common_args/extra_args: ${(e as Error).message}`);
  }

  const host = (args.options.hostname ?? cfg.hostName ?? given).trim();
  if (!HOST_RE.test(host) || host.length > 253) {
    bad(name, `invalid host address ${JSON.stringify(host)}: expected a host name or an IP address (letters, digits, '.', '-', ':')`);
  }
  // Ansible's local connection has neither a port nor a timeout: whatever they are set to is never read
  const local = connection === 'local';
  const portRead = (v: string | number | undefined, what: string) => (local ? (v === undefined ? undefined : portNumber(v)) : portOf(name, v, what));
  const port = portRead(str(vars, 'ansible_port', 'ansible_ssh_port'), 'ansible_port') ?? portRead(args.port, 'the -p/Port ssh argument') ?? cfg.port ?? 22;
  const user = str(vars, 'ansible_user', 'ansible_ssh_user') ?? opts.user ?? args.user ?? cfg.user ?? env.localUser ?? os.userInfo().username;
  if (!SSH_USER_RE.test(user) || user.length > 255) bad(name, `invalid user name ${JSON.stringify(user)}`);

  const keyVar = str(vars, 'ansible_ssh_private_key_file', 'ansible_private_key_file');
  const keys = [keyVar ?? opts.privateKey, ...args.identityFiles, ...cfg.identityFiles].filter((k): k is string => !!k).map(expandTilde);
  const knownHostsFiles = [...opts.knownHostsFiles, ...args.userKnownHostsFiles, ...cfg.userKnownHostsFiles].map(expandTilde);
  const optsChecking = opts.hostKeyChecking && opts.hostKeyChecking !== 'strict' ? opts.hostKeyChecking : undefined;
  const hostKeyChecking = args.strictHostKeyChecking ?? optsChecking ?? cfg.strictHostKeyChecking ?? opts.hostKeyChecking ?? 'strict';

  const proxyJump = args.proxyJump ?? cfg.proxyJump;
  if (proxyJump) {
    try {
      parseProxyJump(proxyJump);
    } catch (e) {
      bad(name, (e as Error).message);
    }
  }
  const timeoutVar = str(vars, 'ansible_timeout', 'ansible_ssh_timeout');
  let connectTimeoutMs = opts.connectTimeoutMs ?? cfg.connectTimeoutMs ?? 10_000;
  if (args.connectTimeoutMs) connectTimeoutMs = args.connectTimeoutMs;
  if (timeoutVar !== undefined) {
    const t = timeoutSeconds(timeoutVar);
    if (t === undefined && !local) bad(name, `ansible_timeout must be ${TIMEOUT_DOMAIN}, not ${JSON.stringify(timeoutVar)}`);
    if (t !== undefined) connectTimeoutMs = t * 1000;
  }

  const become = becomeOf(name, vars);
  const password = str(vars, 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password') ?? opts.password;

  const spec: ConnectionSpec = {
    name,
    connection,
    host,
    port,
    user,
    privateKeyFiles: [...new Set(keys)],
    knownHostsFiles: [...new Set(knownHostsFiles)],
    hostKeyChecking,
    connectTimeoutMs,
  };
  if (password !== undefined) spec.password = password;
  if (proxyJump) spec.proxyJump = proxyJump;
  if (rawArgs) spec.sshArgs = rawArgs;
  if (become !== undefined) spec.become = become;
  return spec;
}
