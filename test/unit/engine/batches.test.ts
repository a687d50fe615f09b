import { describe, expect, it } from 'vitest';
import { orderHosts, pctToInt, serialBatches } from '../../../src/engine/batches.js';

const hosts = (n: number) => Array.from({ length: n }, (_, i) => `h${i + 1}`);

describe('serial batches', () => {
  it('runs all hosts at once without serial', () => {
    expect(serialBatches(hosts(3), [])).toEqual([['h1', 'h2', 'h3']]);
  });

  it('splits by a number, the last batch being short', () => {
    expect(serialBatches(hosts(5), [2])).toEqual([['h1', 'h2'], ['h3', 'h4'], ['h5']]);
  });

  it('repeats the last value of a list', () => {
    expect(serialBatches(hosts(7), [1, 2])).toEqual([['h1'], ['h2', 'h3'], ['h4', 'h5'], ['h6', 'h7']]);
  });

  it('takes percentages of the whole play (floor, at least one)', () => {
    expect(pctToInt('30%', 10)).toBe(3);
    expect(pctToInt('10%', 5)).toBe(1);
    expect(serialBatches(hosts(10), ['30%'])).toEqual([['h1', 'h2', 'h3'], ['h4', 'h5', 'h6'], ['h7', 'h8', 'h9'], ['h10']]);
    expect(serialBatches(hosts(4), [1, '50%'])).toEqual([['h1'], ['h2', 'h3'], ['h4']]);
  });

  it('treats 0 as all remaining hosts', () => {
    expect(serialBatches(hosts(3), [1, 0])).toEqual([['h1'], ['h2', 'h3']]);
  });

  it('returns no batch for no hosts', () => {
    expect(serialBatches([], [2])).toEqual([]);
  });
});

describe('host order', () => {
  const inv = ['web2', 'db1', 'web10', 'app'];
  it('follows order:', () => {
    expect(orderHosts(inv, 'inventory')).toEqual(inv);
    expect(orderHosts(inv, 'reverse_inventory')).toEqual(['app', 'web10', 'db1', 'web2']);
    expect(orderHosts(inv, 'sorted')).toEqual(['app', 'db1', 'web10', 'web2']);
    expect(orderHosts(inv, 'reverse_sorted')).toEqual(['web2', 'web10', 'db1', 'app']);
  });

  it('shuffles a permutation', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const out = orderHosts(inv, 'shuffle', rnd);
    expect([...out].sort()).toEqual([...inv].sort());
    expect(inv).toEqual(['web2', 'db1', 'web10', 'app']);
  });
});
