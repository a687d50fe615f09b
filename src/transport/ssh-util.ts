/**
 * Small ssh2 helpers for Ssh2Connection: ending a client, forwarding to the next ProxyJump hop,
 * sending a signal request on a channel whose stdin is already closed.
 */
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import { UnreachableError } from '../util/errors.js';
import { where } from './handshake.js';
import type { ConnectionSpec } from './types.js';

/** Clients already closed (ending them again would wait for a close that never comes). */
export const ended = new WeakSet<Client>();

export function endClient(c: Client): Promise<void> {
  if (ended.has(c)) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => {
      c.destroy();
      resolve();
    }, 2000);
    c.once('close', () => {
      clearTimeout(t);
      resolve();
    });
    c.end();
  });
}

export function forwardOut(via: Client, s: ConnectionSpec): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    via.forwardOut('127.0.0.1', 0, s.host, s.port, (err, stream) => {
      if (err) reject(new UnreachableError(`${where(s)}: the jump host could not connect to it (${err.message})`, 'socket'));
      else resolve(stream as unknown as Duplex);
    });
  });
}

/**
 * Send an SSH "signal" request. ssh2's channel.signal() is a no-op once stdin was ended (it checks
 * `writable`), which is always the case here, so the request goes through the protocol directly.
 */
export function signalChannel(ch: ClientChannel, name: string): void {
  const c = ch as unknown as { outgoing?: { state?: string; id?: number }; _client?: { _protocol?: { signal(id: number, s: string): void } } };
  try {
    if ((c.outgoing?.state === 'open' || c.outgoing?.state === 'eof') && c._client?._protocol && c.outgoing.id !== undefined) c._client._protocol.signal(c.outgoing.id, name);
    else ch.signal(name);
  } catch {
    /* channel already gone */
  }
}
