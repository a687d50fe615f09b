/** How located errors are shown: the excerpt of a long line is a window around the column; what a loader collects. */
import { describe, expect, it } from 'vitest';
import { EXCERPT_SIDE, ValidationError, ValidationErrors, excerptWindow, formatLocated, problemsOf } from '../../../src/util/errors.js';

describe('excerptWindow', () => {
  const long = 'x'.repeat(5000) + 'HERE' + 'y'.repeat(5000);

  it.each([
    ['a short line is shown whole', 'key: value', 6, 'key: value', 5],
    ['a column past the end points just past it', 'ab', 9, 'ab', 2],
    ['control characters are shown one for one', 'a\u0000b', 2, 'a\ufffdb', 1],
  ])('%s', (_name, line, col, text, caret) => {
    expect(excerptWindow(line, col)).toEqual({ text, caret });
  });

  it('a long line is cut around the column, both ends marked', () => {
    const { text, caret } = excerptWindow(long, 5001);
    expect(text.startsWith('…x')).toBe(true);
    expect(text.endsWith('y…')).toBe(true);
    expect(text.length).toBe(2 * EXCERPT_SIDE + 2);
    expect(text.slice(caret, caret + 4)).toBe('HERE');
  });

  it('a long line is cut only at the end when the column is near its start', () => {
    const { text, caret } = excerptWindow(long, 3);
    expect(text).toBe('x'.repeat(EXCERPT_SIDE + 2) + '…');
    expect(caret).toBe(2);
  });

  it('a long line is cut only at the start when the column is near its end', () => {
    const { text, caret } = excerptWindow(long, long.length);
    expect(text).toBe('…' + 'y'.repeat(EXCERPT_SIDE + 1));
    expect(caret).toBe(EXCERPT_SIDE + 1);
  });
});

describe('formatLocated', () => {
  it('puts the caret under the column of a 30 MB line and stays short', () => {
    const big = 'a'.repeat(30_000_000) + ' bad';
    const out = formatLocated(new ValidationError('unexpected', { file: 'p.yml', line: 1, col: 30_000_002 }, 'fix it', big));
    expect(out.length).toBeLessThan(600);
    const [, excerpt, marker] = out.split('\n');
    expect(excerpt.indexOf('bad')).toBe(marker.indexOf('^'));
    expect(out.endsWith('\n  fix it')).toBe(true);
  });
});

describe('problemsOf', () => {
  const a = new ValidationError('a', { file: 'f.yml', line: 1, col: 1 });
  const b = new ValidationError('b', { file: 'f.yml', line: 2, col: 1 });
  it.each([
    ['every problem of a ValidationErrors', new ValidationErrors([a, b]), [a, b]],
    ['the one ValidationError', a, [a]],
  ])('%s', (_what, thrown, problems) => {
    expect(problemsOf(thrown)).toEqual(problems);
  });
  it('throws any other error on, as it is', () => {
    const bug = new TypeError('x is undefined');
    expect(() => problemsOf(bug)).toThrow(bug);
  });
});
