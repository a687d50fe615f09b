import { describe, expect, it } from 'vitest';
import { UnreachableError } from '../../../src/util/errors.js';
import { backoffMs, classifyError, isTransient } from '../../../src/transport/errors.js';

const errno = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('transport error classification', () => {
  it('maps socket codes, ssh2 levels and messages to kinds', () => {
    expect(classifyError(errno('ENOTFOUND'), 'h').kind).toBe('dns');
    expect(classifyError(errno('ECONNREFUSED'), 'h')).toMatchObject({ kind: 'socket', message: 'h: connection refused (ECONNREFUSED)' });
    expect(classifyError(errno('EHOSTUNREACH'), 'h').kind).toBe('socket');
    expect(classifyError(errno('ECONNRESET'), 'h').kind).toBe('socket');
    expect(classifyError(errno('ETIMEDOUT'), 'h').kind).toBe('timeout');
    expect(classifyError(Object.assign(new Error('All configured authentication methods failed'), { level: 'client-authentication' }), 'h').kind).toBe('auth');
    expect(classifyError(Object.assign(new Error('Timed out while waiting for handshake'), { level: 'client-timeout' }), 'h').kind).toBe('timeout');
    expect(classifyError(new Error('Connection lost before handshake'), 'h').kind).toBe('socket');
    const u = new UnreachableError('x', 'hostkey');
    expect(classifyError(u, 'h')).toBe(u);
  });

  it('retries resets and lost handshakes, a refusal only twice, never auth/hostkey/dns', () => {
    const at = (e: Error) => classifyError(e, 'h');
    expect(isTransient(at(errno('ECONNRESET')), 3)).toBe(true);
    expect(isTransient(at(new Error('Connection lost before handshake')), 1)).toBe(true);
    expect(isTransient(at(errno('ECONNREFUSED')), 1)).toBe(true);
    expect(isTransient(at(errno('ECONNREFUSED')), 2)).toBe(false);
    expect(isTransient(new UnreachableError('h: permission denied', 'auth'), 1)).toBe(false);
    expect(isTransient(new UnreachableError('h: changed', 'hostkey'), 1)).toBe(false);
    expect(isTransient(at(errno('ENOTFOUND')), 1)).toBe(false);
    expect([1, 2, 3, 10].map(backoffMs)).toEqual([250, 500, 1000, 4000]);
  });
});
