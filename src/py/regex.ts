/**
 * Python regular expressions (what Ansible users write in lineinfile/blockinfile and the regex_*
 * filters) as JavaScript RegExps: (?P<name>...) → (?<name>...), (?P=name) → \k<name>, \A and \Z →
 * input anchors, leading inline flags (?i)(?m)(?s) → RegExp flags. Python-only syntax JavaScript
 * cannot express is refused with a clear message instead of silently meaning something else. Also
 * Python's match.expand() for backrefs (\1, \g<1>, \g<name>).
 */

export class PyRegexError extends Error {}

export interface PyRegex {
  re: RegExp;
  /** The pattern asked for MULTILINE ((?m)): blockinfile then searches the whole text. */
  multiline: boolean;
}

/** Translate and compile a Python pattern. */
export function compilePy(pattern: string): PyRegex {
  let src = pattern;
  const flags = new Set<string>();
  // leading global flags: (?imsx...) possibly several groups
  for (;;) {
    const m = /^\(\?([aiLmsux]+)\)/.exec(src);
    if (!m) break;
    for (const f of m[1]) {
      if (f === 'i' || f === 'm' || f === 's') flags.add(f);
      else if (f === 'x') throw new PyRegexError(`the verbose flag (?x) is not supported in '${pattern}'`);
      // a, L, u: ASCII/locale/unicode matching — JavaScript's defaults are close enough
    }
    src = src.slice(m[0].length);
  }
  let out = '';
  let inClass = false;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      const n = src[i + 1];
      if (n === undefined) throw new PyRegexError(`'${pattern}' ends with a lone backslash`);
      if (!inClass && n === 'A') out += '(?<![\\s\\S])';
      else if (!inClass && n === 'Z') out += '(?![\\s\\S])';
      else out += c + n;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      out += c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      out += c;
      // a ']' right after '[' or '[^' is a literal in Python
      if (src[i + 1] === '^') {
        out += '^';
        i++;
      }
      if (src[i + 1] === ']') {
        out += '\\]';
        i++;
      }
      continue;
    }
    if (c === '(' && src[i + 1] === '?') {
      const rest = src.slice(i + 2);
      let m: RegExpExecArray | null;
      if ((m = /^P<([A-Za-z_][A-Za-z0-9_]*)>/.exec(rest))) {
        out += `(?<${m[1]}>`;
        i += 1 + m[0].length;
        continue;
      }
      if ((m = /^P=([A-Za-z_][A-Za-z0-9_]*)\)/.exec(rest))) {
        out += `\\k<${m[1]}>`;
        i += 1 + m[0].length;
        continue;
      }
      if (/^[aiLmsux-]+[:)]/.test(rest)) throw new PyRegexError(`inline flags inside the pattern are not supported in '${pattern}' (put them at the start)`);
      if (rest.startsWith('#')) {
        const end = src.indexOf(')', i);
        if (end < 0) throw new PyRegexError(`unterminated comment in '${pattern}'`);
        i = end;
        continue;
      }
      if (rest.startsWith('(')) throw new PyRegexError(`conditional groups (?(...)...) are not supported in '${pattern}'`);
    }
    out += c;
  }
  try {
    return { re: new RegExp(out, [...flags].join('')), multiline: flags.has('m') };
  } catch (e) {
    throw new PyRegexError(`invalid regular expression '${pattern}': ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`);
  }
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\' };

/** Python's match.expand(template): \1..\99, \g<n>, \g<name>, \n-style escapes; unmatched groups are empty. */
export function expandMatch(template: string, m: RegExpExecArray): string {
  const groups = m.length - 1;
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '\\' || i + 1 >= template.length) {
      out += c;
      continue;
    }
    const n = template[i + 1];
    if (n === 'g') {
      const g = /^<([^>]*)>/.exec(template.slice(i + 2));
      if (!g) throw new PyRegexError(`bad \\g reference in '${template}'`);
      const name = g[1];
      let val: string | undefined;
      if (/^\d+$/.test(name)) {
        if (Number(name) > groups) throw new PyRegexError(`invalid group reference ${name} in '${template}'`);
        val = m[Number(name)];
      } else {
        if (!m.groups || !(name in m.groups)) throw new PyRegexError(`unknown group name '${name}' in '${template}'`);
        val = m.groups[name];
      }
      out += val ?? '';
      i += 1 + g[0].length;
      continue;
    }
    if (/\d/.test(n)) {
      let digits = n;
      if (/\d/.test(template[i + 2] ?? '') && Number(n + template[i + 2]) <= groups) digits += template[i + 2];
      if (digits === '0') {
        out += '\0';
      } else {
        if (Number(digits) > groups) throw new PyRegexError(`invalid group reference ${digits} in '${template}'`);
        out += m[Number(digits)] ?? '';
      }
      i += digits.length;
      continue;
    }
    if (n in ESCAPES) {
      out += ESCAPES[n];
      i++;
      continue;
    }
    out += c + n;
    i++;
  }
  return out;
}
