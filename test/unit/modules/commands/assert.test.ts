/** assert and debug var: evaluated with the real template engine (src/template). */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { assertModule, assertSchema, evaluateAssert } from '../../../../src/modules/commands/assert.js';
import { debugResult, debugSchema } from '../../../../src/modules/commands/debug.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { fakeContext } from '../../../helpers/module-context.js';

// The template engine is another part of this round; these run as soon as it exists.
const haveTemplate = existsSync(fileURLToPath(new URL('../../../../src/template/index.ts', import.meta.url)));

const vars = { port: 8080, name: 'web', result: { stdout: 'hello', rc: 0 }, items: [1, 2, 3] };

describe.skipIf(!haveTemplate)('assert', () => {
  it('passes when every expression is true', async () => {
    const r = await evaluateAssert(assertSchema.parse({ that: ['port == 8080', "name == 'web'", 'items | length == 3'] }), vars);
    expect(r).toEqual({ changed: false, msg: 'All assertions passed' });
  });
  it('reports the first false expression with evaluated_to and the default message', async () => {
    const r = await evaluateAssert(assertSchema.parse({ that: ['port == 8080', 'result.rc != 0', 'false'] }), vars);
    expect(r).toEqual({ changed: false, failed: true, assertion: 'result.rc != 0', evaluated_to: false, msg: 'Assertion failed' });
  });
  it('uses fail_msg (or msg) and success_msg', async () => {
    expect((await evaluateAssert(assertSchema.parse({ that: 'port > 9000', fail_msg: 'port too low' }), vars)).msg).toBe('port too low');
    expect((await evaluateAssert(assertSchema.parse({ that: 'port > 9000', msg: 'old style' }), vars)).msg).toBe('old style');
    expect((await evaluateAssert(assertSchema.parse({ that: 'port > 1', success_msg: 'fine' }), vars)).msg).toBe('fine');
  });
  it('an empty list, a null or an empty item holds (as Ansible\'s evaluate_conditional)', async () => {
    expect(await evaluateAssert(assertSchema.parse({ that: [] }), vars)).toMatchObject({ msg: 'All assertions passed' });
    expect(await evaluateAssert(assertSchema.parse({ that: ['port == 8080', null, ''] }), vars)).toMatchObject({ msg: 'All assertions passed' });
    expect(await evaluateAssert(assertSchema.parse({ that: [null, 'port == 1'] }), vars)).toMatchObject({ failed: true, assertion: 'port == 1' });
  });
  it('an undefined variable fails the assertion with the reason', async () => {
    const r = await evaluateAssert(assertSchema.parse({ that: 'missing_var == 1' }), vars);
    expect(r).toMatchObject({ failed: true, assertion: 'missing_var == 1' });
    expect(String(r.msg)).toMatch(/missing_var/);
  });
  it('the module throws a ModuleFailure carrying the result', async () => {
    const e = await assertModule.plan(assertSchema.parse({ that: ['port == 1'] }), fakeContext([], { vars })).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.result).toMatchObject({ assertion: 'port == 1', evaluated_to: false });
  });
});

describe.skipIf(!haveTemplate)('debug var', () => {
  it('shows the value of an expression under its own name', async () => {
    expect(await debugResult(debugSchema.parse({ var: 'result.stdout' }), vars)).toEqual({ changed: false, 'result.stdout': 'hello' });
    expect(await debugResult(debugSchema.parse({ var: 'items' }), vars)).toEqual({ changed: false, items: [1, 2, 3] });
  });
  it.each(['nope', 'nope.x', 'items[7]', 'empty_list[0]', 'result.missing'])('%s (undefined) shows VARIABLE IS NOT DEFINED!', async (v) => {
    expect(await debugResult(debugSchema.parse({ var: v }), { ...vars, empty_list: [] })).toEqual({ changed: false, [v]: 'VARIABLE IS NOT DEFINED!' });
  });
});

describe('assert arguments', () => {
  it('that takes a string or a list; unknown keys are refused', () => {
    expect(assertSchema.parse({ that: 'a == 1' }).that).toEqual(['a == 1']);
    expect(assertSchema.safeParse({ that: [] }).success).toBe(true);
    expect(assertSchema.safeParse({ that: 'a', fail_message: 'x' }).success).toBe(false);
  });
});
