import { describe, expect, it } from 'vitest';
import { factsOf, isValidVarName, setFactModule, setFactSchema } from '../../../../src/modules/commands/set-fact.js';
import { fakeContext } from '../../../helpers/module-context.js';

describe('set_fact', () => {
  it('accepts identifiers, refuses other names with Ansible message', () => {
    expect(isValidVarName('_a1')).toBe(true);
    expect(isValidVarName('1a')).toBe(false);
    expect(isValidVarName('a-b')).toBe(false);
    expect(isValidVarName('class')).toBe(false);
    expect(isValidVarName('é')).toBe(false);
    const r = setFactSchema.safeParse({ ok: 1, 'bad-name': 2 });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]).toMatchObject({ path: ['bad-name'], message: expect.stringContaining("The variable name 'bad-name' is not valid") });
  });
  it('needs at least one fact', () => {
    expect(setFactSchema.safeParse({ cacheable: true }).success).toBe(false);
  });
  it('returns every key but cacheable as ansible_facts, values untouched', async () => {
    const args = setFactSchema.parse({ a: [1, { b: 'c' }], n: null, cacheable: 'yes' });
    expect(factsOf(args)).toEqual({ a: [1, { b: 'c' }], n: null });
    const plan = await setFactModule.plan(args, fakeContext([]));
    expect(plan).toEqual({ changed: false, result: { changed: false, ansible_facts: { a: [1, { b: 'c' }], n: null } } });
  });
  // ansible-playbook 2.14 sets these types (set_fact's action turns boolean words into booleans)
  it.each<[unknown, unknown]>([
    ['no', false],
    ['Yes', true],
    ['FALSE', false],
    ['true', true],
    ['on', 'on'],
    ['1', '1'],
    [['no'], ['no']],
  ])('the value %j is set as %j', (given, expected) => {
    expect(factsOf(setFactSchema.parse({ v: given }), false)).toEqual({ v: expected });
  });
  it('in jinja2_native mode boolean words stay strings', () => {
    expect(factsOf(setFactSchema.parse({ a: 'yes', b: 'no' }), true)).toEqual({ a: 'yes', b: 'no' });
  });
});
