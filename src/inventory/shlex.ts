/**
 * The word splitting of Ansible's INI host lines: Python's shlex.split(line, comments=True) in POSIX
 * mode. Quotes group words ('...' takes everything literally, "..." lets \ escape " and \), a
 * backslash outside quotes escapes the next character, and an unquoted # ends the line — also
 * inside a word, so `pass=ab#cd` is `pass=ab` (quote such values).
 */

export interface Word {
  text: string;
  /** 0-based index in the line where the word starts. */
  start: number;
}

export class ShlexError extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

export function shlexSplit(line: string): Word[] {
  const words: Word[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i])) i++;
    if (i >= line.length || line[i] === '#') break;
    const start = i;
    let text = '';
    let ended = false;
    while (i < line.length && !/\s/.test(line[i])) {
      const c = line[i];
      if (c === '#') {
        ended = true;
        break;
      }
      if (c === "'") {
        const close = line.indexOf("'", i + 1);
        if (close === -1) throw new ShlexError('no closing quotation', i);
        text += line.slice(i + 1, close);
        i = close + 1;
      } else if (c === '"') {
        const q = i;
        i++;
        for (;;) {
          if (i >= line.length) throw new ShlexError('no closing quotation', q);
          const d = line[i];
          if (d === '"') {
            i++;
            break;
          }
          if (d === '\\' && i + 1 < line.length && (line[i + 1] === '"' || line[i + 1] === '\\')) {
            text += line[i + 1];
            i += 2;
          } else {
            text += d;
            i++;
          }
        }
      } else if (c === '\\') {
        if (i + 1 >= line.length) throw new ShlexError('no escaped character after \\', i);
        text += line[i + 1];
        i += 2;
      } else {
        text += c;
        i++;
      }
    }
    words.push({ text, start });
    if (ended) break;
  }
  return words;
}
