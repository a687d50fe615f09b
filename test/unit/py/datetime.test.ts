import { describe, expect, it } from 'vitest';
import { strptime, StrptimeError } from '../../../src/py/datetime.js';

describe('strptime', () => {
  const cases: Array<[string, string, string]> = [
    ['1993-03-26 01:23:45', '%Y-%m-%d %H:%M:%S', '1993-03-26 01:23:45'],
    ['26/Mar/2020 07:05:00 PM', '%d/%b/%Y %I:%M:%S %p', '2020-03-26 19:05:00'],
    ['2020-03-26 01:02:03.5', '%Y-%m-%d %H:%M:%S.%f', '2020-03-26 01:02:03.500000'],
  ];
  it.each(cases)('%s with %s', (text, fmt, str) => {
    expect(strptime(text, fmt).toString()).toBe(str);
  });
  it('orders like Python', () => {
    expect(strptime('1993-03-26 01:23:45', '%Y-%m-%d %H:%M:%S').value).toBeLessThan(strptime('1994-03-26 01:23:45', '%Y-%m-%d %H:%M:%S').value);
  });
  it('refuses text that does not match, or a bad date', () => {
    expect(() => strptime('1993-03-26', '%Y-%m-%d %H:%M:%S')).toThrow("time data '1993-03-26' does not match format '%Y-%m-%d %H:%M:%S'");
    expect(() => strptime('2021-02-30', '%Y-%m-%d')).toThrow(StrptimeError);
  });
});
