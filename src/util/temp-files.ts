/**
 * Temporary files beside a destination: the ONE naming scheme and the ONE stale-file cleanup of every
 * atomic write (the connections' put, validated writes, the file module's links, fetch on the
 * controller). A temporary of DIR/BASE is `DIR/.BASE.machinist-BOOT-PID-RAND`: BOOT the first 8 hex
 * digits of the kernel's boot id, PID the process that writes it (the host shell's `$$`; the
 * controller itself for fetch), RAND 8 random hex digits. A writer that needs the destination's
 * extension on its temporary (machinectl export-tar picks the compression from `.tar.xz`) asks for
 * it: `DIR/.BASE.machinist-BOOT-PID-RAND.EXT`, and only its own cleanup looks at such names.
 *
 * A writer killed mid-write (kill -9, a host that went down) can leave its temporary behind. The next
 * write to the same destination removes those whose writer is gone: written in another boot, or by
 * a process that no longer exists. Liveness is judged on the host itself (its boot id and process
 * table), so clocks do not matter; a pid that was reused only keeps a stale file longer. Only names
 * of exactly this form with this destination's prefix are touched: never a user's file, never the
 * temporary of another destination, never one whose writer may still be running.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as posix from 'node:path/posix';
import { QuoteError, quote } from './quote.js';

const MARK = '.machinist-';
const BOOT_ID = '/proc/sys/kernel/random/boot_id';
/** The boot marker where the kernel has no boot id (not Linux). */
const NO_BOOT = '00000000';
const HEX8_GLOB = '[0-9a-f]'.repeat(8);

/** `DIR/.BASE.machinist-`: what every temporary of `dest` starts with. */
export function tempPrefix(dest: string): string {
  return posix.join(posix.dirname(dest), `.${posix.basename(dest)}${MARK}`);
}

/** The marker of a boot from the text of a boot id (`NO_BOOT` when it is not one). */
export function bootMarker(bootId: string | undefined): string {
  const m = /^([0-9a-f]{8})-/.exec((bootId ?? '').trim());
  return m ? m[1] : NO_BOOT;
}

/** `BOOT-PID-RAND` as it follows the prefix, or undefined for any other name. */
export function parseTempSuffix(suffix: string): { boot: string; pid: number } | undefined {
  const m = /^([0-9a-f]{8})-([0-9]+)-[0-9a-f]{8}$/.exec(suffix);
  return m ? { boot: m[1], pid: Number(m[2]) } : undefined;
}

/** A temporary of `dest` is stale when its writer is gone: another boot, or a pid no longer alive. */
export function isStale(suffix: string, boot: string, alive: (pid: number) => boolean): boolean {
  const t = parseTempSuffix(suffix);
  if (!t) return false;
  return t.boot !== boot || !alive(t.pid);
}

export interface TempScript {
  /** Sets `$VAR` to a new temporary's path beside the destination (nothing is created). */
  setup: string;
  /** Removes the destination's stale temporaries (never `$VAR`); always succeeds. Needs setup first. */
  cleanup: string;
}

/**
 * Shell text (POSIX, dash) naming a temporary of `dest` in the variable `v` and removing the stale
 * ones. The helper variables start with `_mx`. `ext` (such as `.tar.xz`): the temporaries of this
 * writer end with it, and its cleanup removes only stale ones that do.
 */
export function tempScript(dest: string, v = 't', ext = ''): TempScript {
  if (!/^[a-z][a-z0-9_]*$/.test(v)) throw new QuoteError(`invalid shell variable name ${JSON.stringify(v)}`);
  if (!/^(?:\.[A-Za-z0-9_]+)*$/.test(ext)) throw new QuoteError(`invalid temporary file extension ${JSON.stringify(ext)}`);
  const rand = randomBytes(4).toString('hex');
  const setup =
    `_mxp=${quote(tempPrefix(dest))}; _mxb=; { read -r _mxb < ${BOOT_ID}; } 2>/dev/null; _mxb=\${_mxb%%-*}; ` +
    `case $_mxb in ${HEX8_GLOB}) ;; *) _mxb=${NO_BOOT} ;; esac; ${v}="$_mxp$_mxb-$$-${rand}${ext}"`;
  const cleanup =
    `for _mxf in "$_mxp"*; do ` +
    `{ [ -L "$_mxf" ] || [ -f "$_mxf" ]; } && [ "$_mxf" != "$${v}" ] || continue; ` +
    `_mxs=\${_mxf#"$_mxp"}; ` +
    `case $_mxs in ${HEX8_GLOB}-[0-9]*-${HEX8_GLOB}${ext}) ;; *) continue ;; esac; ` +
    `_mxq=\${_mxs#*-}; _mxq=\${_mxq%-*}; ` +
    `case $_mxq in *[!0-9]*) continue ;; esac; ` +
    `if [ "\${_mxs%%-*}" = "$_mxb" ] && { kill -0 "$_mxq" || [ -d "/proc/$_mxq" ]; }; then continue; fi; ` +
    `rm -f -- "$_mxf"; ` +
    `done 2>/dev/null || :`;
  return { setup, cleanup };
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists, as another user's process
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function localBoot(): Promise<string> {
  return bootMarker(await fs.readFile(BOOT_ID, 'utf8').catch(() => undefined));
}

/**
 * On the controller (fetch): a new temporary's path for `dest`, written by this process, after the
 * stale temporaries of `dest` were removed.
 */
export async function localTempFor(dest: string): Promise<string> {
  const prefix = tempPrefix(dest);
  const boot = await localBoot();
  const dir = posix.dirname(prefix);
  const start = posix.basename(prefix);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const n of names) {
    if (!n.startsWith(start) || !isStale(n.slice(start.length), boot, pidAlive)) continue;
    const f = posix.join(dir, n);
    const st = await fs.lstat(f).catch(() => undefined);
    if (st && (st.isFile() || st.isSymbolicLink())) await fs.rm(f, { force: true }).catch(() => undefined);
  }
  return `${prefix}${boot}-${process.pid}-${randomBytes(4).toString('hex')}`;
}
