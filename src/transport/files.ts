/**
 * Atomic file writes and become-aware reads shared by the ssh and local connections.
 * put: the content lands in a temporary file in the destination's directory (`.NAME.machinist-XXXX`),
 * gets its mode/owner (an existing file's mode and owner are kept when none is asked), and is renamed
 * over the destination in one command, so a run killed at any moment leaves the old or the new file.
 * With become the upload goes to a private 0600 file in /tmp as the login user, and the command
 * under sudo copies it into the destination's directory and renames it; for a non-root become user
 * (who cannot read that file) the content is passed on the command's stdin instead.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path/posix';
import type { Readable } from 'node:stream';
import { QuoteError, sh } from '../util/quote.js';
import { isValidBecomeUser } from './become.js';
import type { BecomeSpec, ExecOptions, ExecResult, PutOptions } from './types.js';

export type Content = Buffer | string | NodeJS.ReadableStream;

export interface FileOps {
  /** Runs shell text (with become when given). */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Writes content to a new file as the login user, mode 0600; rejects if that is impossible. */
  upload(path: string, content: Content, signal?: AbortSignal): Promise<void>;
  /** Login user name (root needs no sudo to become root). */
  loginUser: string;
}

const MODE_RE = /^(?:[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*)$/;
const OWNER_RE = /^(?:[a-z_][a-z0-9_.-]*\$?|\d+)$/i;

export function tempName(dest: string): string {
  return path.join(path.dirname(dest), `.${path.basename(dest)}.machinist-${randomBytes(6).toString('hex')}`);
}

/** Whether a become is needed at all (root logging in to become root needs no sudo). */
export function effectiveBecome(become: BecomeSpec | null | undefined, loginUser: string): BecomeSpec | null {
  if (!become) return null;
  if ((become.user || 'root') === 'root' && loginUser === 'root') return null;
  return become;
}

function validate(dest: string, opts: PutOptions): void {
  if (!dest || dest.endsWith('/')) throw new QuoteError(`invalid destination path ${JSON.stringify(dest)}: expected a file path`);
  if (opts.mode !== undefined && !MODE_RE.test(opts.mode)) throw new QuoteError(`invalid mode ${JSON.stringify(opts.mode)}: expected octal like "0644" or symbolic like "u+rwx,g-w"`);
  for (const [k, v] of [['owner', opts.owner], ['group', opts.group]] as const) {
    if (v !== undefined && !OWNER_RE.test(v)) throw new QuoteError(`invalid ${k} ${JSON.stringify(v)}: expected a name or a numeric id`);
  }
}

/** Shell text: given `$t` (the temp in place), set attributes and rename over `dest`. */
function finishScript(dest: string, opts: PutOptions, cleanup?: string): string {
  const steps: string[] = [];
  // No mode asked: an existing file keeps its mode, a new one gets the default (0666 less the umask).
  if (!opts.mode) steps.push(sh`{ if [ -e ${dest} ]; then chmod --reference=${dest} "$t"; else chmod "$(printf %o $((0666 & ~0$dm)))" "$t"; fi 2>/dev/null || true; }`);
  if (!opts.owner && !opts.group) steps.push(sh`{ [ ! -e ${dest} ] || chown --reference=${dest} "$t" 2>/dev/null || true; }`);
  if (opts.mode) steps.push(sh`chmod ${opts.mode} "$t"`);
  if (opts.owner || opts.group) steps.push(sh`chown ${(opts.owner ?? '') + (opts.group ? ':' + opts.group : '')} "$t"`);
  steps.push(sh`mv -f -- "$t" ${dest}`);
  const rm = cleanup ? sh`rm -f -- ${cleanup}; ` : '';
  return `${steps.join(' && ')}; rc=$?; ${rm}[ $rc -eq 0 ] || rm -f "$t"; exit $rc`;
}

export async function toBuffer(content: Content): Promise<Buffer> {
  if (typeof content === 'string') return Buffer.from(content);
  if (Buffer.isBuffer(content)) return content;
  const chunks: Buffer[] = [];
  for await (const c of content as Readable) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

/**
 * Shell text that writes its stdin to a temporary file beside `dest` (created exclusively, private)
 * and renames it into place with the asked (or the existing file's) mode and owner. For commands
 * that run where no upload can reach (another user, a guest).
 */
export function stdinPutScript(dest: string, opts: Pick<PutOptions, 'mode' | 'owner' | 'group'> = {}, t = tempName(dest)): string {
  validate(dest, opts);
  return sh`t=${t}; dm=$(umask); ` + `(umask 077; set -C; cat > "$t") || { rc=$?; rm -f "$t"; exit $rc; }; ` + finishScript(dest, opts);
}

function check(r: ExecResult, what: string): void {
  if (r.rc !== 0) throw new Error(`${what} failed (rc ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`);
}

export async function atomicPut(ops: FileOps, dest: string, content: Content, opts: PutOptions = {}): Promise<void> {
  validate(dest, opts);
  if (opts.become?.user && !isValidBecomeUser(opts.become.user)) throw new QuoteError(`invalid become user ${JSON.stringify(opts.become.user)}`);
  const become = effectiveBecome(opts.become, ops.loginUser);
  const t = tempName(dest);
  // dm: the login's umask, before the script narrows it to keep the temp file private.
  const setT = sh`t=${t}; dm=$(umask); `;
  if (!become) {
    try {
      await ops.upload(t, content, opts.signal);
    } catch (e) {
      await ops.exec(sh`rm -f ${t}`).catch(() => undefined);
      throw e;
    }
    const r = await ops.exec(setT + finishScript(dest, opts), { signal: opts.signal });
    return check(r, `writing ${dest}`);
  }
  if ((become.user || 'root') === 'root') {
    const staged = `/tmp/.machinist-${randomBytes(8).toString('hex')}`;
    try {
      await ops.upload(staged, content, opts.signal);
    } catch (e) {
      await ops.exec(sh`rm -f ${staged}`).catch(() => undefined);
      throw e;
    }
    const script = setT + sh`umask 077; cp -- ${staged} "$t" || { rc=$?; rm -f ${staged} "$t"; exit $rc; }; ` + finishScript(dest, opts, staged);
    const r = await ops.exec(script, { become, signal: opts.signal }).catch(async (e) => {
      await ops.exec(sh`rm -f ${staged}`).catch(() => undefined);
      throw e;
    });
    return check(r, `writing ${dest} as ${become.user || 'root'}`);
  }
  const data = await toBuffer(content);
  const r = await ops.exec(stdinPutScript(dest, opts, t), { become, stdin: data, signal: opts.signal });
  return check(r, `writing ${dest} as ${become.user}`);
}

/** Read a file with `cat` (under sudo when become is given; SFTP/fs are used when possible). */
export async function becomeGet(ops: FileOps, file: string, become: BecomeSpec | null, signal?: AbortSignal): Promise<Buffer> {
  const r = await ops.exec(sh`cat -- ${file}`, { become, signal });
  check(r, `reading ${file}`);
  return r.stdoutBuffer ?? Buffer.from(r.stdout);
}
