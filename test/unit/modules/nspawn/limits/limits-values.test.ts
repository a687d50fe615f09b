import { describe, expect, it } from 'vitest';
import {
  displayLimit,
  LimitValueError,
  normalizeCpuSet,
  normalizeLimit,
  normalizeShown,
  normalizeStored,
  parseSize,
  parseTimespanUsec,
} from '../../../../../src/modules/nspawn/limits/limits-values.js';

describe('limit values', () => {
  it('sizes: base 1024, decimals, plain bytes, refusals', () => {
    expect(parseSize('512M')).toBe(512n * 1024n * 1024n);
    expect(parseSize('1G')).toBe(1073741824n);
    expect(parseSize('1.5G')).toBe(1610612736n);
    expect(parseSize('2g')).toBe(2147483648n);
    expect(parseSize(4096)).toBe(4096n);
    expect(parseSize('100K')).toBe(102400n);
    for (const bad of ['', '-1', '1X', '1 G B', 'lots', '1e3', '20E']) expect(parseSize(bad), bad).toBeUndefined();
    expect(parseSize(-5)).toBeUndefined();
  });

  it('memory limits: bytes, infinity, percentages', () => {
    expect(normalizeLimit('MemoryMax', '1G')).toEqual({ norm: '1073741824', arg: '1073741824' });
    expect(normalizeLimit('MemoryHigh', 'infinity')).toEqual({ norm: 'infinity', arg: 'infinity' });
    expect(normalizeLimit('MemoryHigh', '50%')).toEqual({ norm: '50%', arg: '50%' });
    expect(normalizeLimit('MemoryHigh', '12.50%').norm).toBe('12.5%');
    expect(normalizeLimit('MemorySwapMax', 0).norm).toBe('0');
    expect(() => normalizeLimit('MemoryMax', '150%')).toThrow(LimitValueError);
    expect(() => normalizeLimit('MemoryMax', 'big')).toThrow(/MemoryMax: expected a size/);
  });

  it('CPUQuota: whole percentages, as microseconds per second', () => {
    expect(normalizeLimit('CPUQuota', '50%')).toEqual({ norm: '500000', arg: '50%' });
    expect(normalizeLimit('CPUQuota', '250%')).toEqual({ norm: '2500000', arg: '250%' });
    for (const bad of ['12.5%', '0%', '50', 'half', '-5%']) expect(() => normalizeLimit('CPUQuota', bad), bad).toThrow(LimitValueError);
  });

  it('weights, TasksMax, AllowedCPUs', () => {
    expect(normalizeLimit('CPUWeight', 100).norm).toBe('100');
    expect(normalizeLimit('IOWeight', '10000').norm).toBe('10000');
    for (const bad of [0, 10001, '1.5', 'high']) expect(() => normalizeLimit('CPUWeight', bad), String(bad)).toThrow(/between 1 and 10000/);
    expect(normalizeLimit('TasksMax', 200).norm).toBe('200');
    expect(normalizeLimit('TasksMax', 'infinity').norm).toBe('infinity');
    expect(normalizeLimit('TasksMax', '10%').norm).toBe('10%');
    expect(() => normalizeLimit('TasksMax', 0)).toThrow(LimitValueError);
    expect(normalizeLimit('AllowedCPUs', '3,0-1,2').norm).toBe('0-3');
    expect(normalizeLimit('AllowedCPUs', [5, 0, 1]).norm).toBe('0-1,5');
    expect(normalizeCpuSet('0 2 4-5')).toBe('0,2,4-5');
    for (const bad of ['a', '3-1', '0;reboot', '']) expect(() => normalizeLimit('AllowedCPUs', bad), bad).toThrow(LimitValueError);
    expect(() => normalizeLimit('MemoryMax', ['1G'])).toThrow(/single value/);
  });

  it('values that could reach a shell or a unit file are refused', () => {
    for (const bad of ['1G\nExecStart=/bin/sh', "1G'; reboot", '$(reboot)']) {
      for (const key of ['MemoryMax', 'TasksMax', 'CPUQuota', 'AllowedCPUs'] as const) expect(() => normalizeLimit(key, bad), `${key} ${bad}`).toThrow(LimitValueError);
    }
  });

  it('systemd time spans', () => {
    expect(parseTimespanUsec('500ms')).toBe(500_000);
    expect(parseTimespanUsec('1s')).toBe(1_000_000);
    expect(parseTimespanUsec('2.500000s')).toBe(2_500_000);
    expect(parseTimespanUsec('1min 40s')).toBe(100_000_000);
    expect(parseTimespanUsec('10ms')).toBe(10_000);
    expect(parseTimespanUsec('infinity')).toBeUndefined();
    expect(() => parseTimespanUsec('5 parsecs')).toThrow();
  });

  it('what systemctl show prints, in normal form', () => {
    expect(normalizeShown('CPUQuota', '500ms')).toBe('500000');
    expect(normalizeShown('CPUQuota', 'infinity')).toBeNull();
    expect(normalizeShown('CPUWeight', '[not set]')).toBeNull();
    expect(normalizeShown('IOWeight', '18446744073709551615')).toBeNull();
    expect(normalizeShown('AllowedCPUs', '')).toBeNull();
    expect(normalizeShown('AllowedCPUs', '0-1')).toBe('0-1');
    expect(normalizeShown('MemoryMax', '1073741824')).toBe('1073741824');
    expect(normalizeShown('MemoryMax', 'infinity')).toBe('infinity');
  });

  it('what set-property wrote in its drop-ins, in normal form', () => {
    expect(normalizeStored('MemoryHigh', '40.00%')).toBe('40%');
    expect(normalizeStored('CPUQuota', '150%')).toBe('1500000');
    expect(normalizeStored('MemoryMax', '1073741824')).toBe('1073741824');
    expect(normalizeStored('AllowedCPUs', '')).toBeNull();
    expect(normalizeStored('CPUQuota', '12.5%')).toBe('12.5%');
  });

  it('display forms', () => {
    expect(displayLimit('MemoryMax', '1073741824')).toBe('1G');
    expect(displayLimit('MemoryMax', '1610612736')).toBe('1536M');
    expect(displayLimit('MemoryMax', '1000')).toBe('1000');
    expect(displayLimit('CPUQuota', '500000')).toBe('50%');
    expect(displayLimit('TasksMax', '200')).toBe('200');
    expect(displayLimit('CPUWeight', null)).toBeNull();
  });
});
