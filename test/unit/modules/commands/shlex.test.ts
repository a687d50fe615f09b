import { describe, expect, it } from 'vitest';
import { shlexSplit, ShlexError } from '../../../../src/modules/commands/shlex.js';

describe('shlexSplit (Python shlex.split, POSIX mode)', () => {
  it('splits on runs of whitespace', () => {
    expect(shlexSplit('  echo   a\tb\nc  ')).toEqual(['echo', 'a', 'b', 'c']);
  });
  it('keeps single-quoted text literal, backslashes included', () => {
    expect(shlexSplit(`echo 'a b' 'c\\d' '$HOME'`)).toEqual(['echo', 'a b', 'c\\d', '$HOME']);
  });
  it('in double quotes a backslash escapes only " and \\', () => {
    expect(shlexSplit(`echo "a \\"b\\" \\\\ \\n \\$x"`)).toEqual(['echo', 'a "b" \\ \\n \\$x']);
  });
  it('outside quotes a backslash makes the next character literal', () => {
    expect(shlexSplit('a\\ b c\\"d \\\\')).toEqual(['a b', 'c"d', '\\']);
  });
  it('joins adjacent quoted and bare parts into one word; empty quotes give an empty word', () => {
    expect(shlexSplit(`a'b'"c"d '' ""`)).toEqual(['abcd', '', '']);
  });
  it('leaves shell metacharacters as plain words', () => {
    expect(shlexSplit('echo $HOME > x; `id` | y && z')).toEqual(['echo', '$HOME', '>', 'x;', '`id`', '|', 'y', '&&', 'z']);
  });
  it('refuses unbalanced quotes and a trailing backslash', () => {
    expect(() => shlexSplit(`echo 'abc`)).toThrow(ShlexError);
    expect(() => shlexSplit(`echo "abc`)).toThrow(/No closing quotation/);
    expect(() => shlexSplit('echo abc\\')).toThrow(/No escaped character/);
  });
  it('returns no words for an empty or blank string', () => {
    expect(shlexSplit('')).toEqual([]);
    expect(shlexSplit(' \t ')).toEqual([]);
  });
});
