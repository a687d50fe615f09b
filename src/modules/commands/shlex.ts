/**
 * Python's shlex.split (POSIX mode, no comments), as Ansible's command module splits its free-form
 * string: whitespace separates words; '...' is literal; in "..." a backslash escapes only " and \;
 * outside quotes a backslash makes the next character literal. Unbalanced quotes are refused.
 */

export class ShlexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShlexError';
  }
}

const WS = new Set([' ', '\t', '\r', '\n']);

export function shlexSplit(s: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (WS.has(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
    } else if (c === "'") {
      const end = s.indexOf("'", i + 1);
      if (end < 0) throw new ShlexError(`No closing quotation: unbalanced ' in ${JSON.stringify(s)}`);
      word += s.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      i++;
      let closed = false;
      while (i < s.length) {
        const d = s[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '\\' && i + 1 < s.length && (s[i + 1] === '"' || s[i + 1] === '\\')) {
          word += s[i + 1];
          i += 2;
        } else {
          word += d;
          i++;
        }
      }
      if (!closed) throw new ShlexError(`No closing quotation: unbalanced " in ${JSON.stringify(s)}`);
      inWord = true;
    } else if (c === '\\') {
      if (i + 1 >= s.length) throw new ShlexError(`No escaped character: trailing backslash in ${JSON.stringify(s)}`);
      word += s[i + 1];
      inWord = true;
      i += 2;
    } else {
      word += c;
      inWord = true;
      i++;
    }
  }
  if (inWord) words.push(word);
  return words;
}
