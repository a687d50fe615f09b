/** Error types shared across parts. Inside the engine errors are values; these cross the edges. */

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
    /** The source line text, for the excerpt (filled in by the loader that knows the file). */
    readonly sourceLine?: string,
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
  if (err.sourceLine !== undefined && err.loc) {
    const num = String(err.loc.line);
    out += `\n  ${num} | ${err.sourceLine}\n  ${' '.repeat(num.length)} | ${' '.repeat(Math.max(0, err.loc.col - 1))}^`;
  }
  if (err.hint) out += `\n  ${err.hint}`;
  return out;
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
