/**
 * The kit's argument helpers that several families share: Ansible's mutually_exclusive check, a
 * checker turned into a zod refinement, and the user/group reference of the file and system modules.
 */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { accountRef, checkedBy, mutuallyExclusive } from '../../../../src/modules/kit/args.js';
import { stringish } from '../../../../src/modules/kit/args.js';

const issues = (r: z.SafeParseReturnType<unknown, unknown>) => (r.success ? [] : r.error.issues.map((i) => i.message));

describe('mutuallyExclusive', () => {
  const schema = z.object({ a: z.unknown(), b: z.unknown() }).superRefine((v, c) => mutuallyExclusive(c, { a: v.a, b: v.b }));
  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{}, []],
    [{ a: 'x' }, []],
    [{ a: 'x', b: false }, []],
    [{ a: 'x', b: [] }, []],
    [{ a: '', b: 0 }, ['parameters are mutually exclusive: a|b']],
    [{ a: 'x', b: ['y'] }, ['parameters are mutually exclusive: a|b']],
    [{ a: true, b: 'y' }, ['parameters are mutually exclusive: a|b']],
  ];
  it.each(cases)('%j → %j', (v, want) => expect(issues(schema.safeParse(v))).toEqual(want));
});

describe('checkedBy', () => {
  it('adds the message the checker returns, nothing when it returns undefined', () => {
    const even = z.number().superRefine(checkedBy((n: number) => (n % 2 ? `${n} is odd` : undefined)));
    expect(issues(even.safeParse(4))).toEqual([]);
    expect(issues(even.safeParse(3))).toEqual(['3 is odd']);
  });
});

describe('accountRef', () => {
  const cases: Array<[unknown, string | null]> = [
    ['alice', 'alice'],
    ['www-data', 'www-data'],
    ['machine$', 'machine$'],
    [1001, '1001'],
    ['', 'empty user or group name'],
    ['-x', 'not a valid user or group name'],
    ['a b', 'not a valid user or group name'],
    ['$(id)', 'not a valid user or group name'],
  ];
  it.each(cases)('%j', (v, want) => {
    const r = accountRef.safeParse(v);
    if (r.success) expect(r.data).toBe(want);
    else expect(issues(r)).toContain(want);
  });
});

describe('stringish: Ansible\'s str type', () => {
  it.each([
    [42, '42'],
    [true, 'True'], // YAML 1.1 `creates: yes` → str(True), as AnsibleModule converts it
    [false, 'False'],
    ['/etc/x', '/etc/x'],
  ] as Array<[unknown, string]>)('%j → %j', (v, want) => {
    expect(stringish.parse(v)).toBe(want);
  });
  it('refuses a NUL byte', () => {
    expect(stringish.safeParse('a\0b').success).toBe(false);
  });
});
