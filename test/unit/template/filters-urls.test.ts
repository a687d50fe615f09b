/** urlencode and urldecode against Python's own results (Jinja2's do_urlencode, urllib's unquote_plus). */
import { describe, expect, it } from 'vitest';
import { renderValue } from '../../../src/template/index.js';

// Each expected value is what Jinja2 3 / Python 3.11 print for the same template.
const cases: Array<[string, string]> = [
  ["{{ 'a b/c&d=é' | urlencode }}", 'a%20b/c%26d%3D%C3%A9'],
  ["{{ {'foo': 'bar baz', 'x/y': 1} | urlencode }}", 'foo=bar+baz&x%2Fy=1'],
  ["{{ [['a', 'b c'], ['d', '/']] | urlencode }}", 'a=b+c&d=%2F'],
  ['{{ () | urlencode }}', ''],
  ['{{ 42 | urlencode }}', '42'],
  ["{{ 'foo:bar~_.-' | urlencode }}", 'foo%3Abar~_.-'],
  ["{{ 'a+b%20c' | urldecode }}", 'a b c'],
  ["{{ '%C3%A9%2F' | urldecode }}", 'é/'],
  ["{{ '%zz%4' | urldecode }}", '%zz%4'],
  ["{{ '%C3' | urldecode }}", '\ufffd'],
  ["{{ 'key=\"@{}é&%£ foo' | urlencode | urldecode }}", 'key="@{}é&%£ foo'],
];

describe('url filters', () => {
  it.each(cases)('%s', (template, expected) => {
    expect(renderValue(template, {})).toBe(expected);
  });
});
