/**
 * Ssh2Connection: one ssh2 connection per host for the whole run (opened lazily, kept alive with
 * keepalives, re-established once on next use after a drop), at most 10 channels at once. Commands run
 * under `/bin/sh -c` (dash semantics whatever the login shell), become through sudo (wrap.ts), files
 * written by one stdin-fed script with atomic rename (files.ts) and read through SFTP.
 */
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import { endClient, ended, forwardOut, signalChannel } from './ssh-util.js';
import { UnreachableError } from '../util/errors.js';
import { ChannelLimiter } from './channels.js';
import { backoffMs, classifyError, isTransient } from './errors.js';
import { atomicPut, becomeGet, effectiveBecome, type FileOps } from './files.js';
import { handshake, where, type HandshakeContext } from './handshake.js';
import { parseProxyJump, type Hop } from './jump.js';
import { drive } from './run.js';
import { sftpGet } from './sftp.js';
import { abortError, openSocket } from './socket.js';
import type { Connection, ConnectionSpec, ExecOptions, ExecResult, GetOptions, PutOptions } from './types.js';
import { killScript, wrapCommand } from './wrap.js';

export interface SshContext extends HandshakeContext {
  /** Spec of a ProxyJump hop (default: the target's user, keys, known_hosts and policy). */
  hopSpec?: (hop: Hop, target: ConnectionSpec) => ConnectionSpec;
  /** Connect attempts on transient errors (default 4). */
  connectAttempts?: number;
}

export function defaultHopSpec(hop: Hop, target: ConnectionSpec): ConnectionSpec {
  return {
    ...target,
    name: hop.host,
    host: hop.host,
    port: hop.port,
    user: hop.user ?? target.user,
    proxyJump: undefined,
    sshArgs: undefined,
    become: null,
  };
}

/** Exit status of each exec channel, recorded as soon as the channel exists. */
const exits = new WeakMap<ClientChannel, { code: number | null; signal?: string }>();
/** How long close() waits for kill scripts of interrupted commands to run. */
const KILL_WAIT_MS = 3000;

export class Ssh2Connection implements Connection {
  readonly host: string;
  readonly limiter = new ChannelLimiter();
  private client?: Client;
  private jumps: Client[] = [];
  private connecting?: Promise<Client>;
  private sftpP?: Promise<SFTPWrapper>;
  private closed = false;
  /** Kill scripts under way (see killRemote). */
  private readonly kills = new Set<Promise<void>>();
  /** How many times a connection was established (1 + reconnects). */
  connects = 0;
  /** Channel opens sshd refused for a moment (MaxSessions not yet freed) and that were retried. */
  refusals = 0;

  constructor(
    readonly spec: ConnectionSpec,
    private readonly ctx: SshContext,
  ) {
    this.host = spec.name;
  }

  async connect(): Promise<void> {
    this.closed = false;
    await this.ensure();
  }

  private ensure(signal?: AbortSignal): Promise<Client> {
    if (this.closed) return Promise.reject(new UnreachableError(`${this.host}: connection already closed`, 'closed'));
    if (this.client) return Promise.resolve(this.client);
    if (!this.connecting) {
      this.connecting = this.openWithRetry().finally(() => (this.connecting = undefined));
    }
    if (!signal) return this.connecting;
    return new Promise((resolve, reject) => {
      if (signal.aborted) return reject(abortError());
      const onAbort = () => reject(abortError());
      signal.addEventListener('abort', onAbort, { once: true });
      this.connecting!.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
    });
  }

  private async openWithRetry(): Promise<Client> {
    const max = this.ctx.connectAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.open();
      } catch (e) {
        const err = classifyError(e, where(this.spec));
        if (attempt >= max || !isTransient(err, attempt)) throw err;
        await new Promise((r) => setTimeout(r, backoffMs(attempt)));
        if (this.closed) throw err;
      }
    }
  }

  private async open(): Promise<Client> {
    const hops = this.spec.proxyJump ? parseProxyJump(this.spec.proxyJump) : [];
    const hopSpec = this.ctx.hopSpec ?? defaultHopSpec;
    const chain = [...hops.map((h) => hopSpec(h, this.spec)), this.spec];
    const opened: Client[] = [];
    try {
      let prev: Client | undefined;
      for (const s of chain) {
        const sock: Duplex = prev ? await forwardOut(prev, s) : await openSocket(s.host, s.port, s.connectTimeoutMs);
        const c = await handshake(s, this.ctx, sock);
        c.on('error', () => {});
        c.once('close', () => ended.add(c));
        opened.push(c);
        prev = c;
      }
    } catch (e) {
      for (const c of opened) c.end();
      throw e;
    }
    const client = opened.pop()!;
    if (this.closed) {
      client.end();
      for (const c of opened) c.end();
      throw new UnreachableError(`${this.host}: connection closed`, 'closed');
    }
    this.jumps = opened;
    this.client = client;
    this.connects++;
    client.on('close', () => {
      if (this.client === client) {
        this.client = undefined;
        this.sftpP = undefined;
        for (const c of this.jumps) c.end();
        this.jumps = [];
      }
    });
    return client;
  }

  /** Open an exec channel; if the connection turns out dead, reconnect once and try again. */
  private async channel(command: string, signal?: AbortSignal): Promise<ClientChannel> {
    let refused = 0;
    for (let attempt = 0; ; attempt++) {
      const client = await this.ensure(signal);
      try {
        return await new Promise<ClientChannel>((resolve, reject) => {
          try {
            client.exec(command, (err, ch) => {
              if (err) return reject(err);
              // ssh2 may emit 'exit' in the same tick as this callback: record it before anyone awaits
              ch.on('exit', (code: number | null, sig?: string) => exits.set(ch, { code, signal: sig ?? undefined }));
              resolve(ch);
            });
          } catch (e) {
            reject(e);
          }
        });
      } catch (e) {
        const msg = (e as Error).message;
        // sshd frees a session slot a moment after the channel closed (MaxSessions): try again.
        if (/open failed|administratively prohibited/i.test(msg) && refused++ < 40) {
          this.refusals++;
          attempt--;
          await new Promise((r) => setTimeout(r, 10 + 5 * refused));
          continue;
        }
        const dead = /Not connected|No response|closed|ECONNRESET|write after end/i.test(msg);
        if (!dead || attempt > 0) throw dead ? classifyError(e, where(this.spec)) : e;
        if (this.client === client) this.client = undefined;
        client.end();
      }
    }
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const become = effectiveBecome(opts.become, this.spec.user);
    const w = wrapCommand(command, { ...opts, become }, { announcePid: !!(opts.signal || opts.timeoutMs) });
    return this.limiter.run(async () => {
      const ch = await this.channel(w.command, opts.signal);
      const done = new Promise<{ code: number | null; signal?: string }>((resolve) => {
        ch.on('close', () => resolve(exits.get(ch) ?? { code: null }));
      });
      const result = await drive(
        {
          stdin: ch,
          stdout: ch,
          stderr: ch.stderr,
          kill: (pid) => {
            signalChannel(ch, 'TERM');
            if (pid) void this.killRemote(pid);
            ch.close();
          },
          done,
        },
        w,
        command,
        opts,
      );
      // sshd always reports how a command ended; a channel that closed without it lost its connection
      if (!exits.has(ch) && !result.timedOut && !opts.signal?.aborted) {
        throw new UnreachableError(`${where(this.spec)}: connection lost while running a command`, 'closed');
      }
      return result;
    }, opts.signal);
  }

  /** End an announced remote process group, outside the channel limit (a slot is being freed). */
  private killRemote(pid: number): Promise<void> {
    const k = (async () => {
      try {
        const ch = await this.channel(killScript(pid));
        ch.on('data', () => {});
        ch.stderr.on('data', () => {});
        const ended = new Promise<void>((resolve) => ch.on('close', () => resolve()));
        ch.end();
        await ended;
      } catch {
        /* connection gone: so is the command */
      }
    })();
    // close() waits for it: Ctrl-C ends the run right after signalling, and the kill must get through first
    this.kills.add(k);
    void k.finally(() => this.kills.delete(k));
    return k;
  }

  private sftp(signal?: AbortSignal): Promise<SFTPWrapper> {
    if (!this.sftpP) {
      const p = (async () => {
        const client = await this.ensure(signal);
        const release = await this.limiter.acquire(signal);
        try {
          const s = await new Promise<SFTPWrapper>((resolve, reject) => client.sftp((e, s) => (e ? reject(e) : resolve(s))));
          s.on('close', () => {
            release();
            if (this.sftpP === p) this.sftpP = undefined;
          });
          return s;
        } catch (e) {
          release();
          throw e;
        }
      })();
      this.sftpP = p;
      p.catch(() => {
        if (this.sftpP === p) this.sftpP = undefined;
      });
    }
    return this.sftpP;
  }

  private ops(): FileOps {
    return {
      exec: (c, o) => this.exec(c, o),
      loginUser: this.spec.user,
    };
  }

  async put(dest: string, content: Buffer | string | NodeJS.ReadableStream, opts: PutOptions = {}): Promise<void> {
    await atomicPut(this.ops(), dest, content, opts);
  }

  async get(path: string, opts: GetOptions = {}): Promise<Buffer> {
    const become = effectiveBecome(opts.become, this.spec.user);
    if (become) return becomeGet(this.ops(), path, become, opts.signal);
    const s = await this.sftp(opts.signal).catch(() => undefined);
    if (s) return sftpGet(s, path);
    return becomeGet(this.ops(), path, null, opts.signal);
  }

  async close(): Promise<void> {
    if (this.kills.size) await Promise.race([Promise.allSettled([...this.kills]), new Promise((r) => setTimeout(r, KILL_WAIT_MS).unref())]);
    this.closed = true;
    const pending = this.connecting;
    const c = this.client;
    this.client = undefined;
    this.sftpP = undefined;
    if (c) await endClient(c);
    for (const j of this.jumps) await endClient(j);
    this.jumps = [];
    if (pending) await pending.then((cl) => endClient(cl)).catch(() => undefined);
  }
}
