import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { QuoteError, envPrefix, quote, raw, sh } from '../../../src/util/quote.js';

/** Run through the real /bin/sh (dash on Debian): what printf receives must be the value, exactly. */
function roundTrip(value: string): string {
  return execFileSync('/bin/sh', ['-c', `printf '%s' ${quote(value)}`]).toString('utf8');
}

const NASTY = [
  "it's",
  'a "double" quote',
  '$HOME and ${PATH} and $(id) and `id`',
  'line one\nline two\n',
  '  spaces  around  ',
  '-n',
  '--help',
  '; rm -rf /tmp/nothing-here',
  "'",
  "''''",
  '\\ backslash \\\\',
  'tab\there',
  '*.glob ?[a-z]',
  'ünïcödé ✓',
  '=equals',
  '',
];

describe('quote', () => {
  it.each(NASTY)('passes %j through dash unchanged', (v) => {
    expect(roundTrip(v)).toBe(v);
  });

  it('leaves plain words bare and quotes everything else', () => {
    expect(quote('/var/lib/machines')).toBe('/var/lib/machines');
    expect(quote('a b')).toBe("'a b'");
    expect(quote("it's")).toBe("'it'\\''s'");
    expect(quote('')).toBe("''");
    expect(quote(42)).toBe('42');
  });

  it('quotes leading dashes so they are never bare words', () => {
    expect(quote('-rf')).toBe("'-rf'");
  });

  it('refuses NUL bytes', () => {
    expect(() => quote('a\0b')).toThrow(QuoteError);
  });
});

describe('sh', () => {
  it('quotes each interpolation as one word and arrays as several', () => {
    expect(sh`ls ${'a b'} ${['x', 'y z']}`).toBe("ls 'a b' x 'y z'");
  });

  it('inserts raw() text as is', () => {
    expect(sh`echo ${raw('$HOME')} ${'$HOME'}`).toBe("echo $HOME '$HOME'");
  });

  it('builds commands that dash runs with the values intact', () => {
    const args = ['one two', "th'ree", '$(four)'];
    const out = execFileSync('/bin/sh', ['-c', sh`for a in ${args}; do printf '[%s]' "$a"; done`]).toString();
    expect(out).toBe("[one two][th'ree][$(four)]");
  });
});

describe('envPrefix', () => {
  it('exports quoted values', () => {
    const cmd = envPrefix({ A: 'x y', B: '$B' }) + 'printf "%s|%s" "$A" "$B"';
    expect(execFileSync('/bin/sh', ['-c', cmd]).toString()).toBe('x y|$B');
  });

  it('refuses names that are not shell identifiers', () => {
    expect(() => envPrefix({ 'A;rm': 'x' })).toThrow(QuoteError);
    expect(() => envPrefix({ '1A': 'x' })).toThrow(QuoteError);
  });
});
