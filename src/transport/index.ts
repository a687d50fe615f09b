/**
 * The transport: how machinist reaches hosts (ssh2 over a no-delay socket, or locally).
 * Become is applied inside Connection.exec/put/get from ExecOptions.become (ssh and local alike).
 */
export interface ConnOptions {
  user?: string;
  privateKey?: string;
  knownHostsFiles: string[];
  hostKeyChecking?: 'strict' | 'accept-new' | 'off';
  connectTimeoutMs?: number;
  password?: string;
  askPassphrase?: (keyFile: string) => Promise<string>;
  /** Host key warnings (accept-new recorded a key, checking off); default: printed on stderr. */
  warn?: (host: string, message: string) => void;
  /** ssh_config file to read (default ~/.ssh/config; '' for none). */
  sshConfigFile?: string;
}

export { connectionSpecFor, truthy } from './spec.js';
export { ConnectionPool } from './pool.js';
export { Ssh2Connection } from './ssh.js';
export { LocalConnection } from './local.js';
export { ChannelLimiter, MAX_CHANNELS } from './channels.js';
export { isValidBecomeUser } from './become.js';
export { fingerprint } from './known-hosts.js';
export type { Connection, ConnectionSpec, ExecOptions, ExecResult, PutOptions, GetOptions, BecomeSpec } from './types.js';
