/**
 * Variables set on the controller by a task, as ansible-playbook 2.14 sets them (each expected value
 * was observed running the same playbook under ansible-playbook): include_vars at its precedence,
 * set_fact inside a loop, facts a module returns as top-level variables, meta by its FQCN, group_by
 * and add_host changing the inventory later plays select from.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, play } from './harness.js';

afterEach(cleanup);

const msgOf = (r: Awaited<ReturnType<typeof play>>, task: string) => r.results(task).map((e) => (e.result as { msg?: unknown }).msg);

describe('variables a task sets', () => {
  it('include_vars sits above task vars and below set_fact, and lasts into the next play', async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  vars: {a: play, b: play}
  tasks:
    - include_vars: a.yml
    - name: over task vars
      debug: {msg: "{{ a }}"}
      vars: {a: task}
    - set_fact: {b: fact}
    - include_vars: {file: a.yml}
    - name: under set_fact
      debug: {msg: "{{ b }}"}
    - include_vars: {dir: more, name: more}
    - name: named
      debug: {msg: "{{ more }}"}
- hosts: h1
  gather_facts: false
  tasks:
    - name: next play
      debug: {msg: "{{ a }}"}
`,
      { files: { 'vars/a.yml': 'a: file\nb: file\n', 'more/x.yml': 'x: 1\n', 'more/y.json': '{"y": 2}\n' } },
    );
    expect(msgOf(r, 'over task vars')).toEqual(['file']);
    expect(msgOf(r, 'under set_fact')).toEqual(['fact']);
    expect(msgOf(r, 'named')).toEqual([{ x: 1, y: 2 }]);
    expect(msgOf(r, 'next play')).toEqual(['file']);
    expect(r.recap('h1')).toMatchObject({ ok: 8, failed: 0 });
  });

  it('include_vars of a file holding a list fails the task with Ansible message', async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  tasks:
    - name: list
      include_vars: list.yml
      ignore_errors: true
`,
      { files: { 'list.yml': '- 1\n' } },
    );
    expect(r.results('list')[0]).toMatchObject({ status: 'failed', result: { message: expect.stringMatching(/list\.yml must be stored as a dictionary\/hash$/) } });
    expect(r.recap('h1')).toMatchObject({ ok: 1, ignored: 1 });
  });

  it.each([
    ['set_fact', 'set_fact: {acc: "{{ (acc | default([])) + [item] }}"}', [1, 2, 3]],
    ['ansible.builtin.set_fact', 'ansible.builtin.set_fact: {acc: "{{ (acc | default([])) + [item] }}"}', [1, 2, 3]],
  ])('%s in a loop sees the value the previous item set', async (_name, task, expected) => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - ${task}
      loop: [1, 2, 3]
    - name: acc
      debug: {msg: "{{ acc }}"}
`);
    expect(msgOf(r, 'acc')).toEqual([expected]);
  });

  it("a module's facts are variables under their own names (getent → getent_passwd)", async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - getent: {database: passwd, key: root}
    - name: facts
      debug: {msg: "{{ getent_passwd.root[1] }} {{ ansible_facts.getent_passwd.root[1] }} {{ ansible_getent_passwd is defined }}"}
`);
    expect(msgOf(r, 'facts')).toEqual(['0 0 False']);
  });

  it.each(['meta', 'ansible.builtin.meta', 'ansible.legacy.meta'])('%s: end_play ends the play', async (key) => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - ${key}: end_play
    - name: after
      debug: {msg: never}
`);
    expect(r.results('after')).toEqual([]);
    expect(r.recap('h1')).toMatchObject({ ok: 0, failed: 0 });
  });

  it('group_by and add_host change the inventory: changed when they did, later plays target what they made', async () => {
    const r = await play(`
- hosts: h1,h2
  gather_facts: false
  tasks:
    - group_by: {key: "g_{{ inventory_hostname }}"}
    - group_by: {key: both}
      register: gb
    - group_by: {key: both}
      register: gb2
    - add_host: {name: new1, groups: added, ansible_connection: local, color: blue}
      register: ah
    - add_host: {name: new1, groups: added}
      register: ah2
    - name: seen
      debug: {msg: "{{ gb.changed }} {{ gb2.changed }} {{ ah.changed }} {{ ah2.changed }} {{ groups.both }} {{ groups.added }} {{ group_names }}"}
- hosts: g_h2
  gather_facts: false
  tasks:
    - name: grouped
      debug: {msg: "{{ inventory_hostname }} {{ group_names }}"}
- hosts: added
  gather_facts: false
  tasks:
    - name: added
      debug: {msg: "{{ inventory_hostname }} {{ color }}"}
    - command: "true"
`);
    // add_host ran for h1 alone (its register is h1's only: h2 fails on the undefined ah, as under Ansible)
    expect(new Set(msgOf(r, 'seen'))).toEqual(new Set(["True False True False ['h1', 'h2'] ['new1'] ['both', 'g_h1']", "The task includes an option with an undefined variable. The error was: 'ah' is undefined"]));
    expect(msgOf(r, 'grouped')).toEqual([]);
    expect(msgOf(r, 'added')).toEqual(['new1 blue']);
    expect([r.recap('h1'), r.recap('h2'), r.recap('new1')]).toEqual([
      expect.objectContaining({ ok: 6, changed: 3, failed: 0 }),
      expect.objectContaining({ ok: 3, changed: 2, failed: 1 }),
      expect.objectContaining({ ok: 2, changed: 1, failed: 0 }),
    ]);
  });
});
