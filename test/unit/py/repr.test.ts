import { describe, expect, it } from 'vitest';
import { pyRepr, pyStr, reprNumber, reprString } from '../../../src/py/repr.js';

// Expected texts are what CPython 3 prints for repr() and str() of the same values.
describe('pyRepr / pyStr (Python repr() and str())', () => {
  it.each<[unknown, string, string]>([
    [null, 'None', 'None'],
    [undefined, 'None', 'None'],
    [true, 'True', 'True'],
    [false, 'False', 'False'],
    [1, '1', '1'],
    [-3, '-3', '-3'],
    [1.5, '1.5', '1.5'],
    [0.1, '0.1', '0.1'],
    [0.0001, '0.0001', '0.0001'],
    [1e-5, '1e-05', '1e-05'],
    [1.5e-7, '1.5e-07', '1.5e-07'],
    [123456.789, '123456.789', '123456.789'],
    [Infinity, 'inf', 'inf'],
    [-Infinity, '-inf', '-inf'],
    [NaN, 'nan', 'nan'],
    [12n, '12', '12'],
    ['a', "'a'", 'a'],
    [['a', 1, null], "['a', 1, None]", "['a', 1, None]"],
    [{ k: 'v', n: [1, { x: false }] }, "{'k': 'v', 'n': [1, {'x': False}]}", "{'k': 'v', 'n': [1, {'x': False}]}"],
    [[], '[]', '[]'],
    [{}, '{}', '{}'],
    [[Infinity, NaN], '[inf, nan]', '[inf, nan]'],
  ])('repr %s, str %s', (v, repr, str) => {
    expect(pyRepr(v)).toBe(repr);
    expect(pyStr(v)).toBe(str);
  });

  it.each<[string, string]>([
    ["it's", `"it's"`],
    ['say "hi"', `'say "hi"'`],
    [`both ' and "`, `'both \\' and "'`],
    ['back\\slash', "'back\\\\slash'"],
    ['tab\tnl\nret\r', "'tab\\tnl\\nret\\r'"],
    ['\x01\x7f\x9f', "'\\x01\\x7f\\x9f'"],
    ['\u200b\u2028\u00a0', "'\\u200b\\u2028\\xa0'"],
    ['é ü 日本', "'é ü 日本'"],
    ['\u{1F600}', "'\u{1F600}'"],
    ['\u{E0001}', "'\\U000e0001'"],
  ])('repr of the string %j is %s', (s, repr) => {
    expect(reprString(s)).toBe(repr);
    expect(pyRepr([s])).toBe(`[${repr}]`);
    expect(pyRepr({ [s]: 1 })).toBe(`{${repr}: 1}`);
  });

  it('reprNumber is the number part', () => {
    expect([0, 2.5, 1e-10, -1e-5].map(reprNumber)).toEqual(['0', '2.5', '1e-10', '-1e-05']);
  });

  it('unwraps values at every level with the caller hook', () => {
    class Box {
      constructor(readonly v: unknown) {}
    }
    const unwrap = (v: unknown) => (v instanceof Box ? v.v : v);
    expect(pyRepr(new Box([new Box('x'), { k: new Box(true) }]), unwrap)).toBe("['x', {'k': True}]");
    expect(pyStr(new Box('plain'), unwrap)).toBe('plain');
  });
});
