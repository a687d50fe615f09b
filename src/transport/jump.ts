/**
 * ProxyJump hops: `[user@]host[:port]` entries, comma-separated, connected in order (each through the
 * previous one with forwardOut), as OpenSSH's -J. Also `ssh://user@host:port` and `[v6]:port`.
 */
import { ValidationError } from '../util/errors.js';

export interface Hop {
  user?: string;
  host: string;
  port: number;
}

export function parseProxyJump(text: string): Hop[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => {
      const m = /^(?:ssh:\/\/)?(?:([^@\s]+)@)?(\[[^\]]+\]|[^:\s@/]+)(?::(\d+))?$/.exec(s);
      if (!m) throw new ValidationError(`invalid ProxyJump hop ${JSON.stringify(s)}: expected [user@]host[:port]`);
      const port = m[3] ? Number(m[3]) : 22;
      if (port < 1 || port > 65535) throw new ValidationError(`invalid port in ProxyJump hop ${JSON.stringify(s)}`);
      return { user: m[1], host: m[2].replace(/^\[|\]$/g, ''), port };
    });
}
