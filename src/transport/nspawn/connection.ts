/**
 * NspawnConnection (`ansible_connection: nspawn`): a guest reached through its host's pooled
 * connection (the parent's one SSH connection for the whole run, never a new one). Every exec, put
 * and get is ONE host command built by guestExec (nsenter into the running machine, see
 * guest-exec.ts): put writes a temp file in the destination's directory and renames
 * it, inside the guest (so owners are right under user namespaces); get is `cat` inside the guest;
 * become is runuser/su/sudo inside the guest (root needs nothing: the commands run as the guest's
 * root). A stopped machine is UNREACHABLE ("machine NAME is not running on HOST"). On the host the
 * commands run as root: as the parent's login user when that is root, else through the parent's
 * become (sudo, with the parent's become password when it has one).
 */
import { UnreachableError } from '../../util/errors.js';
import { QuoteError, sh } from '../../util/quote.js';
import type { BecomeSpec, Connection, ConnectionSpec, ExecOptions, ExecResult, GetOptions, PutOptions } from '../types.js';
import { wrapCommand } from '../wrap.js';
import { stdinPutScript, toBuffer } from '../files.js';
import { asGuestUser, guestExec, parseGuestUnavailable } from './guest-exec.js';

/** The connection of the host that runs the guest, and that host's spec. */
export interface GuestParent {
  conn: Connection;
  spec: ConnectionSpec;
}


/** How the host command gets root on the parent: nothing as root, else sudo (with the parent's password). */
export function hostBecomeFor(parent: ConnectionSpec): BecomeSpec | null {
  if (parent.connection === 'nspawn' || parent.user === 'root') return null;
  const b: BecomeSpec = { user: 'root' };
  if (parent.become?.password !== undefined) b.password = parent.become.password;
  return b;
}

/** The user a command runs as inside the guest. */
function guestUser(become: BecomeSpec | null | undefined): string {
  return become ? become.user || 'root' : 'root';
}

/** Shell text (run inside the guest) that writes stdin (`size` bytes) to a temp file beside `dest` and renames it into place. */
export function guestPutScript(dest: string, size: number, opts: Pick<PutOptions, 'mode' | 'owner' | 'group'> = {}): string {
  if (!dest.startsWith('/')) throw new QuoteError(`invalid destination path ${JSON.stringify(dest)}: expected an absolute file path`);
  return stdinPutScript(dest, { mode: opts.mode, owner: opts.owner, group: opts.group, size });
}

export class NspawnConnection implements Connection {
  readonly host: string;
  readonly machine: string;
  private checked = false;

  /** `resolveParent` gives the parent host's pooled connection (called on every use). */
  constructor(
    readonly spec: ConnectionSpec,
    private readonly resolveParent: () => GuestParent,
  ) {
    if (!spec.nspawn) throw new Error(`host ${spec.name}: not an nspawn connection spec`);
    this.host = spec.name;
    this.machine = spec.nspawn.machine;
  }

  /**
   * The parent's current pooled connection (asked for on every use, so a meta: reset_connection of
   * the host is followed), checked once for a cycle of guests naming each other as their host.
   */
  private via(seen: string[] = []): GuestParent {
    if (seen.includes(this.host)) {
      throw new UnreachableError(`${[...seen, this.host].join(' → ')}: guests reach each other through machinist_nspawn_host in a cycle`, 'closed');
    }
    const p = this.resolveParent();
    if (!this.checked && p.conn instanceof NspawnConnection) p.conn.via([...seen, this.host]);
    this.checked = true;
    return p;
  }

  async connect(): Promise<void> {
    await this.via().conn.connect();
  }

  /** Run guest shell text on the host; a machine that is not running makes it UnreachableError. */
  private async run(script: string, opts: ExecOptions, command: string): Promise<ExecResult> {
    const p = this.via();
    const g = guestExec(this.machine, script, { running: 'require' });
    const r = await p.conn.exec(g.command, { stdin: opts.stdin, become: hostBecomeFor(p.spec), timeoutMs: opts.timeoutMs, signal: opts.signal });
    if (parseGuestUnavailable(r.rc, r.stderr, g.marker)) {
      throw new UnreachableError(`machine ${this.machine} is not running on ${p.spec.name}`, 'closed');
    }
    return { ...r, command };
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const inner = wrapCommand(command, { cwd: opts.cwd, env: opts.env }).inner;
    return this.run(asGuestUser(inner, guestUser(opts.become)), opts, command);
  }

  async put(dest: string, content: Buffer | string | NodeJS.ReadableStream, opts: PutOptions = {}): Promise<void> {
    const data = await toBuffer(content);
    const script = guestPutScript(dest, data.length, opts);
    const r = await this.run(asGuestUser(script, guestUser(opts.become)), { stdin: data, signal: opts.signal }, `put ${dest}`);
    if (r.rc !== 0) throw new Error(`writing ${dest} in ${this.machine} failed (rc ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`);
  }

  async get(file: string, opts: GetOptions = {}): Promise<Buffer> {
    const r = await this.run(asGuestUser(sh`cat -- ${file}`, guestUser(opts.become)), { signal: opts.signal }, `get ${file}`);
    if (r.rc !== 0) throw new Error(`reading ${file} in ${this.machine} failed (rc ${r.rc}): ${r.stderr.trim()}`);
    return r.stdoutBuffer ?? Buffer.from(r.stdout);
  }

  /** The parent's connection belongs to the pool (closed with it), so there is nothing to close here. */
  async close(): Promise<void> {}
}
