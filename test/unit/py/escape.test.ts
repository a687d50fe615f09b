import { describe, expect, it } from 'vitest';
import { unicodeEscapeDecode } from '../../../src/py/escape.js';

const cases: Array<[string, string]> = [
  ['a\\nb', 'a\nb'],
  ['\\t\\r\\\\', '\t\r\\'],
  ["it\\'s", "it's"],
  ['\\d+', '\\d+'],
  ['\\g<name>', '\\g<name>'],
  ['\\101\\x42\\u00e9', 'ABé'],
  ['\\2', '\x02'],
];

describe("Python's unicode-escape (Jinja2 string literals)", () => {
  it.each(cases)('%s', (raw, expected) => {
    expect(unicodeEscapeDecode(raw)).toBe(expected);
  });
});
