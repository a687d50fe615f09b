/**
 * URL filters: Jinja2's urlencode (urllib's quote for a string, a query string for a mapping or a
 * sequence of pairs) and Ansible's urldecode (urllib's unquote_plus), byte for byte as Python.
 */
import { defineFilters } from '../registry.js';
import { isDict, pyIter, pyStr } from '../pyvalues.js';

const ALWAYS_SAFE = /[A-Za-z0-9_.\-~]/;

/** urllib.parse.quote_from_bytes over the UTF-8 of str(value); Jinja2's url_quote (for_qs: '+' for spaces, '/' quoted). */
export function urlQuote(value: unknown, forQs = false): string {
  const bytes = Buffer.from(typeof value === 'string' ? value : pyStr(value), 'utf8');
  let out = '';
  for (const b of bytes) {
    const c = String.fromCharCode(b);
    if (b < 128 && (ALWAYS_SAFE.test(c) || (!forQs && c === '/'))) out += c;
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return forQs ? out.replace(/%20/g, '+') : out;
}

/** urllib.parse.unquote_plus: '+' is a space, %XX sequences are UTF-8 bytes (invalid ones replaced). */
export function urlUnquotePlus(value: string): string {
  const s = value.replace(/\+/g, ' ');
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const hex = s.slice(i + 1, i + 3);
    if (s[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(s[i] as string, 'utf8'));
  }
  return Buffer.from(bytes).toString('utf8');
}

function urlencode(value: unknown): string {
  if (typeof value === 'string' || value === null || typeof value !== 'object') return urlQuote(value);
  const items: unknown[] = isDict(value) ? Object.entries(value) : [...pyIter(value)];
  return items
    .map((pair) => {
      const [k, v] = [...pyIter(pair)];
      return `${urlQuote(k, true)}=${urlQuote(v, true)}`;
    })
    .join('&');
}

defineFilters({
  urlencode,
  urldecode: (v) => urlUnquotePlus(pyStr(v)),
});
