import { describe, expect, it } from 'vitest';
import { compilePy, expandMatch, PyRegexError } from '../../../src/py/regex.js';

const exec = (p: string, s: string) => compilePy(p).re.exec(s);

describe('compilePy', () => {
  it('named groups and named backreferences', () => {
    const m = exec('^(?P<key>\\w+)=(?P=key)$', 'a=a')!;
    expect(m.groups).toEqual({ key: 'a' });
    expect(exec('^(?P<key>\\w+)=(?P=key)$', 'a=b')).toBeNull();
  });
  it('\\A and \\Z anchor the whole input', () => {
    expect(exec('\\Afoo', 'foo bar')).not.toBeNull();
    expect(exec('\\Afoo', 'x foo')).toBeNull();
    expect(exec('bar\\Z', 'foo bar')).not.toBeNull();
    expect(exec('bar\\Z', 'bar foo')).toBeNull();
  });
  it('leading inline flags become RegExp flags; multiline is reported', () => {
    expect(exec('(?i)^LISTEN', 'listen 80')).not.toBeNull();
    expect(compilePy('(?m)^x$').multiline).toBe(true);
    expect(compilePy('^x$').multiline).toBe(false);
    expect(exec('(?s)a.b', 'a\nb')).not.toBeNull();
  });
  it('character classes are left alone, including a leading ]', () => {
    expect(exec('[]a]+', ']a]')![0]).toBe(']a]');
    expect(exec('[^]]', ']x')![0]).toBe('x');
    expect(exec('[\\]]', ']')).not.toBeNull();
    expect(exec('[(?P<x>)]', 'P')).not.toBeNull();
  });
  it('comments are dropped', () => {
    expect(exec('a(?#note)b', 'ab')).not.toBeNull();
  });
  it('refuses what JavaScript cannot mean the same way', () => {
    expect(() => compilePy('(?x) a b')).toThrow(/verbose/);
    expect(() => compilePy('a(?i:b)')).toThrow(/inline flags/);
    expect(() => compilePy('(a)?(?(1)b|c)')).toThrow(/conditional/);
    expect(() => compilePy('(unclosed')).toThrow(PyRegexError);
    expect(() => compilePy('trailing\\')).toThrow(/lone backslash/);
  });
});

describe('expandMatch', () => {
  it('numbered, \\g<n> and \\g<name> references, escapes, unmatched groups', () => {
    const m = /^(\w+)=(?<val>\w+)(x)?$/.exec('key=val')!;
    expect(expandMatch('\\1 is \\2', m)).toBe('key is val');
    expect(expandMatch('\\g<1>0', m)).toBe('key0');
    expect(expandMatch('\\g<val>!', m)).toBe('val!');
    expect(expandMatch('[\\3]', m)).toBe('[]');
    expect(expandMatch('a\\tb\\\\c\\n', m)).toBe('a\tb\\c\n');
    expect(expandMatch('keep \\d', m)).toBe('keep \\d');
  });
  it('refuses references to groups that do not exist', () => {
    const m = /(a)/.exec('a')!;
    expect(() => expandMatch('\\2', m)).toThrow(PyRegexError);
    expect(() => expandMatch('\\g<nope>', m)).toThrow(/unknown group name/);
  });
});
