/**
 * Ansible's k=v argument strings (`copy: src=a dest="b c"`, `-e k=v`), as its parse_kv does: words
 * are split on whitespace outside quotes and outside `{{ }}`/`{% %}`/`{# #}`; Python escapes are
 * decoded; a word with an unescaped `=` is a key and value (value unquoted), other words are joined
 * into `_raw_params`. Values stay strings (modules coerce "yes", "0644", "30").
 */

export const RAW_PARAMS = '_raw_params';

export class ArgsSyntaxError extends Error {}

/** Free text given to a module that only takes key=value pairs. */
export class FreeTextError extends ArgsSyntaxError {}

interface Word {
  text: string;
  start: number;
  end: number;
}

/**
 * Split on whitespace, keeping quoted runs and Jinja2 blocks together (quotes are kept). Lazy, so a
 * caller that only needs the leading words never trips over a later unbalanced quote.
 */
export function* splitArgs(s: string): Generator<Word> {
  let i = 0;
  while (i < s.length) {
    while (i < s.length && /\s/.test(s[i])) i++;
    if (i >= s.length) break;
    const start = i;
    let quote: string | undefined;
    let jinja: string | undefined;
    while (i < s.length) {
      const c = s[i];
      if (jinja) {
        if (s.startsWith(jinja, i)) {
          i += 2;
          jinja = undefined;
          continue;
        }
      } else if (quote) {
        if (c === '\\') i++;
        else if (c === quote) quote = undefined;
      } else if (c === '"' || c === "'") {
        quote = c;
      } else if (c === '\\') {
        i++;
      } else if (c === '{' && (s[i + 1] === '{' || s[i + 1] === '%' || s[i + 1] === '#')) {
        jinja = s[i + 1] === '{' ? '}}' : s[i + 1] + '}';
        i += 2;
        continue;
      } else if (/\s/.test(c)) break;
      i++;
    }
    if (quote) throw new ArgsSyntaxError(`unbalanced ${quote} quote in: ${s}`);
    if (jinja) throw new ArgsSyntaxError(`unclosed Jinja2 block (missing '${jinja}') in: ${s}`);
    const end = Math.min(i, s.length);
    yield { text: s.slice(start, end), start, end };
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v',
};

/** Python's string escapes (\n, \t, \", \\, \xHH, \uHHHH, \UHHHHHHHH, octal); others are kept. */
export function decodeEscapes(s: string): string {
  return s.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[0-7]{1,3}|[\\'"abfnrtv])/g, (_m, e: string) => {
    if (e in SIMPLE_ESCAPES) return SIMPLE_ESCAPES[e];
    const cp = e[0] === 'U' || e[0] === 'u' || e[0] === 'x' ? parseInt(e.slice(1), 16) : parseInt(e, 8);
    return cp <= 0x10ffff ? String.fromCodePoint(cp) : _m;
  });
}

/** Strip one pair of matching surrounding quotes. */
export function unquote(s: string): string {
  if (s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] && s[s.length - 2] !== '\\')
    return s.slice(1, -1);
  return s;
}

/** Position of the first unescaped '=' after position 0, or -1. */
function equalsAt(word: string): number {
  for (let i = 1; i < word.length; i++) if (word[i] === '=' && word[i - 1] !== '\\') return i;
  return -1;
}

/** One k=v word, or undefined when the word is not one. */
export function keyValue(word: string): [string, string] | undefined {
  const x = decodeEscapes(word);
  const pos = equalsAt(x);
  if (pos < 0) return undefined;
  return [x.slice(0, pos).trim(), unquote(x.slice(pos + 1).trim())];
}

/** `src=a dest='b c' mode=0644` → {src: 'a', dest: 'b c', mode: '0644'}; other words → _raw_params. */
export function parseKeyValueArgs(s: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const raw: string[] = [];
  for (const w of splitArgs(s)) {
    const kv = keyValue(w.text);
    if (kv && kv[0] !== '') out[kv[0]] = kv[1];
    else raw.push(decodeEscapes(w.text).replace(/\\=/g, '='));
  }
  if (raw.length) out[RAW_PARAMS] = raw.join(' ');
  return out;
}

/**
 * The string form of a free-form module (`command: chdir=/tmp ls -l`): leading k=v words whose key
 * is one of the module's own options become arguments; the rest of the text, byte for byte, is the
 * free-form value. Later option words are left to the module (quote-aware there).
 */
export function splitFreeForm(s: string, optionKeys: Set<string>): { options: Record<string, string>; rest: string } {
  const options: Record<string, string> = {};
  let restStart = 0;
  try {
    for (const w of splitArgs(s)) {
      const kv = keyValue(w.text);
      if (!kv || !optionKeys.has(kv[0])) break;
      options[kv[0]] = kv[1];
      restStart = w.end;
    }
  } catch (e) {
    // an unbalanced quote in the command itself: the module reports it when it splits the command
    if (!(e instanceof ArgsSyntaxError)) throw e;
  }
  return { options, rest: s.slice(restStart).trim() };
}
