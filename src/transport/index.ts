/**
 * The transport: how machinist reaches hosts (ssh2 over a no-delay socket, locally, or into an
 * nspawn guest through its host's connection).
 * Become is applied inside Connection.exec/put/get from ExecOptions.become (ssh and local alike).
 */
export { connectionSpecFor } from './spec.js';
export { ConnectionPool } from './pool.js';
export { Ssh2Connection } from './ssh.js';
export { LocalConnection } from './local.js';
export { ChannelLimiter, MAX_CHANNELS } from './channels.js';
export { isValidBecomeUser } from './become.js';
export { fingerprint } from './known-hosts.js';
export type { Connection, ConnectionSpec, ConnOptions, ExecOptions, ExecResult, PutOptions, GetOptions, BecomeSpec } from './types.js';
