/** Play keywords: hosts, serial, max_fail_percentage, order, roles, import_playbook, handler references. */
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { loadPlaybookText } from '../../../src/playbook/index.js';
import type { Play } from '../../../src/playbook/types.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';
import { problems } from './helpers.js';

async function firstPlay(text: string): Promise<Play> {
  return (await loadPlaybookText(text, 'site.yml')).plays[0];
}

async function messages(text: string): Promise<string[]> {
  try {
    await loadPlaybookText(text, 'site.yml');
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors.map((x) => formatLocated(x).split('\n')[0]);
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('play keywords', () => {
  it('defaults: gathering left to the setting (gather_facts unset), inventory order, all hosts at once, no tasks', async () => {
    expect(await firstPlay('- hosts: web\n')).toEqual({
      hosts: 'web',
      loc: { file: 'site.yml', line: 1, col: 3 },
      dir: process.cwd(),
      tags: [],
      varsFiles: [],
      serial: [],
      order: 'inventory',
      preTasks: [],
      tasks: [],
      postTasks: [],
      handlers: [],
    });
  });

  it('hosts as a list or a number; serial as numbers, numeric strings, percentages', async () => {
    expect((await firstPlay('- hosts: [web, "db:!db3"]\n')).hosts).toBe('web,db:!db3');
    expect((await firstPlay('- hosts: 42\n')).hosts).toBe('42');
    expect((await firstPlay('- hosts: all\n  serial: "2"\n')).serial).toEqual([2]);
    expect((await firstPlay('- hosts: all\n  serial: [0, "12.5%", 100%]\n')).serial).toEqual([0, '12.5%', '100%']);
  });

  it('max_fail_percentage as a number or a percentage string, within 0..100', async () => {
    expect((await firstPlay('- hosts: all\n  max_fail_percentage: 30\n')).maxFailPercentage).toBe(30);
    expect((await firstPlay('- hosts: all\n  max_fail_percentage: "0%"\n')).maxFailPercentage).toBe(0);
    expect(await messages('- hosts: all\n  max_fail_percentage: 150\n')).toEqual([
      "site.yml:2:24: 'max_fail_percentage' must be a number from 0 to 100, got the number 150",
    ]);
  });

  it('gather_facts may be a template; any_errors_fatal may not', async () => {
    expect((await firstPlay('- hosts: all\n  gather_facts: "{{ facts }}"\n')).gatherFacts).toBe('{{ facts }}');
    expect(await messages('- hosts: all\n  any_errors_fatal: "{{ x }}"\n')).toEqual([
      "site.yml:2:21: 'any_errors_fatal' must be true or false here; templates are not supported for it",
    ]);
  });

  it('refuses become methods other than sudo, and keywords machinist does not support', async () => {
    expect(await messages('- hosts: all\n  become_method: su\n  force_handlers: true\n  connection: local\n')).toEqual([
      "site.yml:2:18: become_method 'su' is not supported: machinist becomes with sudo",
      "site.yml:3:3: 'force_handlers' is an Ansible keyword that machinist does not support",
      "site.yml:4:3: 'connection' is not supported as a keyword: set ansible_connection in the inventory",
    ]);
  });

  it('roles are kept as written: names, role parameters apart from vars', async () => {
    const play = await firstPlay('- hosts: all\n  roles:\n    - base\n    - {role: web, port: 80, vars: {tls: true}}\n    - name: db\n');
    expect(play.roles).toEqual([
      { name: 'base', loc: { file: 'site.yml', line: 3, col: 7 } },
      { name: 'web', vars: { tls: true }, params: { port: 80 }, loc: { file: 'site.yml', line: 4, col: 7 } },
      { name: 'db', loc: { file: 'site.yml', line: 5, col: 7 } },
    ]);
    expect(await messages('- hosts: all\n  roles:\n    - {port: 80}\n    - {role: x, delegate_to: y}\n    - [a]\n    - {role: x, become: maybe}\n')).toEqual([
      "site.yml:3:7: a role entry needs 'role' (the role's name)",
      "site.yml:4:17: 'delegate_to' on a role entry is not supported yet",
      "site.yml:5:7: a role must be a name or a mapping with 'role', got a list",
      "site.yml:6:25: 'become' must be a boolean (true/false, yes/no) or a template, got the string 'maybe'",
    ]);
  });

  it.each([
    ["{role: web, tags: [a, b]}", { name: 'web', keywords: { tags: ['a', 'b'] } }],
    ["{role: web, when: x is defined, port: 80}", { name: 'web', params: { port: 80 }, keywords: { tags: [], when: ['x is defined'] } }],
    ["{role: web, become: true, tags: t}", { name: 'web', keywords: { tags: ['t'], become: true } }],
  ])('a role entry %s keeps its keywords apart from its parameters', async (entry, expected) => {
    const play = await firstPlay(`- hosts: all\n  roles:\n    - ${entry}\n`);
    expect(play.roles?.[0]).toMatchObject(expected);
    expect(play.roles?.[0].vars ?? {}).not.toHaveProperty('tags');
  });
});

describe('handler references', () => {
  it('a notify may name a handler or a listen topic', async () => {
    const text = `- hosts: all
  tasks:
    - t_command: ls
      notify: [restart, topic]
  handlers:
    - name: restart
      t_command: ls
    - name: other
      listen: topic
      t_command: ls
`;
    expect((await firstPlay(text)).handlers.map((h) => h.name)).toEqual(['restart', 'other']);
  });

  it('is not checked when a template or a role could provide the handler', async () => {
    const notify = '- hosts: all\n  tasks:\n    - t_command: ls\n      notify: unknown\n';
    await expect(firstPlay(notify + '  roles: [web]\n')).resolves.toBeDefined();
    await expect(firstPlay(notify + '  handlers:\n    - name: "{{ h }}"\n      t_command: ls\n')).resolves.toBeDefined();
    expect(await messages(notify)).toEqual(["site.yml:4:15: no handler named 'unknown' in this play"]);
  });

  it('handlers notify other handlers; each play has its own handlers', async () => {
    const text = `- hosts: all
  handlers:
    - name: a
      t_command: ls
      notify: b
    - name: b
      t_command: ls
- hosts: all
  tasks:
    - t_command: ls
      notify: a
`;
    expect(await messages(text)).toEqual(["site.yml:11:15: no handler named 'a' in this play"]);
  });
});

describe('play problems, as shown', () => {
  it('a notify without a matching handler suggests the nearest handler', async () => {
    const text = `- hosts: all
  tasks:
    - t_command: ls
      notify: restart ngnix
  handlers:
    - name: restart nginx
      t_command: systemctl restart nginx
    - t_command: echo nameless
`;
    expect(await problems(text)).toMatchInlineSnapshot(`
      "site.yml:8:7: a handler needs a 'name' (or 'listen') so that tasks can notify it
        8 |     - t_command: echo nameless
          |       ^

      site.yml:4:15: no handler named 'restart ngnix' in this play
        4 |       notify: restart ngnix
          |               ^
        did you mean 'restart nginx'?"
    `);
  });
  it('a bad serial says what is accepted', async () => {
    expect(await problems('- hosts: all\n  serial: fast\n  tasks: []\n- hosts: all\n  serial: [1, "150%"]\n')).toMatchInlineSnapshot(`
      "site.yml:2:11: 'serial' must be an integer, a percentage like "30%", or a list of them
        2 |   serial: fast
          |           ^
        got the string 'fast'

      site.yml:5:15: 'serial' must be an integer, a percentage like "30%", or a list of them
        5 |   serial: [1, "150%"]
          |               ^
        got the string '150%'"
    `);
  });
  it('a play needs hosts; order and keywords get hints; tasks must be a list', async () => {
    expect(await problems('- name: no hosts\n  order: sortd\n  taks: []\n- hosts: all\n  tasks:\n    t_command: ls\n')).toMatchInlineSnapshot(`
      "site.yml:2:10: 'order' must be one of: inventory, reverse_inventory, sorted, reverse_sorted, shuffle; got the string 'sortd'
        2 |   order: sortd
          |          ^
        did you mean 'sorted'?

      site.yml:3:3: 'taks' is not a valid keyword for a play
        3 |   taks: []
          |   ^
        did you mean 'tags'?

      site.yml:1:3: a play needs 'hosts' (a host pattern such as all, web, 'db:!db3')
        1 | - name: no hosts
          |   ^

      site.yml:6:5: 'tasks' must be a list of tasks, got a mapping
        6 |     t_command: ls
          |     ^
        expected a list of tasks, each starting with "- ""
    `);
  });
  it('an empty playbook and a playbook that is not a list', async () => {
    expect(await problems('')).toMatchInlineSnapshot(`
      "site.yml:1:1: the playbook is empty: expected a list of plays
        1 | 
          | ^"
    `);
    expect(await problems('hosts: all\n')).toMatchInlineSnapshot(`
      "site.yml:1:1: a playbook must be a list of plays, got a mapping
        1 | hosts: all
          | ^"
    `);
  });
});

describe('strategy', () => {
  it.each([
    ['linear', 'linear'],
    ['free', 'free'],
    ['host_pinned', 'host_pinned'],
    ['ansible.builtin.free', 'ansible.builtin.free'],
    [`"{{ test_strategy | default('linear') }}"`, "{{ test_strategy | default('linear') }}"],
  ])('strategy: %s is kept for the engine', async (written, kept) => {
    expect((await firstPlay(`- hosts: all\n  strategy: ${written}\n  tasks: []\n`)).strategy).toBe(kept);
  });

  it.each([
    ['fre', "site.yml:2:13: 'strategy' must be one of: linear, free, host_pinned (or a template); got the string 'fre'", "did you mean 'free'?"],
    ['[linear]', "site.yml:2:13: 'strategy' must be one of: linear, free, host_pinned (or a template); got a list", undefined],
  ])('strategy: %s is refused where it is written', async (written, message, hint) => {
    const out = await problems(`- hosts: all\n  strategy: ${written}\n  tasks: []\n`);
    expect(out).toContain(message);
    if (hint) expect(out).toContain(hint);
  });
});
