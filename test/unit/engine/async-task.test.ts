/** async/poll keywords as Ansible's task executor takes them, and what cannot run async. */
import { describe, expect, it } from 'vitest';
import { asyncSpec, DEFAULT_POLL, killAfterSeconds, refuseAsync } from '../../../src/engine/async-task.js';
import type { CallInput } from '../../../src/engine/module-call.js';
import { getModule } from '../../../src/modules/registry.js';
import type { Task } from '../../../src/playbook/types.js';

const task = (over: Partial<Task>): Task => ({ kind: 'task', module: 'command', args: {}, loc: { file: 'x.yml', line: 1, col: 1 }, dir: '.', tags: [], notify: [], listen: [], ...over });

describe('asyncSpec', () => {
  it.each<[string, Partial<Task>, ReturnType<typeof asyncSpec>]>([
    ['no async: in the foreground', {}, undefined],
    ['async 0: in the foreground', { async: 0, poll: 0 }, undefined],
    ['a negative async: in the foreground', { async: -5 }, undefined],
    ['poll defaults to 15', { async: 10 }, { limit: 10, poll: DEFAULT_POLL }],
    ['poll 0: fire and forget', { async: 10, poll: 0 }, { limit: 10, poll: 0 }],
    ['templates are rendered', { async: '{{ n }}', poll: '{{ n // 5 }}' }, { limit: 10, poll: 2 }],
    ["a float's whole part", { async: 2.9, poll: 1 }, { limit: 2, poll: 1 }],
  ])('%s', (_what, over, expected) => {
    expect(asyncSpec(task(over), { n: 10 })).toEqual(expected);
  });

  it("refuses what is no int with Ansible's message", () => {
    expect(() => asyncSpec(task({ async: '{{ n }}' }), { n: 'soon' })).toThrow("the field 'async' has an invalid value (soon), and could not be converted to an int.");
  });
});

describe('killAfterSeconds', () => {
  it.each([
    [1, 10],
    [2, 10],
    [5, 10],
    [10, 15],
    [11, 20],
  ])("async %i: async_wrapper's watcher kills the job after %i s", (limit, after) => {
    expect(killAfterSeconds(limit)).toBe(after);
  });
});

describe('refuseAsync', () => {
  const inp = (name: string, check = false) => ({ module: getModule(name)!, check }) as unknown as CallInput;
  it.each([
    ['command', false, undefined],
    ['shell', false, undefined],
    ['apt', false, undefined],
    ['command', true, 'check mode and async cannot be used on same task.'],
    ['debug', false, 'async is not supported for this task.'],
    ['set_fact', false, 'async is not supported for this task.'],
    ['copy', false, 'async is not supported for this task.'],
    ['raw', false, 'async is not supported for this task.'],
    ['async_status', false, 'async is not supported for this task.'],
  ])('%s (check mode: %s)', (name, check, msg) => {
    expect(refuseAsync(inp(name, check))).toBe(msg);
  });
});
