import { describe, expect, it } from 'vitest';
import { applyConditions, cleanForDisplay, conditionSkip, statusOf } from '../../../src/engine/results.js';

describe('changed_when / failed_when', () => {
  it('evaluates with the registered variable defined, changed_when first', () => {
    const r: Record<string, unknown> = { changed: true, rc: 3, stdout: 'WARN', failed: true, msg: 'non-zero return code' };
    applyConditions(r, {}, 'out', ['out.rc == 4'], ["'ERROR' in out.stdout"]);
    expect(r).toMatchObject({ changed: false, failed: false, failed_when_result: false });
  });

  it('accepts plain booleans and several conditions (all must hold)', () => {
    const r: Record<string, unknown> = { changed: false, rc: 0 };
    applyConditions(r, { limit: 1 }, undefined, true, ['limit > 0', 'limit < 2']);
    expect(r).toMatchObject({ changed: true, failed: true, failed_when_result: true });
    applyConditions(r, { limit: 1 }, undefined, undefined, ['limit > 0', 'limit > 1']);
    expect(r).toMatchObject({ failed: false, failed_when_result: false });
  });

  it('does not expose result fields as bare names (only through the registered variable), as Ansible', () => {
    const r: Record<string, unknown> = { rc: 0 };
    applyConditions(r, {}, undefined, undefined, ['rc == 0']);
    expect(r.failed_when_result).toMatch(/The conditional check 'rc == 0' failed. The error was: .*rc/);
  });

  // Ansible's TaskExecutor: the task fails, the module's result stays, the error goes in <cond>_when_result
  const broken: Array<[string, string[] | undefined, string[] | undefined, Record<string, unknown>]> = [
    ['failed_when errors', undefined, ['boom'], { changed: true, failed: true, stdout: 'foo', failed_when_result: expect.stringContaining("'boom' is undefined") }],
    ['changed_when errors (failed_when not evaluated)', ['boom'], ['true'], { changed: true, failed: true, stdout: 'foo', changed_when_result: expect.stringContaining("The conditional check 'boom' failed") }],
    ['failed_when errors after changed_when', ['false'], ['out.nope.deeper'], { changed: false, failed: true, stdout: 'foo', failed_when_result: expect.stringContaining('nope') }],
  ];
  it.each(broken)('%s: the result is kept and the task fails', (_name, changedWhen, failedWhen, expected) => {
    const r: Record<string, unknown> = { changed: true, rc: 0, stdout: 'foo', msg: '' };
    applyConditions(r, {}, 'out', changedWhen, failedWhen);
    expect(r).toMatchObject(expected);
    if (changedWhen?.[0] === 'boom') expect(r).not.toHaveProperty('failed_when_result');
  });

  it('leaves skipped results alone', () => {
    const r: Record<string, unknown> = { skipped: true, changed: false };
    applyConditions(r, {}, 'x', true, true);
    expect(r).toEqual({ skipped: true, changed: false });
  });
});

describe('status and display', () => {
  it('derives the status in Ansible order', () => {
    expect(statusOf({ unreachable: true, failed: true })).toBe('unreachable');
    expect(statusOf({ failed: true, changed: true })).toBe('failed');
    expect(statusOf({ skipped: true })).toBe('skipped');
    expect(statusOf({ changed: true })).toBe('changed');
    expect(statusOf({})).toBe('ok');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['failed_when false wins over failed (until out of attempts)', { failed: true, failed_when_result: false, changed: true, attempts: 5 }, 'changed'],
    ['failed_when true', { failed: false, failed_when_result: true }, 'failed'],
    ['a failed_when error message', { failed: true, failed_when_result: "'x' is undefined" }, 'failed'],
    ['an item whose failed_when holds', { failed: false, results: [{ failed_when_result: false }, { failed_when_result: true }] }, 'failed'],
    ['items whose failed_when is false, though failed', { failed: true, results: [{ failed: true, failed_when_result: false }] }, 'ok'],
    ['items failed without failed_when', { results: [{ failed: true }] }, 'failed'],
  ])('a failure as Ansible\'s is_failed: %s', (_what, r, status) => {
    expect(statusOf(r)).toBe(status);
  });

  it('drops false failed/skipped flags and internal keys from what is shown', () => {
    expect(cleanForDisplay({ changed: false, failed: false, skipped: false, _ansible_item_label: 'x', rc: 0 })).toEqual({ changed: false, rc: 0 });
    expect(cleanForDisplay({ failed: true })).toEqual({ failed: true });
  });

  it('shapes a false when as Ansible does', () => {
    expect(conditionSkip('x == 1')).toEqual({ changed: false, skipped: true, skip_reason: 'Conditional result was False', false_condition: 'x == 1' });
  });
});
