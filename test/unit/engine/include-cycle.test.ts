/**
 * Includes that never end fail their hosts (a cycle with nothing run in between at once, runaway
 * recursion at MAX_INCLUDE_DEPTH), while recursion that ends — as Ansible runs it — is left alone.
 * Real playbooks from a temp dir, one host on the local connection (only debug/set_fact run).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlaybooks } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { includeProblem, MAX_INCLUDE_DEPTH, varsKey, type IncludeLevel } from '../../../src/engine/include-cycle.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { loadPlaybook } from '../../../src/playbook/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function run(site: string, files: Record<string, string>) {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-include-'));
  const all: Record<string, string> = { 'inventory.yml': 'all:\n  hosts:\n    h1: { ansible_connection: local }\n', 'site.yml': site, ...files };
  for (const [f, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  const [book, inventory] = await Promise.all([loadPlaybook(path.join(dir, 'site.yml')), loadInventory([path.join(dir, 'inventory.yml')])]);
  const events: EngineEvent[] = [];
  const summary = await runPlaybooks({
    playbooks: [book], inventory, extraVars: {}, check: false, diff: false, tags: [], skipTags: [], forks: 5,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e) => void events.push(e),
  });
  const results = events.filter((e): e is Extract<EngineEvent, { type: 'host_task_result' }> => e.type === 'host_task_result');
  return {
    stats: summary.stats.h1,
    included: events.filter((e) => e.type === 'included').length,
    failures: results.filter((e) => e.status === 'failed').map((e) => String(e.result.msg)),
    debug: results.filter((e) => e.task.module === 'debug' && e.status === 'ok').map((e) => e.result.msg),
  };
}

const play = (first: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: ${first}\n    - name: after\n      debug: { msg: after }\n`;

describe('an include cycle with nothing run in between fails the host at once', () => {
  it.each([
    ['templated names', { 'a.yml': `- include_tasks: "{{ 'b.yml' }}"\n`, 'b.yml': `- include_tasks: "{{ 'a.yml' }}"\n` }, 'a.yml → b.yml → a.yml', 2],
    ['plain names', { 'a.yml': '- include_tasks: b.yml\n', 'b.yml': '- include_tasks: a.yml\n' }, 'a.yml → b.yml → a.yml', 2],
    ['a file that includes itself', { 'a.yml': '- include_tasks: a.yml\n' }, 'a.yml → a.yml', 1],
  ])('%s', async (_what, files, cycle, levels) => {
    const r = await run(play('a.yml'), files);
    expect(r.failures).toEqual([`include cycle ${cycle}: a.yml is reached again with nothing run since it was entered, so it would never end`]);
    expect(r.included).toBe(levels);
    expect(r.stats).toMatchObject({ failed: 1 });
    expect(r.debug).toEqual([]); // the host left the play: 'after' did not run
  });
});

describe('recursion that ends is run as Ansible runs it', () => {
  const counted = (first: string) => `- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: ${first}\n    - debug: { msg: "n={{ n }}" }\n`;
  it.each([
    // Ansible (ansible-core 2.14) completes 246 levels of this and fails its run at 247
    ['a counter and a when, 246 levels deep', counted('rec.yml'), { 'rec.yml': '- set_fact: { n: "{{ (n | default(0) | int) + 1 }}" }\n- include_tasks: rec.yml\n  when: (n | int) < 246\n' }, 'n=246', 246],
    ['mutual recursion ended by a counter', counted('a.yml'), {
      'a.yml': '- set_fact: { n: "{{ (n | default(0) | int) + 1 }}" }\n- include_tasks: b.yml\n  when: (n | int) < 60\n',
      'b.yml': '- include_tasks: a.yml\n',
    }, 'n=60', 119],
    // no task runs, but each level includes the file with another loop item: that is progress
    ['nothing run, another item each level',
      '- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: walk.yml\n      loop: [[1, 2, 3]]\n    - debug: { msg: done }\n',
      { 'walk.yml': '- include_tasks: walk.yml\n  loop: "{{ [item[1:]] if item | length > 0 else [] }}"\n' }, 'done', 4],
  ])('%s', async (_what, site, files, expected, levels) => {
    const r = await run(site, files);
    expect(r.failures).toEqual([]);
    expect(r.debug).toEqual([expected]);
    expect(r.included).toBe(levels);
    expect(r.stats.failed).toBe(0);
  });
});

describe('runaway recursion fails the host at the depth limit', () => {
  // a task skipped by its `when:` counts as run (so no cycle is claimed): the depth limit stops it
  it.each([
    ['a task run each level', '- debug: { msg: level }\n', MAX_INCLUDE_DEPTH / 2],
    ['a task skipped each level', '- debug: { msg: never }\n  when: false\n', 0],
  ])('runaway recursion with %s stops at the depth limit, naming the cycle', async (_what, task, debugs) => {
    const r = await run(play('a.yml'), { 'a.yml': `${task}- include_tasks: b.yml\n`, 'b.yml': '- include_tasks: a.yml\n' });
    expect(r.failures).toEqual([
      `include depth limit: more than ${MAX_INCLUDE_DEPTH} includes nested (include cycle a.yml → b.yml → a.yml never ended); a file that includes itself, directly or through others, needs a 'when:' that ends it`,
    ]);
    expect(r.included).toBe(MAX_INCLUDE_DEPTH);
    expect(r.debug.length).toBe(debugs);
    expect(r.stats).toMatchObject({ failed: 1 });
  });
});

describe('includeProblem', () => {
  const level = (shown: string, tasksRun = 0, vars = '[]'): IncludeLevel => ({ key: `file:/p/${shown}`, shown, tasksRun, vars });
  it.each([
    ['a new file', [level('a.yml')], level('b.yml'), undefined],
    ['the same file after a task ran', [level('a.yml', 0), level('b.yml', 1)], level('a.yml', 1), undefined],
    ['the same file with other include vars', [level('a.yml', 0, '[{"x":1}]')], level('a.yml', 0, '[{"x":2}]'), undefined],
    ['the same file, nothing run, same vars', [level('a.yml'), level('b.yml')], level('a.yml'), 'include cycle a.yml → b.yml → a.yml: a.yml is reached again with nothing run since it was entered, so it would never end'],
    ['an older repeat with the same vars', [level('a.yml', 0, '[1]'), level('a.yml', 0, '[2]')], level('a.yml', 0, '[1]'), 'include cycle a.yml → a.yml → a.yml: a.yml is reached again with nothing run since it was entered, so it would never end'],
  ])('%s', (_what, stack, next, expected) => {
    expect(includeProblem(stack, next)).toBe(expected);
  });

  it('refuses the level past the limit, and not the one at it', () => {
    const stack = Array.from({ length: MAX_INCLUDE_DEPTH - 1 }, (_, i) => level(`f${i}.yml`, i));
    expect(includeProblem(stack, level('last.yml', 999))).toBeUndefined();
    expect(includeProblem([...stack, level('last.yml', 999)], level('more.yml', 1000))).toBe(
      `include depth limit: more than ${MAX_INCLUDE_DEPTH} includes nested (f0.yml → … → more.yml); a file that includes itself, directly or through others, needs a 'when:' that ends it`,
    );
  });

  it('varsKey: key order does not matter; values that are not plain data never compare equal', () => {
    expect(varsKey([{ a: 1, b: [1, { c: 2, d: 3 }] }])).toBe(varsKey([{ b: [1, { d: 3, c: 2 }], a: 1 }]));
    expect(varsKey([{ a: new Map() }])).not.toBe(varsKey([{ a: new Map() }]));
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(varsKey([loop])).not.toBe(varsKey([loop]));
  });
});
