/** Connections to the test sshd, with isolated known_hosts/ssh_config and collected warnings. */
import * as path from 'node:path';
import { KeyCache } from '../../../src/transport/auth.js';
import { Ssh2Connection, type SshContext } from '../../../src/transport/ssh.js';
import type { ConnectionSpec } from '../../../src/transport/types.js';
import type { Sshd } from '../sshd.js';

export function specFor(sshd: Sshd, over: Partial<ConnectionSpec> = {}): ConnectionSpec {
  return {
    name: 'testhost',
    connection: 'ssh',
    host: sshd.host,
    port: sshd.port,
    user: 'root',
    privateKeyFiles: [sshd.clientKeyPath],
    knownHostsFiles: [sshd.knownHostsPath],
    hostKeyChecking: 'strict',
    connectTimeoutMs: 5000,
    ...over,
  };
}

export function contextFor(sshd: Sshd, warnings: string[] = [], over: Partial<SshContext> = {}): SshContext {
  return {
    keyCache: new KeyCache(),
    warn: (m) => warnings.push(m),
    // Never the real ~/.ssh of whoever runs the tests.
    defaultKnownHosts: [],
    defaultRecordFile: path.join(sshd.dir, 'default_known_hosts'),
    defaultKeys: [],
    agentSocket: undefined,
    ...over,
  };
}

export function connect(sshd: Sshd, over: Partial<ConnectionSpec> = {}, warnings: string[] = [], ctx: Partial<SshContext> = {}): Ssh2Connection {
  return new Ssh2Connection(specFor(sshd, over), contextFor(sshd, warnings, ctx));
}
