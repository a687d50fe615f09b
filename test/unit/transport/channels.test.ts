import { describe, expect, it } from 'vitest';
import { ChannelLimiter, MAX_CHANNELS } from '../../../src/transport/channels.js';

describe('ChannelLimiter', () => {
  it('keeps at most max running and serves waiters first in, first out', async () => {
    const l = new ChannelLimiter(3);
    const order: number[] = [];
    let running = 0;
    let peak = 0;
    const gates: Array<() => void> = [];
    const jobs = Array.from({ length: 8 }, (_, i) =>
      l.run(async () => {
        order.push(i);
        running++;
        peak = Math.max(peak, running);
        await new Promise<void>((r) => gates.push(r));
        running--;
      }),
    );
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual([0, 1, 2]);
    expect(l.queued).toBe(5);
    while (order.length < 8 || gates.length) {
      gates.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    await Promise.all(jobs);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(peak).toBe(3);
    expect(l.peak).toBe(3);
    expect(l.inUse).toBe(0);
    expect(MAX_CHANNELS).toBe(10);
  });

  it('frees the slot when the job throws; an aborted waiter leaves the queue', async () => {
    const l = new ChannelLimiter(1);
    await expect(l.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(l.inUse).toBe(0);
    const release = await l.acquire();
    const ac = new AbortController();
    const waiting = l.acquire(ac.signal);
    ac.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(l.queued).toBe(0);
    release();
    release(); // idempotent
    expect(l.inUse).toBe(0);
  });
});
