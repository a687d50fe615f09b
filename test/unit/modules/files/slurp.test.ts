import { describe, expect, it } from 'vitest';
import { slurpSchema } from '../../../../src/modules/files/slurp.js';

describe('slurp schema', () => {
  it('src, with path as its alias; nothing else', () => {
    expect(slurpSchema.parse({ path: '/x' })).toEqual({ src: '/x' });
    expect(slurpSchema.parse({ src: '/y' })).toEqual({ src: '/y' });
    expect(slurpSchema.safeParse({ src: '/y', mode: '0644' }).success).toBe(false);
    expect(slurpSchema.safeParse({}).success).toBe(false);
  });
});
