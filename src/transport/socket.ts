/**
 * The TCP socket handed to ssh2 as `sock`. Nagle is switched off (setNoDelay): with ssh2's own socket
 * a short command costs ~48 ms (delayed-ACK stall), with this one ~5 ms. The connect timeout lives
 * here because ssh2's readyTimeout only starts counting once it has a socket.
 */
import * as net from 'node:net';
import { UnreachableError } from '../util/errors.js';
import { classifyError } from './errors.js';

export function openSocket(host: string, port: number, timeoutMs: number, signal?: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const sock = net.connect({ host, port });
    sock.setNoDelay(true);
    const cleanup = () => {
      clearTimeout(timer);
      sock.off('connect', onConnect);
      sock.off('error', onError);
      signal?.removeEventListener('abort', onAbort);
    };
    const onConnect = () => {
      cleanup();
      resolve(sock);
    };
    const onError = (e: Error) => {
      cleanup();
      sock.destroy();
      reject(classifyError(e, `${host}:${port}`));
    };
    const onAbort = () => {
      cleanup();
      sock.destroy();
      reject(abortError());
    };
    const timer = setTimeout(() => {
      cleanup();
      sock.destroy();
      reject(new UnreachableError(`connection to ${host} port ${port} timed out after ${Math.round(timeoutMs / 1000)} s`, 'timeout'));
    }, timeoutMs);
    sock.once('connect', onConnect);
    sock.once('error', onError);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export function abortError(): Error {
  const e = new Error('The operation was aborted');
  e.name = 'AbortError';
  return e;
}
