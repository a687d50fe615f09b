/**
 * The one POSIX quoting helper. Every value that goes into a remote command passes through here.
 * The remote /bin/sh is dash: only single quotes are safe (no $'...'), and a single quote inside a
 * value is written as '\'' (close, escaped quote, reopen).
 */

const SAFE = /^[A-Za-z0-9_\/.,:=@%+-]+$/;

export class QuoteError extends Error {}

/** Quote one value as a single shell word. Refuses NUL, which no argv or file name can carry. */
export function quote(value: string | number): string {
  const s = String(value);
  if (s.includes('\0')) throw new QuoteError('a value containing a NUL byte cannot be passed to a shell');
  if (s === '') return "''";
  if (SAFE.test(s) && !s.startsWith('-') && !s.startsWith('=')) return s;
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** A piece of shell text that `sh` inserts as is (only for text the program itself wrote). */
export class RawShell {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

export function raw(text: string): RawShell {
  return new RawShell(text);
}

type ShellValue = string | number | RawShell | ReadonlyArray<string | number | RawShell>;

function piece(v: ShellValue): string {
  if (v instanceof RawShell) return v.text;
  if (Array.isArray(v)) return v.map((x) => piece(x as ShellValue)).join(' ');
  return quote(v as string | number);
}

/**
 * Tagged template for shell commands: every interpolated value is quoted as one word (arrays as
 * several words) unless wrapped in raw(). Example: sh`install -m ${mode} ${src} ${dest}`.
 */
export function sh(strings: TemplateStringsArray, ...values: ShellValue[]): string {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += piece(values[i]) + strings[i + 1];
  return out;
}

/** A shell variable name that may be exported (environment keys are checked before use). */
export function isShellName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name);
}

/** `export K=V; ...` prefix for an environment mapping; throws on an invalid name. */
export function envPrefix(env: Record<string, string> | undefined): string {
  if (!env) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(env)) {
    if (!isShellName(k)) throw new QuoteError(`invalid environment variable name: ${JSON.stringify(k)}`);
    parts.push(`${k}=${quote(v)}`);
  }
  return parts.length ? `export ${parts.join(' ')}; ` : '';
}
