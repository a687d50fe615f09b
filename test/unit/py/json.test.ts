import { describe, expect, it } from 'vitest';
import { jsonDumps, JsonDumpsError } from '../../../src/py/json.js';

// Expected texts are what CPython 3's json.dumps prints for the same values and options.
describe('jsonDumps (Python json.dumps)', () => {
  it.each<[string, unknown, Parameters<typeof jsonDumps>[1], string]>([
    [
      'defaults: one line, keys in order, ensure_ascii, Python numbers',
      { b: [1, 2.5, 1e-5, NaN, Infinity, -Infinity], a: 'é\x01\x7f\u{1F600}' },
      {},
      '{"b": [1, 2.5, 1e-05, NaN, Infinity, -Infinity], "a": "\\u00e9\\u0001\\u007f\\ud83d\\ude00"}',
    ],
    ['indent and sorted keys; empty containers stay short', { b: [1, {}], a: [] }, { indent: 2, sortKeys: true, ensureAscii: false }, '{\n  "a": [],\n  "b": [\n    1,\n    {}\n  ]\n}'],
    ['indent 0 still breaks lines', { b: [1, { c: 'é' }], a: [] }, { indent: 0 }, '{\n"b": [\n1,\n{\n"c": "\\u00e9"\n}\n],\n"a": []\n}'],
    ['ensure_ascii off keeps the text', ['é', '\u{1F600}', 'a"b\\c\n'], { ensureAscii: false }, '["é", "\u{1F600}", "a\\"b\\\\c\\n"]'],
    ['None, booleans, big ints', [null, true, false, 10n], {}, '[null, true, false, 10]'],
  ])('%s', (_what, v, opts, text) => {
    expect(jsonDumps(v, opts)).toBe(text);
  });

  it('a key whose value is undefined is absent; undefined elsewhere is null', () => {
    expect(jsonDumps({ a: undefined, b: [undefined] })).toBe('{"b": [null]}');
  });

  it('refuses what JSON cannot hold, as Python does', () => {
    expect(() => jsonDumps({ f: () => 1 })).toThrow(JsonDumpsError);
    expect(() => jsonDumps([Symbol('s')])).toThrow('Object of type symbol is not JSON serializable');
  });
});

describe('jsonDumps of a value with toJSON (a str subclass of the template layer)', () => {
  it('dumps it as what toJSON gives', () => {
    expect(jsonDumps({ a: { toJSON: () => 'text' } }, { sortKeys: true })).toBe('{"a": "text"}');
  });
});
