import { describe, expect, it } from 'vitest';
import { boolean, BooleanError, booleanWord, pyTruthy, readBoolean } from '../../../src/py/bool.js';

// Ansible's boolean() (module_utils/parsing/convert_bool.py): BOOLEANS_TRUE / BOOLEANS_FALSE, strings
// lower-cased and stripped; 1.0 and True are the same set member as 1.
describe("Ansible's boolean()", () => {
  it.each<[unknown, boolean]>([
    [true, true],
    ['y', true],
    ['Y', true],
    ['yes', true],
    ['YES', true],
    [' yes\n', true],
    ['on', true],
    ['1', true],
    ['true', true],
    ['True', true],
    ['t', true],
    ['T', true],
    [1, true],
    [1.0, true],
    [false, false],
    ['n', false],
    ['no', false],
    ['No', false],
    ['off', false],
    ['0', false],
    ['false', false],
    ['f', false],
    ['\tFALSE ', false],
    [0, false],
    [-0, false],
  ])('%j is %s', (v, b) => {
    expect(readBoolean(v)).toBe(b);
    expect(boolean(v)).toBe(b);
  });

  it.each<[unknown, string]>([
    [2, '2'],
    [-1, '-1'],
    [0.5, '0.5'],
    ['', ''],
    ['maybe', 'maybe'],
    ['ye s', 'ye s'],
    ['yess', 'yess'],
    [null, 'None'],
    [undefined, 'None'],
    [[], '[]'],
    [{ a: 1 }, "{'a': 1}"],
  ])('%j is no boolean (strict: refused with Ansible message)', (v, shown) => {
    expect(readBoolean(v)).toBeUndefined();
    expect(() => boolean(v)).toThrow(BooleanError);
    expect(() => boolean(v)).toThrow(`The value '${shown}' is not a valid boolean.  Valid booleans include: 'y', 'yes', 'on', '1', 'true', 't', 1, 'n', 'no', 'off', '0', 'false', 'f', 0`);
  });

  it('booleanWord lower-cases but does not strip (the sysctl module reads values so)', () => {
    expect(['YES', 'Off', ' yes', 'yes '].map(booleanWord)).toEqual([true, false, undefined, undefined]);
  });
});

// Python's bool(): what CPython 3 answers for the same values.
describe("Python's bool()", () => {
  it.each<[unknown, boolean]>([
    [null, false],
    [undefined, false],
    [false, false],
    [true, true],
    [0, false],
    [-0, false],
    [0.0001, true],
    [NaN, true],
    [Infinity, true],
    [0n, false],
    [3n, true],
    ['', false],
    [' ', true],
    ['no', true],
    ['False', true],
    ['0', true],
    [[], false],
    [[0], true],
    [{}, false],
    [{ a: 0 }, true],
    [() => 0, true],
  ])('bool(%s) is %s', (v, b) => {
    expect(pyTruthy(v)).toBe(b);
  });
});
