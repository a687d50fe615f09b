/** Problems in playbooks: each located (file:line:col), the line, a caret, and a hint when there is one. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { loadPlaybook, loadPlaybookText } from '../../../src/playbook/index.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';

const ERRORS = path.relative(process.cwd(), fileURLToPath(new URL('./fixtures/errors', import.meta.url)));

function shown(e: unknown): string {
  if (e instanceof ValidationErrors) return e.errors.map(formatLocated).join('\n\n').replaceAll(ERRORS + path.sep, '');
  throw e;
}

/** The formatted problems of a playbook given as text (named site.yml). */
async function problems(text: string): Promise<string> {
  try {
    await loadPlaybookText(text, 'site.yml');
  } catch (e) {
    return shown(e);
  }
  throw new Error('expected the playbook to be refused');
}

async function fileProblems(name: string): Promise<string> {
  try {
    await loadPlaybook(path.join(ERRORS, name));
  } catch (e) {
    return shown(e);
  }
  throw new Error('expected the playbook to be refused');
}

const play = (tasks: string) => `- hosts: all\n  tasks:\n${tasks.replace(/^/gm, '    ')}\n`;

describe('task problems', () => {
  it('a typo in a module name suggests the module', async () => {
    expect(await problems(play('- name: copy it\n  t_cpoy: dest=/x content=y'))).toMatchInlineSnapshot(`
      "site.yml:4:7: 't_cpoy' is not a known module
        4 |       t_cpoy: dest=/x content=y
          |       ^
        did you mean 't_copy'?"
    `);
  });

  it('a typo in a keyword suggests the keyword', async () => {
    expect(await problems(play('- t_command: ls\n  whne: x is defined'))).toMatchInlineSnapshot(`
      "site.yml:4:7: 'whne' is not a valid task keyword
        4 |       whne: x is defined
          |       ^
        did you mean 'when'?"
    `);
  });

  it('a key that is nothing known says so', async () => {
    expect(await problems(play('- t_command: ls\n  frobnicate_everything: 1'))).toMatchInlineSnapshot(`
      "site.yml:4:7: 'frobnicate_everything' is neither a task keyword nor a known module
        4 |       frobnicate_everything: 1
          |       ^"
    `);
  });

  it('two modules in one task names both', async () => {
    expect(await problems(play('- name: both\n  t_copy: dest=/x content=y\n  t_file: path=/x'))).toMatchInlineSnapshot(`
      "site.yml:5:7: a task can run only one module, found 't_copy' and 't_file'
        5 |       t_file: path=/x
          |       ^"
    `);
  });

  it('a task without a module names its keys', async () => {
    expect(await problems(play('- name: nothing to do\n  when: x'))).toMatchInlineSnapshot(`
      "site.yml:3:7: this task has no module (its keys: name, when)
        3 |     - name: nothing to do
          |       ^
        a task needs exactly one module, e.g. "command: ..." or "copy: ...""
    `);
  });

  it('an unknown module argument gets the nearest argument name', async () => {
    expect(await problems(play('- t_copy:\n    dset: /etc/motd\n    content: hi'))).toMatchInlineSnapshot(`
      "site.yml:4:9: unsupported argument 'dset' for module 't_copy'
        4 |         dset: /etc/motd
          |         ^
        did you mean 'dest'?"
    `);
  });

  it('a wrong value for a plain argument is refused at the k=v word, with the nearest choice', async () => {
    expect(await problems(play('- t_file: path=/srv state=direktory'))).toMatchInlineSnapshot(`
      "site.yml:3:25: argument 'state' of module 't_file' must be one of: absent, directory, file, link, touch (got 'direktory')
        3 |     - t_file: path=/srv state=direktory
          |                         ^
        did you mean 'directory'?"
    `);
  });

  it('a wrong type in the mapping form is located at the value', async () => {
    expect(await problems(play('- t_file:\n    path: /srv\n    recurse: maybe'))).toMatchInlineSnapshot(`
      "site.yml:5:18: argument 'recurse' of module 't_file' must be a boolean, got 'maybe'
        5 |         recurse: maybe
          |                  ^"
    `);
  });

  it('whole-object rules apply when nothing is templated', async () => {
    expect(await problems(play('- t_copy: dest=/etc/motd'))).toMatchInlineSnapshot(`
      "site.yml:3:7: module 't_copy': src (or content) is required
        3 |     - t_copy: dest=/etc/motd
          |       ^"
    `);
  });

  it('a missing required argument is found even when other values are templated', async () => {
    expect(await problems(play('- t_copy:\n    content: "{{ motd }}"'))).toMatchInlineSnapshot(`
      "site.yml:3:7: module 't_copy' is missing the required argument 'dest'
        3 |     - t_copy:
          |       ^"
    `);
  });

  it('free text for a module that takes key=value pairs is refused', async () => {
    expect(await problems(play('- t_copy: /etc/motd'))).toMatchInlineSnapshot(`
      "site.yml:3:15: module 't_copy' takes key=value arguments, not free-form text ('/etc/motd')
        3 |     - t_copy: /etc/motd
          |               ^
        write the arguments as a mapping, or as key=value pairs"
    `);
  });

  it('bad loop_control settings are each reported', async () => {
    const text = play('- t_command: echo {{ x }}\n  loop: [1]\n  loop_control:\n    loop_vr: x\n    pause: soon\n- t_command: ls\n  loop_control: fast');
    expect(await problems(text)).toMatchInlineSnapshot(`
      "site.yml:6:9: 'loop_vr' is not a loop_control setting (known: loop_var, label, index_var, pause)
        6 |         loop_vr: x
          |         ^
        did you mean 'loop_var'?

      site.yml:7:16: 'loop_control.pause' must be a number of at least 0, got the string 'soon'
        7 |         pause: soon
          |                ^

      site.yml:9:21: 'loop_control' must be a mapping (keys: loop_var, label, index_var, pause), got the string 'fast'
        9 |       loop_control: fast
          |                     ^"
    `);
  });

  it('a loop that is not a list, and two loops', async () => {
    expect(await problems(play('- t_command: ls\n  loop: abc\n- t_command: ls\n  loop: [1]\n  with_items: [2]'))).toMatchInlineSnapshot(`
      "site.yml:4:13: 'loop' must be a list, or a template that renders to a list (e.g. "{{ users }}"), got the string 'abc'
        4 |       loop: abc
          |             ^

      site.yml:7:7: 'with_items' cannot be used together with 'loop': a task has one loop
        7 |       with_items: [2]
          |       ^"
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
    const text = play('- t_command: ls\n  with_dict: "{{ d }}"\n- t_command: ls\n  hosts: web\n- include_role: name=x\n- include: other.yml');
    expect(await problems(text)).toMatchInlineSnapshot(`
      "site.yml:4:7: 'with_dict' is not supported: use 'loop:' with a filter instead (e.g. loop: "{{ mydict | dict2items }}")
        4 |       with_dict: "{{ d }}"
          |       ^

      site.yml:6:7: 'hosts' is a play keyword, not valid in a task
        6 |       hosts: web
          |       ^
        check the indentation

      site.yml:7:7: roles are not supported yet (include_role)
        7 |     - include_role: name=x
          |       ^

      site.yml:8:7: 'include' was removed from Ansible: use import_tasks (static) or include_tasks (dynamic)
        8 |     - include: other.yml
          |       ^"
    `);
  });

  it('meta actions are checked', async () => {
    expect(await problems(play('- meta: flush_handler'))).toMatchInlineSnapshot(`
      "site.yml:3:13: 'meta' must be one of: flush_handlers, end_play, end_host, noop, clear_facts, clear_host_errors; got the string 'flush_handler'
        3 |     - meta: flush_handler
          |             ^
        did you mean 'flush_handlers'?"
    `);
  });

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
});

describe('play problems', () => {
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

  it('vars must have valid names', async () => {
    expect(await problems('- hosts: all\n  vars:\n    my-var: 1\n')).toMatchInlineSnapshot(`
      "site.yml:3:5: 'my-var' is not a valid variable name: use letters, digits and underscores, not starting with a digit
        3 |     my-var: 1
          |     ^"
    `);
  });
});

describe('problems across files', () => {
  it('a YAML syntax error is located', async () => {
    expect(await fileProblems('syntax.yml')).toMatchInlineSnapshot(`
      "syntax.yml:5:1: YAML syntax error: Missing closing "quote
        5 | 
          | ^"
    `);
  });

  it('an import_tasks cycle is refused with the chain', async () => {
    expect(await fileProblems('cycle.yml')).toMatchInlineSnapshot(`
      "cycle-b.yml:2:17: import cycle: cycle-a.yml → cycle-b.yml → cycle-a.yml
        2 | - import_tasks: cycle-a.yml
          |                 ^
        a file cannot import itself, directly or through others"
    `);
  });

  it('an import_playbook cycle is refused with the chain', async () => {
    expect(await fileProblems('pb-a.yml')).toMatchInlineSnapshot(`
      "pb-b.yml:3:20: import cycle: pb-a.yml → pb-b.yml → pb-a.yml
        3 | - import_playbook: pb-a.yml
          |                    ^
        a playbook cannot import itself, directly or through others"
    `);
  });

  it('collects every problem of every file at once', async () => {
    expect(await fileProblems('many.yml')).toMatchInlineSnapshot(`
      "broken-tasks.yml:5:3: 'path' is an argument of module 't_file', not a task keyword
        5 |   path: /etc/x
          |   ^
        indent it under 't_file:'

      many.yml:4:7: module 't_copy': src (or content) is required
        4 |     - t_copy: dest=/etc/x
          |       ^

      many.yml:5:22: cannot read tasks file 'missing.yml': ENOENT
        5 |     - include_tasks: missing.yml
          |                      ^

      many.yml:7:17: 'gather_facts' must be a boolean (true/false, yes/no) or a template, got the string 'maybe'
        7 |   gather_facts: maybe
          |                 ^"
    `);
  });

  it('a file that does not exist', async () => {
    await expect(loadPlaybook(path.join(ERRORS, 'nope.yml'))).rejects.toThrow(/cannot read .*nope\.yml: ENOENT/);
  });
});
