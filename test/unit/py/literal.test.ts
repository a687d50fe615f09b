import { describe, expect, it } from 'vitest';
import { iniValue, literalEval, parsePyLiteral } from '../../../src/py/literal.js';

describe('iniValue (Ansible INI host variable typing)', () => {
  it.each([
    ['22', 22],
    ['-5', -5],
    ['1_000', 1000],
    ['0x1F', 31],
    ['0o17', 15],
    ['0b101', 5],
    ['0.5', 0.5],
    ['1.', 1],
    ['.25', 0.25],
    ['1e3', 1000],
    ['True', true],
    ['False', false],
    ['true', true],
    ['false', false],
    ['None', null],
    ["'quoted'", 'quoted'],
    ['"a\\tb"', 'a\tb'],
    ["r'a\\n'", 'a\\n'],
    ["'a' 'b'", 'ab'],
    ["[80, 443]", [80, 443]],
    ['["a", "b"]', ['a', 'b']],
    ['(1,)', [1]],
    ['1,2', [1, 2]],
    ['{"k": [1, true, null]}', { k: [1, true, null] }],
    ["{'a', 'b'}", ['a', 'b']],
    ['8080 # a comment', 8080],
  ])('%s is a literal', (text, value) => {
    expect(iniValue(text)).toEqual(value);
  });

  it.each(['0644', 'abc', 'yes', 'pool.ntp.org', '10.0.0.1', '1j', '12abc', '10-5', '[1,', "'open", '99999999999999999999', 'foo # not a comment of a literal'])(
    '%s stays the text it is',
    (text) => {
      expect(iniValue(text)).toBe(text);
    },
  );

  it('reports success separately from the value', () => {
    expect(parsePyLiteral('None')).toEqual({ ok: true, value: null });
    expect(parsePyLiteral('nope')).toEqual({ ok: false });
  });
});

describe('literalEval (template results)', () => {
  it.each<[string, boolean, unknown]>([
    ['[1, true, null]', true, { ok: true, value: [1, true, null] }],
    ['[1, true]', false, { ok: false }],
    ['[1, True, None]', false, { ok: true, value: [1, true, null] }],
    [' 1', false, { ok: false }],
    ['1 ', false, { ok: true, value: 1 }],
  ])('%j (JSON names: %s)', (text, json, expected) => {
    expect(literalEval(text, json)).toEqual(expected);
  });
});
