import { describe, expect, it } from 'vitest';
import { shlexSplit, shlexWords, ShlexError } from '../../../src/py/shlex.js';

// Expected words are what CPython 3's shlex.split(s) and shlex.split(s, comments=True) return.
describe('shlexSplit (Python shlex.split, POSIX mode)', () => {
  it.each<[string, string, string[], string[]]>([
    ['splits on runs of whitespace', '  echo   a\tb\nc  ', ['echo', 'a', 'b', 'c'], ['echo', 'a', 'b', 'c']],
    ['only space, tab, CR and LF separate words', 'a\x0bb\x0cc\u00a0d e', ['a\x0bb\x0cc\u00a0d', 'e'], ['a\x0bb\x0cc\u00a0d', 'e']],
    ['keeps single-quoted text literal, backslashes included', `echo 'a b' 'c\\d' '$HOME'`, ['echo', 'a b', 'c\\d', '$HOME'], ['echo', 'a b', 'c\\d', '$HOME']],
    ['in double quotes a backslash escapes only " and \\', `echo "a \\"b\\" \\\\ \\n \\$x"`, ['echo', 'a "b" \\ \\n \\$x'], ['echo', 'a "b" \\ \\n \\$x']],
    ['outside quotes a backslash makes the next character literal', 'a\\ b c\\"d \\\\', ['a b', 'c"d', '\\'], ['a b', 'c"d', '\\']],
    ['an escaped newline is a newline in the word', 'a\\\nb', ['a\nb'], ['a\nb']],
    ['joins adjacent quoted and bare parts; empty quotes give an empty word', `a'b'"c"d '' ""`, ['abcd', '', ''], ['abcd', '', '']],
    ['leaves shell metacharacters as plain words', 'echo $HOME > x; `id` | y && z', ['echo', '$HOME', '>', 'x;', '`id`', '|', 'y', '&&', 'z'], ['echo', '$HOME', '>', 'x;', '`id`', '|', 'y', '&&', 'z']],
    ['returns no words for an empty string', '', [], []],
    ['returns no words for a blank string', ' \t ', [], []],
    ['quotes group words in host lines', `h key2="quoted value" k3='it''s' k4="say \\"hi\\""`, ['h', 'key2=quoted value', 'k3=its', 'k4=say "hi"'], ['h', 'key2=quoted value', 'k3=its', 'k4=say "hi"']],
    ['keeps backslashes in single quotes and unknown escapes in double quotes', `h a='c:\\dir' b="x\\y" c=d\\ e`, ['h', 'a=c:\\dir', 'b=x\\y', 'c=d e'], ['h', 'a=c:\\dir', 'b=x\\y', 'c=d e']],
    ['with comments an unquoted # ends the line', 'h a=1 # comment', ['h', 'a=1', '#', 'comment'], ['h', 'a=1']],
    ['with comments a # inside a word ends it', 'h pass=ab#cd e=f', ['h', 'pass=ab#cd', 'e=f'], ['h', 'pass=ab']],
    ['a quoted or escaped # is text', `h pass='ab#cd' "#" \\#x`, ['h', 'pass=ab#cd', '#', '#x'], ['h', 'pass=ab#cd', '#', '#x']],
    ['a comment ends at the end of its line', "x 'a' #c\n'd'", ['x', 'a', '#c', 'd'], ['x', 'a', 'd']],
    ['keeps an empty quoted word', `h a='' ''`, ['h', 'a=', ''], ['h', 'a=', '']],
  ])('%s', (_what, s, plain, withComments) => {
    expect(shlexSplit(s)).toEqual(plain);
    expect(shlexSplit(s, { comments: true })).toEqual(withComments);
  });

  it('remembers where each word starts', () => {
    expect(shlexWords('web1  a=1\tb=2', { comments: true })).toEqual([
      { text: 'web1', start: 0 },
      { text: 'a=1', start: 6 },
      { text: 'b=2', start: 10 },
    ]);
    expect(shlexWords(`x  'a b'c ""`)).toEqual([
      { text: 'x', start: 0 },
      { text: 'a bc', start: 3 },
      { text: '', start: 10 },
    ]);
  });

  it.each<[string, string, number]>([
    [`echo 'abc`, 'No closing quotation', 5],
    [`echo "abc`, 'No closing quotation', 5],
    ['h a="open', 'No closing quotation', 4],
    ['echo abc\\', 'No escaped character', 8],
    ['h a=b\\', 'No escaped character', 5],
    ['x "a\\', 'No escaped character', 4],
  ])('refuses %j as Python does (%s), saying where', (s, message, index) => {
    for (const comments of [false, true]) {
      let err: unknown;
      try {
        shlexSplit(s, { comments });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(ShlexError);
      expect((err as ShlexError).message).toBe(message);
      expect((err as ShlexError).index).toBe(index);
    }
  });
});
