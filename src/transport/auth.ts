/**
 * User authentication in OpenSSH's order: the agent (if SSH_AUTH_SOCK), then key files (the ones
 * configured; the defaults ~/.ssh/id_ed25519, id_ecdsa, id_rsa when none is configured and they
 * exist), then the password (also answering keyboard-interactive prompts). A key file's passphrase is
 * asked once (askPassphrase) and the decrypted key cached for every connection of the run.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
// ssh2 is CommonJS: Node's ESM loader offers only its default export
import ssh2, { type AnyAuthMethod, type AuthenticationType, type AuthHandlerMiddleware, type ParsedKey } from 'ssh2';

const { utils } = ssh2;

export function defaultKeyFiles(home = os.homedir()): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((f) => path.join(home, '.ssh', f));
}

/** Parsed private keys per file, shared by all connections of a run. */
export class KeyCache {
  private readonly keys = new Map<string, Promise<ParsedKey | string>>();

  /** The key, or a string saying why it cannot be used (missing, bad passphrase, ...). */
  load(file: string, askPassphrase?: (file: string) => Promise<string>): Promise<ParsedKey | string> {
    let p = this.keys.get(file);
    if (!p) {
      p = this.read(file, askPassphrase);
      this.keys.set(file, p);
    }
    return p;
  }

  private async read(file: string, askPassphrase?: (file: string) => Promise<string>): Promise<ParsedKey | string> {
    let data: Buffer;
    try {
      data = await fs.readFile(file);
    } catch (e) {
      return `cannot read key file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
    }
    let key = utils.parseKey(data);
    if (key instanceof Error && /passphrase|encrypted/i.test(key.message)) {
      if (!askPassphrase) return `key file ${file} is encrypted and no passphrase can be asked`;
      const pass = await askPassphrase(file);
      key = utils.parseKey(data, pass);
      if (key instanceof Error) return `wrong passphrase for key file ${file}`;
    }
    if (key instanceof Error) return `cannot use key file ${file}: ${key.message}`;
    const k = Array.isArray(key) ? (key[0] as ParsedKey) : key;
    if (!k.isPrivateKey()) return `key file ${file} holds no private key`;
    return k;
  }
}

export interface AuthOptions {
  username: string;
  password?: string;
  /** Configured key files; when empty the default ones that exist are tried. */
  privateKeyFiles: string[];
  agentSocket?: string;
  askPassphrase?: (file: string) => Promise<string>;
  keyCache: KeyCache;
  /** Default key files (overridable for tests). */
  defaultKeys?: string[];
  /** Called when the handler starts waiting for a user prompt and when it is done (timeouts pause). */
  onPrompt?: (waiting: boolean) => void;
}

export interface AuthState {
  handler: AuthHandlerMiddleware;
  /** What was tried (for the "permission denied" message), e.g. "agent", "publickey /k", "password". */
  tried: string[];
  /** Problems met on the way (unreadable key files, bad passphrases). */
  notes: string[];
  /** Called once the server asked for authentication (handshake finished). */
  started: boolean;
}

type Step = { kind: 'agent' } | { kind: 'key'; file: string } | { kind: 'password' } | { kind: 'kbd' };

export function makeAuth(o: AuthOptions): AuthState {
  const steps: Step[] = [];
  if (o.agentSocket) steps.push({ kind: 'agent' });
  const keyFiles = o.privateKeyFiles.length ? o.privateKeyFiles : (o.defaultKeys ?? defaultKeyFiles());
  const seen = new Set<string>();
  for (const f of keyFiles) if (!seen.has(f)) (seen.add(f), steps.push({ kind: 'key', file: f }));
  if (o.password !== undefined) steps.push({ kind: 'password' }, { kind: 'kbd' });
  const explicit = new Set(o.privateKeyFiles);
  const state: AuthState = { handler: () => {}, tried: [], notes: [], started: false };
  let i = 0;
  const allowed = (left: AuthenticationType[] | null, t: AuthenticationType) => !left || left.includes(t) || (t === 'agent' && left.includes('publickey'));
  state.handler = (methodsLeft, _partial, next) => {
    state.started = true;
    const left = methodsLeft as AuthenticationType[] | null;
    const advance = async (): Promise<AnyAuthMethod | false> => {
      while (i < steps.length) {
        const s = steps[i++];
        if (s.kind === 'agent' && allowed(left, 'publickey')) {
          state.tried.push('agent');
          return { type: 'agent', username: o.username, agent: o.agentSocket! };
        }
        if (s.kind === 'key' && allowed(left, 'publickey')) {
          if (!explicit.has(s.file)) {
            try {
              await fs.access(s.file);
            } catch {
              continue; // default key that does not exist
            }
          }
          o.onPrompt?.(true);
          const key = await o.keyCache.load(s.file, o.askPassphrase).finally(() => o.onPrompt?.(false));
          if (typeof key === 'string') {
            state.notes.push(key);
            continue;
          }
          state.tried.push(`publickey ${s.file}`);
          return { type: 'publickey', username: o.username, key };
        }
        if (s.kind === 'password' && allowed(left, 'password')) {
          state.tried.push('password');
          return { type: 'password', username: o.username, password: o.password! };
        }
        if (s.kind === 'kbd' && allowed(left, 'keyboard-interactive')) {
          state.tried.push('keyboard-interactive');
          return {
            type: 'keyboard-interactive',
            username: o.username,
            prompt: (_n, _i, _l, prompts, finish) => finish(prompts.map(() => o.password!)),
          };
        }
      }
      return false;
    };
    advance().then(
      (m) => next(m as AnyAuthMethod),
      (e: Error) => {
        state.notes.push(e.message);
        next(false as unknown as AnyAuthMethod);
      },
    );
  };
  return state;
}
