/**
 * Atomic file writes and become-aware reads shared by the connections. put runs ONE stdin-fed
 * script on the host (under sudo with become; inside the guest for nspawn): it first removes the
 * stale temporaries a killed writer left beside the destination, then writes stdin to a new private
 * temporary there (named by util/temp-files.ts), checks that the whole content arrived (a controller
 * killed mid-transfer closes stdin early: the cut-short file is removed, never renamed), gives it its
 * mode/owner (an existing file's mode and owner are kept when none is asked), and renames it over
 * the destination, so a run killed at any moment leaves the old or the new file. The writer is that
 * script's shell, whose pid is in the temporary's name: the next write can tell when it is gone.
 */
import type { Readable } from 'node:stream';
import { QuoteError, sh } from '../util/quote.js';
import { tempScript } from '../util/temp-files.js';
import { isValidBecomeUser } from './become.js';
import type { BecomeSpec, ExecOptions, ExecResult, PutOptions } from './types.js';

export type Content = Buffer | string | NodeJS.ReadableStream;

export interface FileOps {
  /** Runs shell text (with become when given). */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Login user name (root needs no sudo to become root). */
  loginUser: string;
}

const MODE_RE = /^(?:[0-7]{3,4}|[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*)$/;
const OWNER_RE = /^(?:[a-z_][a-z0-9_.-]*\$?|\d+)$/i;

/** Whether a become is needed at all (root logging in to become root needs no sudo). */
export function effectiveBecome(become: BecomeSpec | null | undefined, loginUser: string): BecomeSpec | null {
  if (!become) return null;
  if ((become.user || 'root') === 'root' && loginUser === 'root') return null;
  return become;
}

function validate(dest: string, opts: PutAttrs): void {
  if (!dest || dest.endsWith('/')) throw new QuoteError(`invalid destination path ${JSON.stringify(dest)}: expected a file path`);
  if (opts.mode !== undefined && !MODE_RE.test(opts.mode)) throw new QuoteError(`invalid mode ${JSON.stringify(opts.mode)}: expected octal like "0644" or symbolic like "u+rwx,g-w"`);
  for (const [k, v] of [['owner', opts.owner], ['group', opts.group]] as const) {
    if (v !== undefined && !OWNER_RE.test(v)) throw new QuoteError(`invalid ${k} ${JSON.stringify(v)}: expected a name or a numeric id`);
  }
}

export type PutAttrs = Pick<PutOptions, 'mode' | 'owner' | 'group'>;

export interface PutScriptOptions extends PutAttrs {
  /**
   * The content's length in bytes: a temporary that got less (stdin closed early because the
   * controller died mid-transfer) is removed, not renamed.
   */
  size: number;
  /**
   * Shell text run once the content and attributes are in place in the temporary `"$t"`, before the
   * rename: a non-zero status ends the script with that status and the temporary removed. It must
   * not `exit` (use `(exit N)` for a status).
   */
  check?: string;
}

/**
 * Shell text that writes its stdin (`size` bytes) to a temporary file beside `dest` and renames it
 * into place with the asked (or the existing file's) mode and owner. The one put script: every
 * connection's put and the validated writes of the file modules run it.
 */
export function stdinPutScript(dest: string, opts: PutScriptOptions): string {
  validate(dest, opts);
  const size = opts.size;
  if (!Number.isSafeInteger(size) || size < 0) throw new QuoteError(`invalid content size ${size}`);
  const tmp = tempScript(dest, 't');
  const steps: string[] = [];
  // No mode asked: an existing file keeps its mode, a new one gets the default (0666 less the umask).
  if (!opts.mode) steps.push(sh`{ if [ -e ${dest} ]; then chmod --reference=${dest} "$t"; else chmod "$(printf %o $((0666 & ~0$dm)))" "$t"; fi 2>/dev/null || true; }`);
  if (!opts.owner && !opts.group) steps.push(sh`{ [ ! -e ${dest} ] || chown --reference=${dest} "$t" 2>/dev/null || true; }`);
  if (opts.mode) steps.push(sh`chmod ${opts.mode} "$t"`);
  if (opts.owner || opts.group) steps.push(sh`chown ${(opts.owner ?? '') + (opts.group ? ':' + opts.group : '')} "$t"`);
  if (opts.check) steps.push(`{ ${opts.check}; }`);
  steps.push(sh`mv -f -- "$t" ${dest}`);
  return [
    // dm: the login's umask, before the write narrows it to keep the temporary private
    `${tmp.setup}; dm=$(umask)`,
    // the temporary goes away however the script ends; after the rename there is none to remove
    `trap 'rm -f -- "$t"' EXIT; trap 'exit 129' HUP; trap 'exit 130' INT; trap 'exit 141' PIPE; trap 'exit 143' TERM`,
    tmp.cleanup,
    `(umask 077; set -C; cat > "$t") || exit`,
    `_mxn=$(wc -c < "$t") || exit`,
    `[ $_mxn -eq ${size} ] || { echo "the content was cut short: $_mxn of ${size} bytes arrived" >&2; exit 1; }`,
    steps.join(' && '),
  ].join('\n') + '\n';
}

export async function toBuffer(content: Content): Promise<Buffer> {
  if (typeof content === 'string') return Buffer.from(content);
  if (Buffer.isBuffer(content)) return content;
  const chunks: Buffer[] = [];
  for await (const c of content as Readable) chunks.push(Buffer.from(c as Buffer));
  return Buffer.concat(chunks);
}

function check(r: ExecResult, what: string): void {
  if (r.rc !== 0) throw new Error(`${what} failed (rc ${r.rc}): ${r.stderr.trim() || r.stdout.trim()}`);
}

export async function atomicPut(ops: FileOps, dest: string, content: Content, opts: PutOptions = {}): Promise<void> {
  validate(dest, opts);
  if (opts.become?.user && !isValidBecomeUser(opts.become.user)) throw new QuoteError(`invalid become user ${JSON.stringify(opts.become.user)}`);
  const become = effectiveBecome(opts.become, ops.loginUser);
  const data = await toBuffer(content);
  const r = await ops.exec(stdinPutScript(dest, { mode: opts.mode, owner: opts.owner, group: opts.group, size: data.length }), { become, stdin: data, signal: opts.signal });
  check(r, become ? `writing ${dest} as ${become.user || 'root'}` : `writing ${dest}`);
}

/** Read a file with `cat` (under sudo when become is given; SFTP/fs are used when possible). */
export async function becomeGet(ops: FileOps, file: string, become: BecomeSpec | null, signal?: AbortSignal): Promise<Buffer> {
  const r = await ops.exec(sh`cat -- ${file}`, { become, signal });
  check(r, `reading ${file}`);
  return r.stdoutBuffer ?? Buffer.from(r.stdout);
}
