/** Load-time argument checks against zod schemas: wrappers unwrapped, templated values left alone. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineModule, type ModuleDef } from '../../../src/modules/types.js';
import { schemaShape } from '../../../src/playbook/schema-shape.js';
import { validateArgs } from '../../../src/playbook/validate-args.js';
import { tCopy, tFact, tFile } from './test-modules.js';

const copy = tCopy as unknown as ModuleDef;
const file = tFile as unknown as ModuleDef;
const fact = tFact as unknown as ModuleDef;

describe('schemaShape', () => {
  it('finds the object under preprocess and refine wrappers', () => {
    const s = schemaShape(file.schema);
    expect(Object.keys(s.shape ?? {})).toEqual(['path', 'state', 'src', 'recurse']);
    expect(s.closed).toBe(true);
    expect(s.preprocess).toHaveLength(1);
    expect(s.preprocess[0]({ name: '/x' })).toEqual({ path: '/x' });
  });

  it('passthrough objects accept any key; non-objects have no shape', () => {
    expect(schemaShape(fact.schema).closed).toBe(false);
    expect(schemaShape(z.record(z.string())).shape).toBeUndefined();
    expect(schemaShape(z.object({ a: z.string() }).pipe(z.object({ a: z.string() }))).shape).toHaveProperty('a');
  });

  it('a preprocess that throws leaves the arguments as they are', () => {
    const s = schemaShape(z.preprocess(() => {
      throw new Error('boom');
    }, z.object({ a: z.string() })));
    expect(s.preprocess[0]({ a: 'x' })).toEqual({ a: 'x' });
  });
});

describe('validateArgs', () => {
  it('accepts valid arguments, aliases included', () => {
    expect(validateArgs(copy, { content: 'x', dest: '/etc/x', mode: '0644', backup: 'yes' })).toEqual([]);
    expect(validateArgs(file, { name: '/srv', state: 'directory' })).toEqual([]);
    expect(validateArgs(fact, { anything: 1, cacheable: 'no' })).toEqual([]);
  });

  it('leaves templated values for run time but checks the plain ones', () => {
    expect(validateArgs(file, { path: '{{ p }}', state: '{{ s }}', recurse: '{% if r %}yes{% endif %}' })).toEqual([]);
    expect(validateArgs(file, { path: '{{ p }}', state: 'bogus' })).toEqual([
      { key: 'state', message: "argument 'state' of module 't_file' must be one of: absent, directory, file, link, touch (got 'bogus')" },
    ]);
  });

  it('runs whole-object rules only when nothing is templated', () => {
    // src without state=link breaks a refinement; with a templated state it cannot be judged yet
    expect(validateArgs(file, { path: '/x', src: '/y', state: 'file' })).toEqual([
      { key: 'src', message: "argument 'src' of module 't_file': src is only used with state=link" },
    ]);
    expect(validateArgs(file, { path: '/x', src: '/y', state: '{{ s }}' })).toEqual([]);
    expect(validateArgs(copy, { dest: '{{ d }}' })).toEqual([]);
  });

  it('refuses unknown keys with a hint, or the list of arguments when nothing is close', () => {
    expect(validateArgs(copy, { content: 'x', dest: '/x', mdoe: '0644' })).toEqual([
      { key: 'mdoe', atKey: true, message: "unsupported argument 'mdoe' for module 't_copy'", hint: "did you mean 'mode'?" },
    ]);
    expect(validateArgs(copy, { content: 'x', dest: '/x', zzzzzzzz: 1 })[0].hint).toBe('supported arguments: src, content, dest, mode, backup');
  });

  it('reports nested paths and the value that was given', () => {
    const def = defineModule({
      name: 'nested',
      schema: z.object({ argv: z.array(z.string()), n: z.number().max(5) }).strict(),
      async plan() {
        return { changed: false };
      },
    }) as unknown as ModuleDef;
    expect(validateArgs(def, { argv: ['a', 3], n: 9 }).map((p) => p.message)).toEqual([
      "argument 'argv[1]' of module 'nested' must be a string, got number",
      "argument 'n' of module 'nested': Number must be less than or equal to 5 (got 9)",
    ]);
    expect(validateArgs(def, { argv: '{{ list }}' }).map((p) => p.message)).toEqual(["module 'nested' is missing the required argument 'n'"]);
  });
});
