/**
 * Python's "unicode-escape" decoding, as Jinja2 reads a string literal: \n \t \\ \' \" \a \b \f \r \v,
 * octal \ooo, \xhh, \uXXXX, \UXXXXXXXX; any other backslash stays as it is (Python keeps '\d' as
 * backslash-d, where a JavaScript-style reader would drop the backslash).
 */
const SIMPLE: Record<string, string> = { '\n': '', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

export function unicodeEscapeDecode(s: string): string {
  return s.replace(/\\([0-7]{1,3}|x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[\s\S])?/g, (all, e: string | undefined) => {
    if (e === undefined) return all;
    if (Object.prototype.hasOwnProperty.call(SIMPLE, e)) return SIMPLE[e];
    if (/^[0-7]/.test(e)) return String.fromCodePoint(parseInt(e, 8));
    if (e.length > 1 && /^[xuU]/.test(e)) return String.fromCodePoint(parseInt(e.slice(1), 16));
    return all;
  });
}
