/** Keywords shared by plays, tasks and blocks: typos, wrong values, keywords machinist refuses. */
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { loadPlaybookText } from '../../../src/playbook/index.js';
import { play, problems } from './helpers.js';

describe('keyword values', () => {
  it('become_method sudo is accepted and dropped (sudo is how machinist becomes)', async () => {
    const book = await loadPlaybookText(play('- t_command: ls\n  become: true\n  become_method: sudo'), 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject({ become: true });
    expect(book.plays[0].tasks[0]).not.toHaveProperty('becomeMethod');
  });

  it('environment may be a mapping or a template; its names must be valid', async () => {
    const book = await loadPlaybookText(play('- t_command: env\n  environment: {PATH: "/opt/bin:{{ ansible_env.PATH }}", N: 1}'), 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject({ environment: { PATH: '/opt/bin:{{ ansible_env.PATH }}', N: 1 } });
    expect(await problems(play('- t_command: env\n  environment: {"A B": 1}'))).toContain("'A B' is not a valid environment variable name");
  });
});

describe('become_user', () => {
  const at = {
    play: (u: string) => `- hosts: all\n  become_user: ${u}\n  tasks:\n    - t_command: ls\n`,
    block: (u: string) => play(`- block:\n    - t_command: ls\n  become_user: ${u}`),
    task: (u: string) => play(`- t_command: ls\n  become_user: ${u}`),
  };
  const where = { play: 'site.yml:2:16', block: 'site.yml:5:20', task: 'site.yml:4:20' };

  it.each(['deploy', 'www-data', '"{{ app_user }}"', '"{{ u }};id"'])('%s is taken as written (templates are checked when rendered)', async (u) => {
    for (const make of Object.values(at)) await expect(loadPlaybookText(make(u), 'site.yml')).resolves.toBeDefined();
  });

  it.each([
    { user: '"x;id"', shown: 'x;id' },
    { user: '"a b"', shown: 'a b' },
    { user: "'$(id)'", shown: '$(id)' },
    { user: '1000', shown: '1000' },
  ])('$user is refused where it is written, in a play, a block and a task', async ({ user, shown }) => {
    for (const [kind, make] of Object.entries(at)) {
      const out = await problems(make(user));
      expect(out).toContain(`${where[kind as keyof typeof where]}: 'become_user' must be a user name, got ${JSON.stringify(shown)}`);
      expect(out).toMatch(/\n +\d+ \| .*become_user: .*\n +\| +\^/);
    }
  });
});

describe('keyword problems, as shown', () => {
  it('a typo in a keyword suggests the keyword', async () => {
    expect(await problems(play('- t_command: ls\n  whne: x is defined'))).toMatchInlineSnapshot(`
      "site.yml:4:7: 'whne' is not a valid task keyword
        4 |       whne: x is defined
          |       ^
        did you mean 'when'?"
    `);
  });
  it('keywords with wrong values', async () => {
    const text = play('- t_command: ls\n  become: maybe\n  register: 1st\n  retries: many\n  when: {a: 1}\n  tags: [{a: 1}]');
    expect(await problems(text)).toMatchInlineSnapshot(`
      "site.yml:4:15: 'become' must be a boolean (true/false, yes/no) or a template, got the string 'maybe'
        4 |       become: maybe
          |               ^

      site.yml:5:17: 'register' must be a variable name (letters, digits and underscores, not starting with a digit), got the string '1st'
        5 |       register: 1st
          |                 ^

      site.yml:6:16: 'retries' must be an integer of at least 0, got the string 'many'
        6 |       retries: many
          |                ^

      site.yml:7:13: 'when' must be a condition (an expression such as "x is defined") or a list of them, got a mapping
        7 |       when: {a: 1}
          |             ^

      site.yml:8:14: 'tags' must be a string or a list of strings, got a mapping in the list
        8 |       tags: [{a: 1}]
          |              ^"
    `);
  });
  it('unsupported Ansible keywords and misplaced play keywords say what to do', async () => {
    const text = play('- t_command: ls\n  with_ini: "{{ d }}"\n- t_command: ls\n  hosts: web\n- include_role: name=x\n  delegate_to: h2\n- include: other.yml');
    expect(await problems(text)).toMatchInlineSnapshot(`
      "site.yml:4:7: 'with_ini' is not supported: machinist has no lookup 'ini' (its with_ loops: with_dict, with_env, with_file, with_fileglob, with_first_found, with_flattened, with_indexed_items, with_items, with_lines, with_list, with_nested, with_password, with_pipe, with_random_choice, with_sequence, with_subelements, with_template, with_together, with_vars)
        4 |       with_ini: "{{ d }}"
          |       ^

      site.yml:6:7: 'hosts' is a play keyword, not valid in a task
        6 |       hosts: web
          |       ^
        check the indentation

      site.yml:8:7: 'delegate_to' is not a valid keyword for include_role
        8 |       delegate_to: h2
          |       ^

      site.yml:9:7: 'include' was removed from Ansible: use import_tasks (static) or include_tasks (dynamic)
        9 |     - include: other.yml
          |       ^"
    `);
  });
  it('listen belongs to handlers; rescue needs a block', async () => {
    expect(await problems(play('- t_command: ls\n  listen: x\n- rescue:\n    - t_command: ls'))).toMatchInlineSnapshot(`
      "site.yml:4:7: 'listen' is only valid on handlers
        4 |       listen: x
          |       ^

      site.yml:5:7: 'rescue' needs a 'block' in the same entry
        5 |     - rescue:
          |       ^"
    `);
  });
  it('vars must have valid names', async () => {
    expect(await problems('- hosts: all\n  vars:\n    my-var: 1\n')).toMatchInlineSnapshot(`
      "site.yml:3:5: 'my-var' is not a valid variable name: use letters, digits and underscores, not starting with a digit
        3 |     my-var: 1
          |     ^"
    `);
  });
});

describe('diff', () => {
  it.each([
    ['yes', true],
    ['false', false],
    ['"{{ show }}"', '{{ show }}'],
  ])('diff: %s on a play, a block and a task', async (value, expected) => {
    const book = await loadPlaybookText(`- hosts: all\n  diff: ${value}\n  tasks:\n    - block:\n        - t_command: ls\n          diff: ${value}\n      diff: ${value}\n`, 'site.yml');
    const p = book.plays[0];
    expect(p.diff).toBe(expected);
    expect(p.tasks[0]).toMatchObject({ diff: expected, block: [{ diff: expected }] });
  });

  it('a value that is no boolean is refused where it is written', async () => {
    expect(await problems(play('- t_command: ls\n  diff: sometimes'))).toContain("site.yml:4:13: 'diff' must be a boolean (true/false, yes/no) or a template");
  });
});

describe('remote_user', () => {
  it.each([
    ['deploy', 'deploy'],
    ['"{{ app_user }}"', '{{ app_user }}'],
  ])('remote_user: %s on a play, a block and a task', async (value, expected) => {
    const book = await loadPlaybookText(`- hosts: all\n  remote_user: ${value}\n  tasks:\n    - block:\n        - t_command: ls\n          remote_user: ${value}\n      remote_user: ${value}\n`, 'site.yml');
    expect(book.plays[0].remoteUser).toBe(expected);
    expect(book.plays[0].tasks[0]).toMatchObject({ remoteUser: expected, block: [{ remoteUser: expected }] });
  });
});

describe('vars as a list of mappings', () => {
  it.each([
    ['- {a: 1}\n    - {b: 2, a: 3}', { a: 3, b: 2 }],
    ['[]', {}],
  ])('are merged in order: %j', async (list, expected) => {
    const book = await loadPlaybookText(`- hosts: all\n  vars:\n    ${list}\n  tasks:\n    - t_command: ls\n      vars:\n        ${list.replace(/\n {4}/g, '\n        ')}\n`, 'site.yml');
    expect(book.plays[0].vars).toEqual(expected);
    expect(book.plays[0].tasks[0].vars).toEqual(expected);
  });

  it('an item that is no mapping is refused where it is written', async () => {
    expect(await problems('- hosts: all\n  vars:\n    - {a: 1}\n    - b\n')).toContain("site.yml:4:7: 'vars' as a list must hold mappings of variable names to values, got the string 'b'");
  });
});

describe('throttle', () => {
  it.each([
    ['2', 2],
    ['0', 0],
    ['"{{ n }}"', '{{ n }}'],
  ])('throttle: %s is kept', async (value, expected) => {
    const book = await loadPlaybookText(play(`- t_command: ls\n  throttle: ${value}`), 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject({ throttle: expected });
  });

  it.each(['-1', '1.5', 'many'])('throttle: %s is refused', async (value) => {
    expect(await problems(play(`- t_command: ls\n  throttle: ${value}`))).toContain("site.yml:4:17: 'throttle' must be");
  });
});

describe('async and poll', () => {
  it.each([
    ['async: 10\n  poll: 0', { async: 10, poll: 0 }],
    ['async: 45', { async: 45 }],
    ['async: "{{ limit }}"\n  poll: "{{ every }}"', { async: '{{ limit }}', poll: '{{ every }}' }],
  ])('%s is kept for the run', async (kw, expected) => {
    const book = await loadPlaybookText(play(`- t_command: ls\n  ${kw}`), 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject(expected);
  });

  it('a value that is no number is refused', async () => {
    expect(await problems(play('- t_command: ls\n  async: soon'))).toContain("site.yml:4:14: 'async' must be a number");
  });

  it('is valid in a handler too', async () => {
    const book = await loadPlaybookText('- hosts: all\n  handlers:\n    - name: h\n      t_command: ls\n      async: 5\n      poll: 1\n', 'site.yml');
    expect(book.plays[0].handlers[0]).toMatchObject({ async: 5, poll: 1 });
  });
});
