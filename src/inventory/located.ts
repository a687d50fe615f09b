/** ValidationErrors located in a text file we read line by line (INI inventories). */
import { ValidationError } from '../util/errors.js';

export class LineSource {
  readonly lines: string[];
  constructor(
    readonly file: string,
    text: string,
  ) {
    this.lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  }

  /** An error at a 1-based line and column, with the line as the excerpt. */
  error(line: number, col: number, message: string, hint?: string): ValidationError {
    return new ValidationError(message, { file: this.file, line, col: Math.max(1, col) }, hint, this.lines[line - 1] ?? '');
  }
}

/** "did you mean 'x'?" or undefined. */
export function didYouMean(near: string | undefined): string | undefined {
  return near === undefined ? undefined : `did you mean '${near}'?`;
}
