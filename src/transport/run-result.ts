/**
 * The result of a command that ended, built from what was collected (a pure function): the exit
 * code, or 128 + the signal's number when a signal ended it, 124 when the timeout did (as coreutils'
 * timeout), and a refused become (wrong or missing sudo password) as its message with the command's
 * failing code (1 when it had none).
 */
import type { ExecResult } from './types.js';

export interface Ended {
  command: string;
  /** The exit code; null when a signal ended the command or its end was not seen (killed past the grace period). */
  code: number | null;
  signal?: string;
  stdout: Buffer;
  /** What the command wrote to stderr (the become markers already removed). */
  stderr: string;
  timedOut: boolean;
  /** sudo refused: why. */
  becomeFailure?: string;
  durationMs: number;
}

const SIGNALS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, PIPE: 13, ALRM: 14, TERM: 15 };

function signalNumber(s: string): number {
  return SIGNALS[s.replace(/^SIG/, '')] ?? 0;
}

export function execResult(e: Ended): ExecResult {
  let rc = e.code ?? (e.signal ? 128 + signalNumber(e.signal) : 1);
  if (e.timedOut) rc = 124;
  let stderr = e.stderr;
  if (e.becomeFailure) {
    rc = e.code && e.code !== 0 ? e.code : 1;
    stderr = e.becomeFailure + '\n';
  }
  return {
    command: e.command,
    rc,
    stdout: e.stdout.toString('utf8'),
    stderr,
    stdoutBuffer: e.stdout,
    signal: e.signal,
    timedOut: e.timedOut,
    durationMs: e.durationMs,
  };
}
