/**
 * Command wrapping shared by the ssh and the local connection: cwd, environment and become, so
 * both run the caller's shell text the same way under dash.
 */
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
}

function cdPrefix(cwd: string | undefined): string {
  if (!cwd) return '';
  const dir = cwd.startsWith('-') ? './' + cwd : cwd;
  return sh`cd ${dir} || exit 1; `;
}

export function wrapCommand(command: string, opts: Pick<ExecOptions, 'cwd' | 'env' | 'become'> = {}): WrappedCommand {
  const inner = cdPrefix(opts.cwd) + envPrefix(opts.env) + command;
  if (opts.become) {
    const m = newMarkers(opts.become.password);
    return { inner, command: becomeCommand(inner, opts.become, m), become: m };
  }
  return { inner, command: `/bin/sh -c ${quote(inner)}` };
}
