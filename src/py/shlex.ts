/**
 * Python's shlex.split (POSIX mode), which Ansible uses to split the command module's free-form
 * string, INI inventory host lines (with comments=True) and ssh arguments: words are separated by
 * space, tab, CR and LF only; '...' is literal; in "..." a backslash escapes only " and \ (other
 * backslashes stay); outside quotes a backslash makes the next character literal; quoted parts join
 * the word around them and '' is an empty word. With comments, an unquoted # ends the line, also in
 * the middle of a word. An unclosed quote or a trailing backslash is refused as Python refuses it.
 *
 * Not the `shlex` package on npm: it reads bash's $'...' and $"..." quoting, drops an escaped
 * newline, has no comments mode and no word positions, so it would split differently from Ansible.
 */

export interface ShlexWord {
  text: string;
  /** 0-based index in the input where the word starts. */
  start: number;
}

/** Python's ValueError of shlex: 'No closing quotation' or 'No escaped character'. */
export class ShlexError extends Error {
  constructor(
    message: string,
    /** 0-based index of the quote left open, or of the backslash with nothing after it. */
    readonly index: number,
  ) {
    super(message);
    this.name = 'ShlexError';
  }
}

const WHITESPACE = ' \t\r\n';

type State = ' ' | 'word' | "'" | '"';

/** shlex.split(s, comments) with the place of each word. */
export function shlexWords(s: string, opts: { comments?: boolean } = {}): ShlexWord[] {
  const words: ShlexWord[] = [];
  let state: State = ' ';
  let token = '';
  let quoted = false;
  let start = 0;
  let opened = 0;
  const endWord = () => {
    if (token !== '' || quoted) words.push({ text: token, start });
    token = '';
    quoted = false;
    state = ' ';
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (state === "'" || state === '"') {
      if (c === state) state = 'word';
      else if (c === '\\' && state === '"' && i + 1 < s.length) {
        // in double quotes a backslash escapes only the quote and itself
        const next = s[++i];
        token += next === '"' || next === '\\' ? next : '\\' + next;
      } else if (c === '\\' && state === '"') throw new ShlexError('No escaped character', i);
      else token += c;
    } else if (WHITESPACE.includes(c)) {
      if (state === 'word') endWord();
    } else if (opts.comments && c === '#') {
      if (state === 'word') endWord();
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl;
    } else {
      if (state === ' ') {
        start = i;
        state = 'word';
      }
      if (c === "'" || c === '"') {
        state = c;
        opened = i;
        quoted = true;
      } else if (c === '\\') {
        if (i + 1 >= s.length) throw new ShlexError('No escaped character', i);
        token += s[++i];
      } else token += c;
    }
  }
  if (state === "'" || state === '"') throw new ShlexError('No closing quotation', opened);
  if (state === 'word') endWord();
  return words;
}

/** Python's shlex.split(s, comments=False) (comments=True with the option). */
export function shlexSplit(s: string, opts: { comments?: boolean } = {}): string[] {
  return shlexWords(s, opts).map((w) => w.text);
}
