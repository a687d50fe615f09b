/** Module tasks: the forms of writing a module and its arguments, and the real modules when present. */
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { argsFromText, dynamicArgs, loadPlaybookText } from '../../../src/playbook/index.js';
import type { ModuleDef } from '../../../src/modules/types.js';
import type { Task, TaskNode } from '../../../src/playbook/types.js';
import { getModule } from '../../../src/modules/registry.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';
import { play, problems } from './helpers.js';

async function tasksOf(tasks: string): Promise<TaskNode[]> {
  const book = await loadPlaybookText(`- hosts: all\n  tasks:\n${tasks.replace(/^/gm, '    ')}\n`, 'site.yml');
  return book.plays[0].tasks;
}

async function oneTask(text: string): Promise<Pick<Task, 'module' | 'args'> & Partial<Task>> {
  const [t] = await tasksOf(text);
  if (t.kind !== 'task') throw new Error(`expected a task, got ${t.kind}`);
  return t;
}

async function messages(tasks: string): Promise<string[]> {
  try {
    await tasksOf(tasks);
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors.map((x) => formatLocated(x).split('\n')[0]);
    throw e;
  }
  throw new Error('expected the tasks to be refused');
}

describe('module forms', () => {
  it('free form: leading option words become arguments, the rest is the command', async () => {
    expect(await oneTask('- t_command: chdir=/tmp ls -l')).toMatchObject({ module: 't_command', args: { chdir: '/tmp', cmd: 'ls -l' } });
    expect((await oneTask('- t_command: echo chdir=/x')).args).toEqual({ cmd: 'echo chdir=/x' });
    expect((await oneTask('- t_command: 42')).args).toEqual({ cmd: '42' });
  });

  it('args: is merged under the module arguments', async () => {
    const t = await oneTask('- t_command: ls\n  args:\n    chdir: /srv\n    cmd: overridden');
    expect(t.args).toEqual({ chdir: '/srv', cmd: 'ls' });
  });

  it('aliases resolve to the canonical module name; empty arguments are an empty object', async () => {
    expect(await oneTask('- test.builtin.t_copy: content=x dest=/y')).toMatchObject({ module: 't_copy', args: { content: 'x', dest: '/y' } });
    expect(await oneTask('- t_set_fact:\n    a: null')).toMatchObject({ module: 't_set_fact', args: { a: null } });
  });

  it('a null value of a known argument means unset', async () => {
    expect((await oneTask('- t_copy:\n    content: x\n    dest: /y\n    mode:')).args).toEqual({ content: 'x', dest: '/y' });
  });

  it('action: and local_action: in string and mapping forms', async () => {
    expect(await oneTask('- action: t_command chdir=/a pwd')).toMatchObject({ module: 't_command', args: { chdir: '/a', cmd: 'pwd' } });
    expect(await oneTask('- local_action: t_copy content=x dest=/y')).toMatchObject({ module: 't_copy', delegateTo: 'localhost' });
    expect(await messages('- action:\n    src: x\n- action: t_cpoy dest=/x\n- local_action: t_command ls\n  delegate_to: web1')).toEqual([
      "site.yml:4:9: 'action' as a mapping needs a 'module' key naming the module",
      "site.yml:5:15: 't_cpoy' is not a known module",
      "site.yml:6:7: 'local_action' cannot be combined with 'delegate_to'",
    ]);
  });

  it('action: with a templated module name keeps the name, its mapping arguments and the words after it for run time', async () => {
    expect(await oneTask('- action: "{{ pkg_mgr }} name=x state=present"')).toMatchObject({ module: '{{ pkg_mgr }}', args: {}, dynamicModule: { text: 'name=x state=present' } });
    expect(await oneTask('- action: "{{ pkg_mgr }}"\n  args:\n    name: libuser')).toMatchObject({ module: '{{ pkg_mgr }}', args: { name: 'libuser' }, dynamicModule: { text: '' } });
    expect(await oneTask('- local_action:\n    module: "{{ m }}"\n    a: 1\n  args: { a: 0, b: 2 }')).toMatchObject({
      module: '{{ m }}', args: { a: 1, b: 2 }, delegateTo: 'localhost', dynamicModule: { text: '' },
    });
  });

  it('dynamicArgs parses the words after a templated name for the module it names', () => {
    const cmd = getModule('t_command')!;
    expect(dynamicArgs(cmd, { chdir: '/a' }, 'creates=/b ls -l')).toEqual({ chdir: '/a', creates: '/b', cmd: 'ls -l' });
    expect(dynamicArgs(getModule('t_copy')!, { mode: null, dest: '/y' }, 'content=x')).toEqual({ dest: '/y', content: 'x' });
    expect(() => dynamicArgs(getModule('t_copy')!, {}, 'just words')).toThrow(/takes key=value arguments/);
  });

  it('arguments that are neither a mapping nor a string are refused', async () => {
    expect(await messages('- t_copy: [a, b]')).toEqual([
      `site.yml:3:15: the arguments of module 't_copy' must be a mapping or a "key=value ..." string, got a list`,
    ]);
  });

  it('YAML merge keys and anchors work in tasks', async () => {
    const t = await oneTask('- t_copy:\n    <<: &common {dest: /a, content: x}\n    dest: /b');
    expect(t.args).toEqual({ dest: '/b', content: 'x' });
  });
});

describe('argsFromText (ad-hoc -a)', () => {
  const def = (name: string) => getModule(name) as ModuleDef;

  it('normalises text as a playbook does', () => {
    expect(argsFromText(def('t_command'), 'chdir=/srv ls -l')).toEqual({ chdir: '/srv', cmd: 'ls -l' });
    expect(argsFromText(def('t_copy'), 'content="a b" dest=/x')).toEqual({ content: 'a b', dest: '/x' });
    expect(argsFromText(def('t_copy'), '  ')).toEqual({});
  });

  it('refuses free text for key=value modules', () => {
    expect(() => argsFromText(def('t_copy'), '/etc/motd')).toThrow("module 't_copy' takes key=value arguments, not free-form text ('/etc/motd')");
  });
});

describe('conditions, tags and names', () => {
  it('strips a single {{ }} from conditions and keeps anything else as written', async () => {
    const t = await oneTask('- t_command: ls\n  when: "{{ a }} and {{ b }}"\n  until: ["{{ r.rc == 0 }}", true]\n  failed_when: [r.rc > 1]');
    expect(t).toMatchObject({ when: ['{{ a }} and {{ b }}'], until: ['r.rc == 0', 'True'], failedWhen: ['r.rc > 1'] });
  });

  it('tags: commas split a string, lists are kept, numbers become strings, duplicates go', async () => {
    expect((await oneTask('- t_command: ls\n  tags: "a, b,a"')).tags).toEqual(['a', 'b']);
    expect((await oneTask('- t_command: ls\n  tags: [x, 2019]')).tags).toEqual(['x', '2019']);
  });

  it('YAML 1.1 booleans (yes/no/on/off) are booleans for keywords', async () => {
    expect(await oneTask('- t_command: ls\n  become: on\n  no_log: "no"\n  run_once: 1')).toMatchObject({ become: true, noLog: false, runOnce: true });
  });
});

describe('secrets', () => {
  async function shown(tasks: string): Promise<string> {
    try {
      await tasksOf(tasks);
    } catch (e) {
      if (e instanceof ValidationErrors) return e.errors.map(formatLocated).join('\n');
      throw e;
    }
    throw new Error('expected a refusal');
  }

  it('a bad secret argument is reported without its value or the line', async () => {
    const out = await shown('- t_user: name=bob password=hunter2');
    expect(out).toBe("site.yml:3:24: argument 'password' of module 't_user' has an invalid value (not shown: it is secret)");
  });

  it('with no_log no argument value is shown', async () => {
    const out = await shown('- t_file:\n    path: /x\n    state: s3cr3t-value\n    mdoe: other-s3cr3t\n  no_log: true');
    expect(out).not.toMatch(/s3cr3t/);
    expect(out).toContain("site.yml:5:16: argument 'state' of module 't_file' has an invalid value (not shown: it is secret)");
    expect(out).toContain("site.yml:6:9: unsupported argument 'mdoe' for module 't_file'");
  });
});

describe('the real modules', () => {
  it.skipIf(!getModule('copy') || !getModule('command') || !getModule('file'))('loads and checks copy, command and file', async () => {
    expect(await oneTask('- command: chdir=/tmp ls')).toMatchObject({ module: 'command', args: { chdir: '/tmp', cmd: 'ls' } });
    expect(await oneTask('- ansible.builtin.copy:\n    content: "{{ motd }}"\n    dest: /etc/motd\n    mode: "0644"')).toMatchObject({ module: 'copy' });
    expect(await oneTask('- file: name=/srv/app state=directory')).toMatchObject({ module: 'file', args: { name: '/srv/app', state: 'directory' } });
    const found = await messages('- cpoy: src=a dest=b\n- file: path=/x state=direktory\n- copy:\n    dest: /x\n    contnet: y');
    expect(found[0]).toBe("site.yml:3:7: 'cpoy' is not a known module");
    expect(found[1]).toMatch(/^site\.yml:4:21: argument 'state' of module 'file' must be one of: .*directory/);
    expect(found[2]).toBe("site.yml:7:9: unsupported argument 'contnet' for module 'copy'");
  });
});

describe('module problems, as shown', () => {
  it('a typo in a module name suggests the module', async () => {
    expect(await problems(play('- name: copy it\n  t_cpoy: dest=/x content=y'))).toMatchInlineSnapshot(`
      "site.yml:4:7: 't_cpoy' is not a known module
        4 |       t_cpoy: dest=/x content=y
          |       ^
        did you mean 't_copy'?"
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
});
