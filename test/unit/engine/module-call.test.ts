import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { dropOmitted, isAbort, resolveModule, zodMessage } from '../../../src/engine/module-call.js';
import { OMIT } from '../../../src/template/index.js';

describe('module arguments', () => {
  it('drops omitted keys, also in nested mappings and lists', () => {
    expect(dropOmitted({ a: 1, b: OMIT, c: { d: OMIT, e: 'x' }, l: [1, OMIT, 2] })).toEqual({ a: 1, c: { e: 'x' }, l: [1, 2] });
  });

  it('turns a zod error into one readable message', () => {
    const schema = z.object({ path: z.string(), mode: z.number().optional() }).strict();
    const r = schema.safeParse({ mode: 'x', bogus: 1 });
    expect(r.success).toBe(false);
    const msg = zodMessage('file', (r as { error: z.ZodError }).error);
    expect(msg).toContain('Unsupported parameters for (file) module: bogus');
    expect(msg).toContain('path: Required');
    expect(msg).toContain('mode:');
  });

  it('resolves modules by name and alias, with a suggestion for typos', () => {
    expect(typeof resolveModule('ansible.builtin.command')).toBe('object');
    expect(resolveModule('comand')).toMatch(/couldn't resolve module\/action 'comand'\. Did you mean 'command'\?/);
  });

  it('tells aborts from failures', () => {
    const ac = new AbortController();
    const abortErr = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(isAbort(abortErr, ac.signal)).toBe(true);
    expect(isAbort(new Error('boom'), ac.signal)).toBe(false);
    ac.abort();
    expect(isAbort(new Error('boom'), ac.signal)).toBe(true);
  });
});
