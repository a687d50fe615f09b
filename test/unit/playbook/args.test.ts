/** Ansible's k=v strings: quoting, escapes, Jinja2 blocks, free-form splitting. */
import { describe, expect, it } from 'vitest';
import { ArgsSyntaxError, decodeEscapes, parseKeyValueArgs, splitFreeForm } from '../../../src/playbook/args.js';

describe('parseKeyValueArgs', () => {
  it('reads plain, single- and double-quoted values as strings', () => {
    expect(parseKeyValueArgs(`src=a dest='b c' mode=0644 owner="web user"`)).toEqual({ src: 'a', dest: 'b c', mode: '0644', owner: 'web user' });
  });

  it('keeps Jinja2 expressions with spaces together', () => {
    expect(parseKeyValueArgs('msg={{ a + b }} path={{ dirs | join("/") }}/x')).toEqual({ msg: '{{ a + b }}', path: '{{ dirs | join("/") }}/x' });
    expect(parseKeyValueArgs('msg={% if x %}yes{% endif %} n=1')).toEqual({ msg: '{% if x %}yes{% endif %}', n: '1' });
  });

  it('decodes Python escapes and keeps quotes inside values', () => {
    expect(parseKeyValueArgs(String.raw`line="a\tb\n" msg="say \"hi\"" q='it''s'`)).toEqual({ line: 'a\tb\n', msg: 'say "hi"', q: "it''s" });
    expect(decodeEscapes(String.raw`\x41\u00e9\101\\`)).toBe('Aé' + 'A\\');
  });

  it('splits only at the first unescaped =', () => {
    expect(parseKeyValueArgs('regexp=^a=b$ line=x\\=y')).toEqual({ regexp: '^a=b$', line: 'x\\=y' });
  });

  it('puts words that are not k=v into _raw_params', () => {
    expect(parseKeyValueArgs('echo hi a=1')).toEqual({ a: '1', _raw_params: 'echo hi' });
    expect(parseKeyValueArgs('=x')).toEqual({ _raw_params: '=x' });
  });

  it('an empty value is an empty string; whitespace around is ignored', () => {
    expect(parseKeyValueArgs('  a=  b=""  ')).toEqual({ a: '', b: '' });
    expect(parseKeyValueArgs('')).toEqual({});
  });

  it('refuses unbalanced quotes and unclosed Jinja2 blocks', () => {
    expect(() => parseKeyValueArgs(`a='b c`)).toThrow(ArgsSyntaxError);
    expect(() => parseKeyValueArgs('a={{ b')).toThrow(/missing '}}'/);
  });
});

describe('splitFreeForm', () => {
  const keys = new Set(['chdir', 'creates', 'removes']);

  it('takes leading option words and keeps the rest byte for byte', () => {
    expect(splitFreeForm(`chdir=/tmp creates="/x y" ls  -l  'a b'`, keys)).toEqual({ options: { chdir: '/tmp', creates: '/x y' }, rest: `ls  -l  'a b'` });
  });

  it('stops at the first word that is not an option of the module', () => {
    expect(splitFreeForm('echo chdir=/tmp', keys)).toEqual({ options: {}, rest: 'echo chdir=/tmp' });
    expect(splitFreeForm('foo=bar chdir=/tmp', keys)).toEqual({ options: {}, rest: 'foo=bar chdir=/tmp' });
  });

  it('does not trip over an unbalanced quote in the command itself', () => {
    expect(splitFreeForm("chdir=/srv echo it's", keys)).toEqual({ options: { chdir: '/srv' }, rest: "echo it's" });
  });

  it('an options-only string leaves no command', () => {
    expect(splitFreeForm('chdir=/tmp', keys)).toEqual({ options: { chdir: '/tmp' }, rest: '' });
  });
});
