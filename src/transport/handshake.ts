/**
 * One SSH session setup over a given socket/stream: host key verification, authentication, and the
 * timeouts around them (the connect timeout runs until the server asks us to authenticate; the
 * authentication itself gets its own time, paused while a passphrase is being typed).
 */
import type { Duplex } from 'node:stream';
// ssh2 is CommonJS: Node's ESM loader offers only its default export
import ssh2, { type Client } from 'ssh2';

const { Client: SshClient } = ssh2;
import { UnreachableError } from '../util/errors.js';
import { makeAuth, type KeyCache } from './auth.js';
import { classifyError } from './errors.js';
import { makeHostVerifier } from './host-key.js';
import type { ConnectionSpec } from './types.js';

export interface HandshakeContext {
  keyCache: KeyCache;
  askPassphrase?: (file: string) => Promise<string>;
  warn: (message: string) => void;
  /** known_hosts files read besides spec.knownHostsFiles (~/.ssh/known_hosts, /etc/ssh/ssh_known_hosts). */
  defaultKnownHosts: string[];
  /** Where accept-new records a key when spec.knownHostsFiles is empty. */
  defaultRecordFile: string;
  agentSocket?: string;
  /** Key files tried when the spec names none (default ~/.ssh/id_ed25519, id_ecdsa, id_rsa). */
  defaultKeys?: string[];
  /** Seconds between SSH keepalives (default 15). */
  keepaliveMs?: number;
}

const AUTH_TIMEOUT_MS = 30_000;

export function where(spec: Pick<ConnectionSpec, 'user' | 'host' | 'port'>): string {
  return `ssh ${spec.user}@${spec.host.includes(':') ? `[${spec.host}]` : spec.host}${spec.port === 22 ? '' : ':' + spec.port}`;
}

export function handshake(spec: ConnectionSpec, ctx: HandshakeContext, sock: Duplex): Promise<Client> {
  const client = new SshClient();
  const at = where(spec);
  const verifier = makeHostVerifier({
    host: spec.host,
    port: spec.port,
    alias: spec.name,
    files: [...spec.knownHostsFiles, ...ctx.defaultKnownHosts],
    recordFile: spec.knownHostsFiles[0] ?? ctx.defaultRecordFile,
    policy: spec.hostKeyChecking,
    warn: ctx.warn,
  });
  let timer: NodeJS.Timeout | undefined;
  let fail: (e: UnreachableError) => void = () => {};
  const arm = (ms: number, what: string) => {
    clearTimeout(timer);
    timer = setTimeout(() => fail(new UnreachableError(`${at}: timed out ${what} after ${Math.round(ms / 1000)} s`, 'timeout')), ms);
  };
  const auth = makeAuth({
    username: spec.user,
    password: spec.password,
    privateKeyFiles: spec.privateKeyFiles,
    agentSocket: ctx.agentSocket,
    askPassphrase: ctx.askPassphrase,
    keyCache: ctx.keyCache,
    defaultKeys: ctx.defaultKeys,
    onPrompt: (waiting) => (waiting ? clearTimeout(timer) : arm(AUTH_TIMEOUT_MS, 'authenticating')),
  });
  return new Promise<Client>((resolve, reject) => {
    let done = false;
    fail = (e) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      client.removeAllListeners('ready');
      client.on('error', () => {});
      client.end();
      sock.destroy();
      reject(e);
    };
    arm(spec.connectTimeoutMs, 'waiting for the SSH handshake');
    client.once('ready', () => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve(client);
    });
    client.on('error', (e: Error & { level?: string }) => {
      const hk = verifier.failure();
      if (hk) return fail(hk);
      if (e.level === 'client-authentication' || /authentication methods failed/.test(e.message)) {
        const tried = auth.tried.length ? `tried ${auth.tried.join(', ')}` : 'no key file, agent or password to try';
        const notes = auth.notes.length ? `; ${auth.notes.join('; ')}` : '';
        return fail(new UnreachableError(`${at}: permission denied (${tried}${notes})`, 'auth'));
      }
      fail(classifyError(e, at));
    });
    client.on('close', () => fail(new UnreachableError(`${at}: connection closed during the SSH handshake`, 'socket')));
    client.connect({
      sock: sock as unknown as NodeJS.ReadableStream & import('node:stream').Readable,
      username: spec.user,
      hostVerifier: (key: Buffer, verify: (ok: boolean) => void) => {
        clearTimeout(timer); // verification may append to known_hosts; the handshake is alive
        verifier.verify(key, (ok) => {
          arm(spec.connectTimeoutMs, 'waiting for the SSH handshake');
          verify(ok);
        });
      },
      authHandler: (left, partial, next) => {
        if (!auth.started) arm(AUTH_TIMEOUT_MS, 'authenticating');
        auth.handler(left, partial, next);
      },
      keepaliveInterval: ctx.keepaliveMs ?? 15_000,
      keepaliveCountMax: 3,
      readyTimeout: 0,
    });
  });
}
