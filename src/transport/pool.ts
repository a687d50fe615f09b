/**
 * ConnectionPool: one Connection per inventory host name (and ssh user) for the whole run (ssh connections open
 * lazily on first use), shared parsed keys and passphrases, and closeAll() at the end.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { KeyCache } from './auth.js';
import { LocalConnection } from './local.js';
import { NspawnConnection, type GuestParent } from './nspawn/connection.js';
import { connectionSpecFor } from './spec.js';
import { Ssh2Connection, type SshContext } from './ssh.js';
import type { Connection, ConnectionSpec, ConnOptions } from './types.js';

export class ConnectionPool {
  private readonly conns = new Map<string, Connection>();
  private readonly keyCache = new KeyCache();

  constructor(private readonly opts: ConnOptions) {}

  /**
   * The connection for spec.name and, over ssh, spec.user (the first spec given for them wins for the whole run). A guest
   * (connection 'nspawn') needs `parent`: its host's pooled connection, asked for on first use.
   */
  get(spec: ConnectionSpec, parent?: () => GuestParent): Connection {
    // an ssh host reached as another user (remote_user on a task) is another connection
    const key = spec.connection === 'ssh' ? `${spec.name}\0${spec.user}` : spec.name;
    let c = this.conns.get(key);
    if (!c) {
      if (spec.connection === 'nspawn') {
        if (!parent) throw new Error(`host ${spec.name}: a guest (ansible_connection nspawn) is reached through its host ${spec.nspawn?.host}, which is not known here`);
        c = new NspawnConnection(spec, parent);
      } else c = spec.connection === 'local' ? new LocalConnection(spec.name) : new Ssh2Connection(spec, this.context(spec));
      this.conns.set(key, c);
    }
    return c;
  }

  /** Forget a host's connection after closing it (e.g. after a reboot the engine wants a fresh one). */
  async drop(name: string): Promise<void> {
    const keys = [...this.conns.keys()].filter((k) => k === name || k.startsWith(`${name}\0`));
    const gone = keys.map((k) => this.conns.get(k)!);
    for (const k of keys) this.conns.delete(k);
    await Promise.allSettled(gone.map((c) => c.close()));
  }

  async closeAll(): Promise<void> {
    const all = [...this.conns.values()];
    this.conns.clear();
    await Promise.allSettled(all.map((c) => c.close()));
  }

  private context(spec: ConnectionSpec): SshContext {
    const home = os.homedir();
    const warn = this.opts.warn ?? ((host: string, m: string) => process.stderr.write(`[WARNING]: ${host}: ${m}\n`));
    return {
      keyCache: this.keyCache,
      askPassphrase: this.opts.askPassphrase,
      warn: (m) => warn(spec.name, m),
      defaultKnownHosts: [path.join(home, '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'],
      defaultRecordFile: path.join(home, '.ssh', 'known_hosts'),
      agentSocket: process.env.SSH_AUTH_SOCK || undefined,
      hopSpec: (hop, target) => {
        // A jump host is configured like any host: ~/.ssh/config applies to it, the target's keys too.
        const vars: Record<string, unknown> = { ansible_host: hop.host, ansible_port: hop.port };
        if (hop.user) vars.ansible_user = hop.user;
        const s = connectionSpecFor(hop.host, vars, { ...this.opts, user: hop.user ?? this.opts.user ?? target.user });
        return { ...s, privateKeyFiles: s.privateKeyFiles.length ? s.privateKeyFiles : target.privateKeyFiles, knownHostsFiles: [...new Set([...s.knownHostsFiles, ...target.knownHostsFiles])] };
      },
    };
  }
}
