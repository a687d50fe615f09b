/** ValidationErrors located in a text file we read line by line (INI inventories). */
import { lineAt, ValidationError } from '../util/errors.js';

export class LineSource {
  readonly lines: string[];
  constructor(
    readonly file: string,
    text: string,
    /** The text was decrypted from a vault-encrypted file: its lines are never shown. */
    readonly vaulted = false,
  ) {
    this.lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  }

  /** An error at a 1-based line and column, with the line as the excerpt (none in a vaulted file). */
  error(line: number, col: number, message: string, hint?: string): ValidationError {
    return new ValidationError(message, { file: this.file, line, col: Math.max(1, col) }, hint, this.vaulted ? null : (this.lines[line - 1] ?? ''));
  }
}

/** "did you mean 'x'?" or undefined. */
export function didYouMean(near: string | undefined): string | undefined {
  return near === undefined ? undefined : `did you mean '${near}'?`;
}

const SECRET_KEY = String.raw`[\w.-]*(?:pass|secret|token)[\w.-]*`;
const INI_SECRET = new RegExp(String.raw`(\b${SECRET_KEY}\s*=\s*)("(?:[^"\\]|\\.)*"?|'[^']*'?|\S+)`, 'gi');
const VARS_SECRET = new RegExp(String.raw`^(\s*${SECRET_KEY}\s*=\s*)(\S.*)$`, 'i');
const YAML_SECRET = new RegExp(String.raw`^(\s*(?:-\s+)?["']?${SECRET_KEY}["']?\s*:\s+)(\S.*)$`, 'i');

/** An excerpt line with the values of password/secret/token keys masked, so errors never show them. */
export function maskSecrets(line: string): string {
  if (VARS_SECRET.test(line)) return line.replace(VARS_SECRET, '$1********'); // a [group:vars] line: all the rest is the value
  return line.replace(YAML_SECRET, '$1********').replace(INI_SECRET, '$1********');
}

/** The same errors, their excerpts masked (a line left to be read when shown is read now, to be masked). */
export function masked(errors: ValidationError[]): ValidationError[] {
  return errors.map((e) => {
    if (e.sourceLine === null || !e.loc) return e;
    const line = e.sourceLine ?? lineAt(e.loc);
    if (line === undefined) return new ValidationError(e.message, e.loc, e.hint, null);
    const shown = maskSecrets(line);
    return shown === e.sourceLine ? e : new ValidationError(e.message, e.loc, e.hint, shown);
  });
}
