import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { callModule, dropOmitted, isAbort, resolveModule, zodMessage } from '../../../src/engine/module-call.js';
import { defineAction, defineModule, type ModuleDef } from '../../../src/modules/types.js';
import type { Connection } from '../../../src/transport/types.js';
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

describe('check mode follows the kind of module (modules/types.ts)', () => {
  const call = (module: ModuleDef, check: boolean) =>
    callModule({
      host: 'h1', module, args: {}, vars: {}, conn: {} as Connection, become: null, check, diff: true, signal: new AbortController().signal, searchDirs: [],
    });
  const schema = z.object({}).strict();

  it.each([
    // an action runs outside check mode; in check mode its check stands in, and without one it is skipped
    { kind: 'action with check', check: false, calls: ['run'], result: { changed: true, failed: false, rc: 0 } },
    { kind: 'action with check', check: true, calls: ['check'], result: { changed: true, failed: false, msg: 'would' } },
    { kind: 'action that cannot tell', check: true, calls: ['check'], result: { changed: false, skipped: true, msg: 'cannot tell' } },
    { kind: 'action without check', check: true, calls: [], result: { changed: false, skipped: true, msg: 'Skipped in check mode' } },
    // a plan is made in both modes; only outside check mode is it applied
    { kind: 'plan', check: false, calls: ['plan', 'apply'], result: { changed: true, failed: false, path: '/x', applied: true, diff: { before: 'a', after: 'b' } } },
    { kind: 'plan', check: true, calls: ['plan'], result: { changed: true, failed: false, path: '/x', diff: { before: 'a', after: 'b' } } },
  ])('$kind, check mode $check: $calls', async ({ kind, check, calls, result }) => {
    const seen: string[] = [];
    const mod: ModuleDef =
      kind === 'plan'
        ? defineModule({
            name: 't', schema,
            plan: async () => {
              seen.push('plan');
              return { changed: true, diff: { before: 'a', after: 'b' }, result: { path: '/x' }, apply: async () => (seen.push('apply'), { applied: true }) };
            },
          })
        : defineAction({
            name: 't', schema,
            run: async () => (seen.push('run'), { changed: true, result: { rc: 0 } }),
            ...(kind === 'action without check'
              ? {}
              : { check: async () => (seen.push('check'), kind === 'action that cannot tell' ? { skipInCheckMode: true as const, msg: 'cannot tell' } : { changed: true, result: { msg: 'would' } }) }),
          });
    expect(await call(mod, check)).toEqual(result);
    expect(seen).toEqual(calls);
  });
});

describe('arguments that do not render fail the task in Ansible words', () => {
  const mod = defineModule({ name: 't', schema: z.object({ a: z.unknown() }).strict(), plan: async () => ({ changed: false }) });
  const call = (a: string) =>
    callModule({
      host: 'h1', module: mod, args: { a }, vars: {}, conn: {} as Connection, become: null, check: false, diff: false, signal: new AbortController().signal, searchDirs: [],
    });

  it.each([
    ['{{ nope }}', "The task includes an option with an undefined variable. The error was: 'nope' is undefined"],
    ['{{ [1] | combine(foo="bar") }}', "'recursive' and 'list_merge' are the only valid keyword arguments"],
  ])('%s', async (a, msg) => {
    expect(await call(a)).toMatchObject({ failed: true, msg });
  });
});
