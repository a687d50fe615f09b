/** version_type='pep440': the order of Python's packaging.version.Version (cases checked against it). */
import { describe, expect, it } from 'vitest';
import { comparePep440 } from '../../../src/template/pep440.js';
import { evaluateCondition } from '../../../src/template/index.js';

describe('comparePep440', () => {
  it.each<[string, string, number]>([
    ['2.14.0rc1', '2.14.0', -1],
    ['1.0', '1.0.0', 0],
    ['1.0.dev1', '1.0a1', -1],
    ['1.0a1', '1.0b1', -1],
    ['1.0b2', '1.0rc1', -1],
    ['1.0rc1', '1.0', -1],
    ['1.0', '1.0.post1', -1],
    ['1.0.post1', '1.0.post1.dev1', 1],
    ['1!0.1', '2.0', 1],
    ['1.0+local', '1.0', 1],
    ['1.0+abc', '1.0+1', -1],
    ['1.0-1', '1.0.post1', 0],
    ['1.0.alpha1', '1.0a1', 0],
    ['1.0c1', '1.0rc1', 0],
    ['v1.2', '1.2', 0],
  ])('%s against %s: %i', (a, b, c) => {
    expect(comparePep440(a, b)).toBe(c);
    expect(comparePep440(b, a)).toBe(-c || 0);
  });

  it('refuses what is no PEP 440 version, with packaging\'s message', () => {
    expect(() => comparePep440('nope', '1.0')).toThrow("Version comparison failed: Invalid version: 'nope'");
  });

  it('is the version test\'s pep440 type', () => {
    expect(evaluateCondition("'2.14.0rc1' is version('2.14.0', 'lt', version_type='pep440')", {})).toBe(true);
  });
});
