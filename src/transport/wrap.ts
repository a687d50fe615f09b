/**
 * Command wrapping shared by the ssh and the local connection: cwd, environment and become, so
 * both run the caller's shell text the same way under dash.
 */
import { randomBytes } from 'node:crypto';
import { envPrefix, quote, sh } from '../util/quote.js';
import { becomeCommand, newMarkers, type BecomeMarkers } from './become.js';
import type { ExecOptions } from './types.js';

export interface WrappedCommand {
  /** The caller's text with cd/env applied: what /bin/sh -c runs on the host. */
  inner: string;
  /** The full command line for a login shell (ssh exec) or /bin/sh -c (local). */
  command: string;
  /** Present when the command runs under sudo. */
  become?: BecomeMarkers;
  /**
   * When set, the command first prints this marker and its process id as the first stderr line, so
   * that it can be killed later (sshd does not deliver signal requests to root sessions).
   */
  pidMarker?: string;
}

function cdPrefix(cwd: string | undefined): string {
  if (!cwd) return '';
  const dir = cwd.startsWith('-') ? './' + cwd : cwd;
  return sh`cd ${dir} || exit 1; `;
}

export function wrapCommand(
  command: string,
  opts: Pick<ExecOptions, 'cwd' | 'env' | 'become'> = {},
  { announcePid = false }: { announcePid?: boolean } = {},
): WrappedCommand {
  const inner = cdPrefix(opts.cwd) + envPrefix(opts.env) + command;
  const pidMarker = announcePid ? `machinist-pid-${randomBytes(6).toString('hex')}:` : undefined;
  const announce = pidMarker ? `echo ${pidMarker}$$ >&2; ` : '';
  if (opts.become) {
    const m = newMarkers(opts.become.password);
    const sudo = becomeCommand(inner, opts.become, m);
    return { inner, command: pidMarker ? `/bin/sh -c ${quote(announce + 'exec ' + sudo)}` : sudo, become: m, pidMarker };
  }
  return { inner, command: `/bin/sh -c ${quote(announce + inner)}`, pidMarker };
}

/**
 * Shell text that ends a command announced with pidMarker: TERM to its whole process group (sshd
 * makes each session a group; sudo relays the signal to its child), then KILL if still there.
 */
export function killScript(pid: number): string {
  const p = String(Math.trunc(pid));
  return (
    `p=${p}; g=; read -r _ _ _ _ g _ 2>/dev/null < /proc/$p/stat; ` +
    `if [ -n "$g" ] && [ "$g" -gt 1 ]; then t=-$g; else t=$p; fi; ` +
    `kill -TERM $t 2>/dev/null || exit 0; sleep 1; kill -KILL $t 2>/dev/null; exit 0`
  );
}
