/**
 * Turning socket/ssh2 errors into UnreachableError with a kind, and deciding which connect failures
 * are worth a retry (transient: reset, lost before handshake, MaxStartups drops, a refused port once
 * or twice) and which are not (auth, host key, DNS).
 */
import { UnreachableError } from '../util/errors.js';

type Kind = UnreachableError['kind'];

const CODE_KINDS: Record<string, Kind> = {
  ENOTFOUND: 'dns',
  EAI_AGAIN: 'dns',
  EAI_NONAME: 'dns',
  ECONNREFUSED: 'socket',
  EHOSTUNREACH: 'socket',
  ENETUNREACH: 'socket',
  ECONNRESET: 'socket',
  EPIPE: 'socket',
  ECONNABORTED: 'socket',
  ETIMEDOUT: 'timeout',
};

/** What went wrong, in words a user understands, with the kind for the engine. */
export function classifyError(err: unknown, where: string): UnreachableError {
  if (err instanceof UnreachableError) return err;
  const e = err as NodeJS.ErrnoException & { level?: string };
  const msg = e?.message ?? String(err);
  const code = e?.code ?? '';
  if (code in CODE_KINDS) {
    const kind = CODE_KINDS[code];
    const words: Record<string, string> = {
      ENOTFOUND: 'could not resolve host name',
      EAI_AGAIN: 'could not resolve host name (temporary DNS failure)',
      ECONNREFUSED: 'connection refused',
      EHOSTUNREACH: 'no route to host',
      ENETUNREACH: 'network is unreachable',
      ECONNRESET: 'connection reset by peer',
      ETIMEDOUT: 'connection timed out',
    };
    return new UnreachableError(`${where}: ${words[code] ?? msg} (${code})`, kind);
  }
  if (e?.level === 'client-authentication' || /All configured authentication methods failed/.test(msg)) {
    return new UnreachableError(`${where}: permission denied (all configured authentication methods failed)`, 'auth');
  }
  if (e?.level === 'client-timeout' || /Timed out while waiting for handshake/.test(msg)) {
    return new UnreachableError(`${where}: timed out waiting for the SSH handshake`, 'timeout');
  }
  if (/Host denied|host key/i.test(msg)) return new UnreachableError(`${where}: ${msg}`, 'hostkey');
  if (/before handshake|Connection lost|ECONNRESET|closed/i.test(msg)) {
    return new UnreachableError(`${where}: connection closed by remote host (${msg})`, 'socket');
  }
  return new UnreachableError(`${where}: ${msg}`, 'socket');
}

/** Whether a failed connect is worth another try after a short pause. */
export function isTransient(err: UnreachableError, attempt: number): boolean {
  if (err.kind === 'auth' || err.kind === 'hostkey' || err.kind === 'dns') return false;
  if (/connection refused/.test(err.message)) return attempt < 2;
  return err.kind === 'socket' || err.kind === 'timeout' ? /reset|closed|before handshake|kex|banner/i.test(err.message) : false;
}

/** Backoff before attempt n (1-based): 250 ms, 500 ms, 1 s, ... */
export function backoffMs(attempt: number): number {
  return Math.min(4000, 250 * 2 ** (attempt - 1));
}
