/**
 * Host key policy for one connection (ssh2's hostVerifier gets the raw key blob):
 * - known key: accept;
 * - changed key (same type, different key): ALWAYS refuse, whatever the policy;
 * - @revoked key: refuse;
 * - unknown: 'strict' refuses with the fingerprint and how to accept it, 'accept-new' records it in
 *   the first user known_hosts file and warns, 'off' accepts with a warning.
 */
import { UnreachableError } from '../util/errors.js';
import { appendKnownHost, checkHostKey, fingerprint, keyTypeOf, knownHostName, readKnownHosts } from './known-hosts.js';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'off';

export interface HostKeyCheck {
  /** Address connected to and its port (the recorded name is `[host]:port` unless port 22). */
  host: string;
  port: number;
  /** Inventory name, also accepted as a known_hosts name. */
  alias?: string;
  /** Every known_hosts file to read. */
  files: string[];
  /** Where accept-new records a key. */
  recordFile: string;
  policy: HostKeyPolicy;
  warn: (message: string) => void;
}

export interface HostVerifier {
  verify: (key: Buffer, done: (ok: boolean) => void) => void;
  /** Why the key was refused (set when verify answered false). */
  failure(): UnreachableError | undefined;
}

export function makeHostVerifier(c: HostKeyCheck): HostVerifier {
  let failure: UnreachableError | undefined;
  const name = knownHostName(c.host, c.port);
  const names = [name];
  if (c.alias && c.alias.toLowerCase() !== c.host.toLowerCase()) names.push(knownHostName(c.alias, c.port));
  const decide = async (blob: Buffer): Promise<boolean> => {
    const entries = await readKnownHosts(c.files);
    const st = checkHostKey(entries, names, blob);
    const type = keyTypeOf(blob);
    const fp = fingerprint(blob);
    if (st.status === 'known') return true;
    if (st.status === 'revoked') {
      failure = new UnreachableError(`${name}: the ${type} host key ${fp} is marked @revoked in ${st.entry.file}:${st.entry.line}; refusing to connect`, 'hostkey');
      return false;
    }
    if (st.status === 'changed') {
      failure = new UnreachableError(
        [
          '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
          '@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @',
          '@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@',
          `The ${type} host key of ${name} is not the one recorded: someone could be intercepting the connection, or the host was reinstalled.`,
          `Presented key fingerprint: ${fp}`,
          `Recorded key fingerprint:  ${fingerprint(Buffer.from(st.entry.key, 'base64'))} (${st.entry.file}:${st.entry.line})`,
          `If the change is expected, remove the old entry (ssh-keygen -R '${name}' -f ${st.entry.file}) and connect again. Refusing to connect.`,
        ].join('\n'),
        'hostkey',
      );
      return false;
    }
    const also = st.otherTypes.length ? ` (keys of other types are known for it: ${st.otherTypes.join(', ')})` : '';
    if (c.policy === 'off') {
      c.warn(`host key checking is off: accepting the ${type} key ${fp} of ${name} without verification`);
      return true;
    }
    if (c.policy === 'accept-new') {
      await appendKnownHost(c.recordFile, name, blob);
      c.warn(`permanently added ${name} (${type} ${fp}) to ${c.recordFile}`);
      return true;
    }
    failure = new UnreachableError(
      `${name}: host key is not known${also}: ${type} key fingerprint ${fp}. ` +
        `Verify it, then accept it with --host-key-checking accept-new or add it to ${c.recordFile} (or a --known-hosts file).`,
      'hostkey',
    );
    return false;
  };
  return {
    verify(key, done) {
      decide(key).then(done, (e: Error) => {
        failure = new UnreachableError(`${name}: host key check failed: ${e.message}`, 'hostkey');
        done(false);
      });
    },
    failure: () => failure,
  };
}
