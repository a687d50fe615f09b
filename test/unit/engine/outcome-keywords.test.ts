/**
 * The keywords that shape a task's outcome (ignore_errors, notify, run_once) when their template does
 * not render: the task fails with Ansible's post_validate message ("The field 'notify' has an invalid
 * value, which includes an undefined variable. The error was: ..."), as ansible-core 2.14 does; they
 * were taken as false before. Also run_once rendered with each host's variables, as Ansible's linear
 * strategy does. Real playbooks from a temp dir, hosts on the local connection (only debug/set_fact run).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlaybooks } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { loadPlaybook } from '../../../src/playbook/index.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const INVENTORY = 'all:\n  hosts:\n    h1: { ansible_connection: local, once_var: true }\n    h2: { ansible_connection: local, once_var: true }\n    h3: { ansible_connection: local, once_var: true }\n';

type Result = Extract<EngineEvent, { type: 'host_task_result' }>;

async function run(tasks: string, handlers = '') {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-keywords-'));
  writeFileSync(path.join(dir, 'inventory.yml'), INVENTORY);
  writeFileSync(path.join(dir, 'site.yml'), `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}${handlers ? `  handlers:\n${handlers}` : ''}`);
  const [book, inventory] = await Promise.all([loadPlaybook(path.join(dir, 'site.yml')), loadInventory([path.join(dir, 'inventory.yml')])]);
  const events: EngineEvent[] = [];
  const summary = await runPlaybooks({
    playbooks: [book], inventory, extraVars: {}, check: false, diff: false, tags: [], skipTags: [], forks: 5,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e) => void events.push(e),
  });
  const results = events.filter((e): e is Result => e.type === 'host_task_result' && !e.item);
  const of = (task: string) => results.filter((e) => e.task.name === task).sort((a, b) => a.host.localeCompare(b.host));
  const targets = (task: string) => events.flatMap((e) => (e.type === 'task_start' && e.task.name === task ? [e.hosts] : []));
  return { stats: summary.stats, of, targets, items: events.filter((e) => e.type === 'host_task_result' && e.item !== undefined).length };
}

const undefinedIn = (field: string) => new RegExp(`^The field '${field}' has an invalid value, which includes an undefined variable\\. The error was: 'nope' is undefined`);

describe('a keyword whose template does not render fails the task with its message', () => {
  it.each([
    {
      what: 'notify: fails and stops the host',
      tasks: '    - name: t\n      set_fact: { ran: true }\n      notify: "{{ nope }}"\n    - name: after\n      debug: { msg: after }\n',
      field: 'notify', ignored: false, after: 0,
    },
    {
      what: 'notify: fails before the module runs (ignore_errors lets the host go on)',
      tasks: '    - name: t\n      set_fact: { ran: true }\n      notify: "{{ nope }}"\n      ignore_errors: true\n    - name: after\n      debug: { msg: "ran={{ ran | default(false) }}" }\n',
      field: 'notify', ignored: true, after: 3, afterMsg: 'ran=False',
    },
    {
      what: 'notify in a list, beside a handler that exists',
      tasks: '    - name: t\n      debug: { msg: hi }\n      changed_when: true\n      notify: ["{{ nope }}", h]\n    - name: after\n      debug: { msg: after }\n',
      field: 'notify', ignored: false, after: 0,
    },
    {
      // Ansible's strategy reads the unrendered text, which is true: the failure is ignored
      what: 'ignore_errors: fails (also a task that would succeed) and is ignored',
      tasks: '    - name: t\n      debug: { msg: hi }\n      ignore_errors: "{{ nope }}"\n    - name: after\n      debug: { msg: after }\n',
      field: 'ignore_errors', ignored: true, after: 3,
    },
    {
      what: 'ignore_errors in a loop: the whole task fails at the item, without item results',
      tasks: '    - name: t\n      debug: { msg: "{{ item }}" }\n      loop: [1, 2]\n      ignore_errors: "{{ item == 2 or nope }}"\n    - name: after\n      debug: { msg: after }\n',
      field: 'ignore_errors', ignored: true, after: 3,
    },
    {
      what: 'ignore_unreachable',
      tasks: '    - name: t\n      debug: { msg: hi }\n      ignore_unreachable: "{{ nope }}"\n    - name: after\n      debug: { msg: after }\n',
      field: 'ignore_unreachable', ignored: false, after: 0,
    },
    {
      // Ansible stops the whole run here ("ERROR! 'nope' is undefined"): every host fails the task
      what: 'run_once: every host fails the task',
      tasks: '    - name: t\n      debug: { msg: hi }\n      run_once: "{{ nope }}"\n    - name: after\n      debug: { msg: after }\n',
      field: 'run_once', ignored: false, after: 0,
    },
  ])('$what', async ({ tasks, field, ignored, after, afterMsg }) => {
    const r = await run(tasks, '    - name: h\n      debug: { msg: handler }\n');
    const t = r.of('t');
    expect(t.map((e) => e.host)).toEqual(['h1', 'h2', 'h3']);
    for (const e of t) {
      expect(e.status).toBe('failed');
      expect(String(e.result.msg)).toMatch(undefinedIn(field));
      expect(e.ignored === true).toBe(ignored);
    }
    expect(r.items).toBe(0);
    expect(r.of('after')).toHaveLength(after);
    if (afterMsg) expect(r.of('after').map((e) => e.result.msg)).toEqual([afterMsg, afterMsg, afterMsg]);
    expect(r.stats.h1).toMatchObject(ignored ? { failed: 0, ignored: 1 } : { failed: 1, ignored: 0 });
    expect(r.of('h')).toEqual([]);
  });

  it('is not rendered for a task skipped by when', async () => {
    const r = await run('    - name: t\n      debug: { msg: hi }\n      when: false\n      notify: "{{ nope }}"\n      ignore_errors: "{{ nope }}"\n      ignore_unreachable: "{{ nope }}"\n');
    expect(r.of('t').map((e) => e.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });
});

describe('run_once is rendered with each host\'s variables, host by host', () => {
  it.each([
    { what: 'an inventory variable', keyword: '"{{ once_var }}"', targets: ['h1'] },
    { what: 'a task variable', keyword: '"{{ once }}"\n      vars: { once: true }', targets: ['h1'] },
    { what: 'false for every host', keyword: '"{{ once_var and false }}"', targets: ['h1', 'h2', 'h3'] },
    // Ansible goes on to the next host while it is false, and stops at the first for which it is true
    { what: 'true only for the second host', keyword: '"{{ inventory_hostname == \'h2\' }}"', targets: ['h1', 'h2'] },
  ])('$what', async ({ keyword, targets }) => {
    const r = await run(`    - name: t\n      set_fact: { who: "{{ inventory_hostname }}" }\n      run_once: ${keyword}\n    - name: after\n      debug: { msg: "{{ who }}" }\n`);
    expect(r.targets('t')).toEqual([targets]);
    expect(r.of('t').map((e) => e.status)).toEqual(targets.map(() => 'ok'));
    // the result of the host run_once picked stands for the hosts that did not run
    const others = ['h1', 'h2', 'h3'].filter((h) => !targets.includes(h));
    expect(r.of('after').filter((e) => others.includes(e.host)).map((e) => e.result.msg)).toEqual(others.map(() => targets[targets.length - 1]));
  });
});
