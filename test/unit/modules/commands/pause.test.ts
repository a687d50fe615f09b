import { describe, expect, it } from 'vitest';
import { pauseDurationMs, pauseModule, pauseSchema, pauseStdout } from '../../../../src/modules/commands/pause.js';
import { fakeContext } from '../../../helpers/module-context.js';

const ctx = (signal?: AbortSignal) => fakeContext([], { signal });

describe('pause', () => {
  it('computes the wait from seconds or minutes', () => {
    expect(pauseDurationMs(pauseSchema.parse({ seconds: '2' }))).toBe(2000);
    expect(pauseDurationMs(pauseSchema.parse({ minutes: 0.5 }))).toBe(30_000);
    expect(pauseDurationMs(pauseSchema.parse({ prompt: 'go?' }))).toBeUndefined();
    expect(pauseStdout({ seconds: 5 })).toBe('Paused for 5.0 seconds');
  });
  it('refuses seconds with minutes and negative values', () => {
    expect(pauseSchema.safeParse({ seconds: 1, minutes: 1 }).success).toBe(false);
    expect(pauseSchema.safeParse({ seconds: -1 }).success).toBe(false);
  });
  it('waits the given time and reports it', async () => {
    const t0 = Date.now();
    const plan = await pauseModule.plan(pauseSchema.parse({ seconds: 0.2 }), ctx());
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(plan.result).toMatchObject({ changed: false, stdout: 'Paused for 0.2 seconds', delta: 0, user_input: '' });
  });
  it('is cut short by the abort signal', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const t0 = Date.now();
    await expect(pauseModule.plan(pauseSchema.parse({ seconds: 30 }), ctx(ac.signal))).rejects.toThrow(/abort/i);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it('refuses a prompt-only pause when stdin is not a terminal', async () => {
    const saved = process.stdin.isTTY;
    process.stdin.isTTY = false as never;
    try {
      await expect(pauseModule.plan(pauseSchema.parse({ prompt: 'Continue?' }), ctx())).rejects.toThrow(/stdin is not a terminal/);
    } finally {
      process.stdin.isTTY = saved;
    }
  });
});
