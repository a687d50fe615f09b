import { describe, expect, it } from 'vitest';
import { pyDatetime, pyTimedelta, splitLines, stripEnds } from '../../../../src/modules/kit/run-result.js';

describe('Ansible result formats', () => {
  it('formats start/end like Python str(datetime) in local time, with microseconds', () => {
    const t = new Date(2024, 4, 1, 9, 8, 7, 123).getTime() + 0.456;
    expect(pyDatetime(t)).toBe('2024-05-01 09:08:07.123456');
  });
  it('omits the fraction when it is zero, as Python does', () => {
    expect(pyDatetime(new Date(2024, 0, 2, 3, 4, 5, 0).getTime())).toBe('2024-01-02 03:04:05');
  });
  it('formats delta like str(timedelta)', () => {
    expect(pyTimedelta(12.345)).toBe('0:00:00.012345');
    expect(pyTimedelta(0)).toBe('0:00:00');
    expect(pyTimedelta(3_723_000.5)).toBe('1:02:03.000500');
    expect(pyTimedelta(86_400_000 + 1000)).toBe('1 day, 0:00:01');
    expect(pyTimedelta(2 * 86_400_000)).toBe('2 days, 0:00:00');
  });
  it('splits lines like str.splitlines()', () => {
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\nb\n')).toEqual(['a', 'b']);
    expect(splitLines('a\r\nb\rc')).toEqual(['a', 'b', 'c']);
    expect(splitLines('a\n\nb')).toEqual(['a', '', 'b']);
    expect(splitLines('\n')).toEqual(['']);
  });
  it('strip_empty_ends removes only trailing newlines', () => {
    expect(stripEnds('  a \n\r\n')).toBe('  a ');
    expect(stripEnds('\na')).toBe('\na');
  });
});
