/** Error types shared across parts. Inside the engine errors are values; these cross the edges. */
import { readFileSync, statSync } from 'node:fs';

export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  col: number;
}

/**
 * A problem in user input (inventory, playbook, vars file, options) with where it is. The CLI prints
 * `file:line:col: message`, the offending line with a caret marker, and the hint (e.g. "did you mean
 * 'copy'?"). Exit code 4.
 */
export class ValidationError extends Error {
  constructor(
    message: string,
    readonly loc?: SourceLocation,
    readonly hint?: string,
    /**
     * The source line text, for the excerpt (filled in by the loader that knows the file). Left out,
     * it is read from the file when the error is shown; null withholds it (a line holding a secret).
     */
    readonly sourceLine?: string | null,
  ) {
    super(message);
    this.name = 'ValidationError';
  }
}

/** Several validation errors found in one pass (all reported, not just the first). */
export class ValidationErrors extends Error {
  constructor(readonly errors: ValidationError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ValidationErrors';
  }
}

/**
 * The problems a thrown validation error stands for (all of a ValidationErrors, or the one
 * ValidationError), for loaders that collect every problem before refusing; any other error is
 * thrown on.
 */
export function problemsOf(e: unknown): ValidationError[] {
  if (e instanceof ValidationErrors) return e.errors;
  if (e instanceof ValidationError) return [e];
  throw e;
}

/** Host could not be reached: socket, DNS, timeout, auth, host key. */
export class UnreachableError extends Error {
  constructor(
    message: string,
    readonly kind: 'dns' | 'socket' | 'timeout' | 'auth' | 'hostkey' | 'closed',
  ) {
    super(message);
    this.name = 'UnreachableError';
  }
}

/** Bad command-line options. Exit code 5. */
export class OptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OptionsError';
  }
}

/** A module failed on a host (the engine turns it into a failed result). */
export class ModuleFailure extends Error {
  constructor(
    message: string,
    readonly result: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ModuleFailure';
  }
}

/** Format a location and a line excerpt the way every error of machinist is shown. */
export function formatLocated(err: ValidationError): string {
  const where = err.loc ? `${err.loc.file}:${err.loc.line}:${err.loc.col}: ` : '';
  let out = `${where}${err.message}`;
  const line = err.loc && err.sourceLine === undefined ? lineAt(err.loc) : err.sourceLine;
  if (typeof line === 'string' && err.loc) {
    const num = String(err.loc.line);
    const { text, caret } = excerptWindow(line, err.loc.col);
    out += `\n  ${num} | ${text}\n  ${' '.repeat(num.length)} | ${' '.repeat(caret)}^`;
  }
  if (err.hint) out += `\n  ${err.hint}`;
  return out;
}

let lastRead: { key: string; lines: string[] } | undefined;

/**
 * The text of a located line, read from its file: for errors made where only the location was at
 * hand (the engine's role and host-pattern checks hold a SourceLocation, not the file's text).
 * Undefined when the file cannot be read (a playbook given as text) or is shorter, and for a
 * vault-encrypted file (its lines on disk are ciphertext, the decrypted ones are never shown).
 */
export function lineAt(loc: SourceLocation): string | undefined {
  try {
    const st = statSync(loc.file);
    if (!st.isFile()) return undefined; // a pipe or device is not read twice
    const key = `${loc.file}\0${st.size}\0${st.mtimeMs}`;
    if (lastRead?.key !== key) lastRead = { key, lines: readFileSync(loc.file, 'utf8').split(/\r?\n/) };
    if (lastRead.lines[0].startsWith('$ANSIBLE_VAULT')) return undefined;
    return lastRead.lines[loc.line - 1];
  } catch {
    return undefined;
  }
}

/** Characters of a long line shown on each side of the column in an excerpt. */
export const EXCERPT_SIDE = 100;

/**
 * The part of a source line an excerpt shows: the whole line when short, else a window of about
 * EXCERPT_SIDE characters each side of the 1-based column, cut ends marked with `…`. Control
 * characters are shown as `�` (one for one, so the caret stays under its column). `caret` is the
 * 0-based position of the column in `text`.
 */
export function excerptWindow(line: string, col: number): { text: string; caret: number } {
  const at = Math.min(Math.max(0, col - 1), line.length);
  let start = 0;
  let end = line.length;
  if (line.length > 2 * EXCERPT_SIDE + 20) {
    start = Math.max(0, at - EXCERPT_SIDE);
    end = Math.min(line.length, at + EXCERPT_SIDE);
  }
  // eslint-disable-next-line no-control-regex
  const shown = line.slice(start, end).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\ufffd');
  const head = start > 0 ? '…' : '';
  return { text: `${head}${shown}${end < line.length ? '…' : ''}`, caret: at - start + head.length };
}

/** Levenshtein-based "did you mean" over a list of known names. */
export function nearest(name: string, known: Iterable<string>, maxDistance = 3): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = distance(name.toLowerCase(), k.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  const limit = Math.min(maxDistance, Math.max(1, Math.floor(name.length / 2)));
  return bestD <= limit ? best : undefined;
}

function distance(a: string, b: string): number {
  const dp = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = dp[0];
    dp[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = dp[j];
      dp[j] = Math.min(dp[j] + 1, dp[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return dp[b.length];
}
