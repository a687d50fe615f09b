import { describe, expect, it } from 'vitest';
import { shlexSplit, ShlexError } from '../../../src/inventory/shlex.js';

const texts = (line: string) => shlexSplit(line).map((w) => w.text);

describe('shlexSplit (Python shlex.split with comments, POSIX mode)', () => {
  it('splits on white space and remembers where each word starts', () => {
    expect(shlexSplit('web1  a=1\tb=2')).toEqual([
      { text: 'web1', start: 0 },
      { text: 'a=1', start: 6 },
      { text: 'b=2', start: 10 },
    ]);
  });

  it('joins quoted parts into the word', () => {
    expect(texts(`h key2="quoted value" k3='it''s' k4="say \\"hi\\""`)).toEqual(['h', 'key2=quoted value', "k3=its", 'k4=say "hi"']);
  });

  it('keeps backslashes in single quotes and unknown escapes in double quotes', () => {
    expect(texts(`h a='c:\\dir' b="x\\y" c=d\\ e`)).toEqual(['h', 'a=c:\\dir', 'b=x\\y', 'c=d e']);
  });

  it('ends the line at an unquoted #, also inside a word', () => {
    expect(texts('h a=1 # comment')).toEqual(['h', 'a=1']);
    expect(texts('h pass=ab#cd e=f')).toEqual(['h', 'pass=ab']);
    expect(texts("h pass='ab#cd'")).toEqual(['h', 'pass=ab#cd']);
  });

  it('keeps an empty quoted word', () => {
    expect(texts(`h a=''`)).toEqual(['h', 'a=']);
    expect(texts(`h ''`)).toEqual(['h', '']);
  });

  it('refuses an unclosed quote and says where it opened', () => {
    expect(() => shlexSplit('h a="open')).toThrow(ShlexError);
    try {
      shlexSplit('h a="open');
    } catch (e) {
      expect((e as ShlexError).index).toBe(4);
      expect((e as ShlexError).message).toBe('no closing quotation');
    }
    expect(() => shlexSplit('h a=b\\')).toThrow('no escaped character');
  });
});
