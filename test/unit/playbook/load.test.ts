/** loadPlaybook: a playbook using every keyword (the whole model, field by field), and file-level problems. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import type { Play, Task } from '../../../src/playbook/types.js';
import { ERRORS, fileProblems } from './helpers.js';

const FULL = path.relative(process.cwd(), fileURLToPath(new URL('./fixtures/full', import.meta.url)));
const DIR = path.resolve(FULL);
const TASKS = path.join(DIR, 'tasks');
const at = (file: string, line: number, col: number) => ({ file: path.join(FULL, file), line, col });
const task = (fields: Partial<Task> & Pick<Task, 'module' | 'args' | 'loc'>): Task => ({ kind: 'task', dir: DIR, tags: [], notify: [], listen: [], ...fields });

describe('loadPlaybook: every keyword', () => {
  it('imports the plays of import_playbook with its vars (over the play vars) and tags', async () => {
    const book = await loadPlaybook(path.join(FULL, 'site.yml'));
    expect(book.file).toBe(path.join(FULL, 'site.yml'));
    expect(book.dir).toBe(DIR);
    expect(book.plays).toHaveLength(2);
    expect(book.plays[0]).toEqual({
      hosts: 'all',
      loc: at('base.yml', 1, 3),
      dir: DIR,
      tags: ['base'],
      vars: { from_import: 1, own: 1 },
      varsFiles: [],
      gatherFacts: false,
      serial: [],
      order: 'inventory',
      preTasks: [],
      tasks: [task({ module: 't_command', args: { cmd: 'uptime' }, loc: at('base.yml', 7, 7) })],
      postTasks: [],
      handlers: [],
    } satisfies Play);
  });

  it('reads the play keywords', async () => {
    const play = (await loadPlaybook(path.join(FULL, 'site.yml'))).plays[1];
    const { preTasks, tasks, postTasks, handlers, ...keywords } = play;
    expect(keywords).toEqual({
      name: 'configure the web tier',
      hosts: 'web,db',
      loc: at('site.yml', 7, 3),
      dir: DIR,
      vars: { app_dir: '/srv/app', port: 8080 },
      varsFiles: [
        { files: ['vars/main.yml'], loc: at('site.yml', 13, 7) },
        { files: ['vars/{{ env_name }}.yml'], loc: at('site.yml', 14, 7) },
      ],
      become: true,
      becomeUser: 'root',
      gatherFacts: false,
      serial: [1, '30%', '{{ batch }}'],
      maxFailPercentage: 25,
      anyErrorsFatal: true,
      order: 'sorted',
      tags: ['web', 'deploy'],
      environment: { LANG: 'C.UTF-8' },
      ignoreErrors: false,
      ignoreUnreachable: '{{ tolerate }}',
      checkMode: false,
      noLog: false,
      runOnce: false,
      when: ['deploy | default(true)'],
      roles: [
        { name: 'common', loc: at('site.yml', 33, 7) },
        { name: 'nginx', vars: { listen_port: 80 }, params: { worker_processes: 4 }, loc: at('site.yml', 34, 7) },
      ],
    });
    expect(preTasks).toEqual([
      task({
        name: 'wait for the box',
        module: 't_command',
        args: { chdir: '/tmp', creates: '/tmp/ready', cmd: 'true' },
        changedWhen: false,
        loc: at('site.yml', 40, 7),
      }),
    ]);
    expect(postTasks).toEqual([task({ module: 't_command', args: { cmd: 'echo done' }, loop: [1, 2], loopWith: 'list', loc: at('site.yml', 118, 7) })]);
    expect(handlers).toEqual([
      task({ name: 'restart app', module: 't_command', args: { cmd: 'systemctl restart app' }, loc: at('site.yml', 122, 7) }),
      task({ name: 'proxy', listen: ['reload proxy'], module: 't_command', args: { cmd: 'systemctl reload nginx' }, loc: at('site.yml', 124, 7) }),
      // a handler imported under `when:` carries the condition itself (handlers are a flat list)
      task({
        name: 'flush proxy cache',
        module: 't_command',
        args: { cmd: 'rm -rf /var/cache/proxy' },
        when: ['proxy_enabled'],
        dir: TASKS,
        loc: at('tasks/handlers.yml', 1, 3),
      }),
    ]);
    expect(tasks).toHaveLength(11);
  });

  it('reads every task keyword', async () => {
    const tasks = (await loadPlaybook(path.join(FULL, 'site.yml'))).plays[1].tasks;
    expect(tasks[0]).toEqual(
      task({
        name: 'render the config',
        module: 't_copy',
        // args: merged under the module's own arguments, values as written (coerced at run time)
        args: { backup: true, content: 'port={{ port }}\n', dest: '{{ app_dir }}/app.conf', mode: '0644' },
        register: 'conf',
        notify: ['restart app', 'reload proxy'],
        when: ['conf_enabled', 'port > 1024'],
        tags: ['config'],
        become: '{{ need_root }}',
        becomeUser: 'app',
        changedWhen: ["'changed' in conf.msg"],
        failedWhen: false,
        ignoreErrors: true,
        ignoreUnreachable: false,
        until: ['conf is succeeded'],
        retries: 3,
        delay: 2,
        runOnce: true,
        noLog: true,
        checkMode: false,
        environment: '{{ app_env }}',
        vars: { local: 1 },
        delegateTo: '{{ groups.db[0] }}',
        anyErrorsFatal: false,
        loc: at('site.yml', 45, 7),
      }),
    );
    expect(tasks[1]).toEqual(
      task({
        name: 'directories',
        module: 't_file',
        args: { path: '{{ app_dir }}/{{ item.name }}', state: 'directory' },
        loop: '{{ dirs }}',
        loopControl: { loopVar: 'd', label: '{{ d.name }}', indexVar: 'i', pause: 0.5 },
        loc: at('site.yml', 76, 7),
      }),
    );
    expect(tasks[2]).toEqual(
      task({ module: 't_command', args: { cmd: 'echo {{ item }}' }, loop: [['a', 'b'], 'c'], loopWith: 'items', loc: at('site.yml', 85, 7) }),
    );
    expect(tasks[3]).toEqual(task({ module: 't_copy', args: { src: 'a.txt', dest: '/tmp/a.txt' }, loc: at('site.yml', 90, 7) }));
    expect(tasks[4]).toEqual(task({ module: 't_command', args: { cmd: 'date' }, delegateTo: 'localhost', loc: at('site.yml', 91, 7) }));
  });

  it('reads blocks, imports, includes and meta', async () => {
    const tasks = (await loadPlaybook(path.join(FULL, 'site.yml'))).plays[1].tasks;
    expect(tasks[5]).toEqual({
      kind: 'block',
      name: 'guarded steps',
      block: [task({ module: 't_command', args: { cmd: '/bin/false' }, loc: at('site.yml', 97, 11) })],
      rescue: [{ kind: 'meta', action: 'clear_host_errors', loc: at('site.yml', 99, 11), dir: DIR, tags: [] }],
      always: [task({ module: 't_set_fact', args: { done: true }, loc: at('site.yml', 101, 11) })],
      when: ["ansible_facts.os_family == 'Debian'"],
      tags: ['guarded'],
      become: true,
      loc: at('site.yml', 95, 7),
      dir: DIR,
    });
    const marker = task({ name: 'common marker', module: 't_file', args: { name: '/etc/marker', state: 'touch' }, dir: TASKS, loc: at('tasks/common.yml', 1, 3) });
    // import_tasks without keywords is inlined; with keywords it becomes a block carrying them
    expect(tasks[6]).toEqual(marker);
    expect(tasks[7]).toEqual({ kind: 'block', block: [marker], rescue: [], always: [], when: ['extra'], tags: ['again'], loc: at('site.yml', 108, 7), dir: DIR });
    // include_tasks with a plain name is loaded eagerly; its self-include is left for run time
    expect(tasks[8]).toEqual({
      kind: 'include_tasks',
      file: 'tasks/included.yml',
      loop: [1, 2],
      tags: [],
      loc: at('site.yml', 111, 7),
      dir: DIR,
      tasks: [
        task({ name: 'included step', module: 't_command', args: { argv: ['echo', '{{ item }}'] }, dir: TASKS, loc: at('tasks/included.yml', 1, 3) }),
        { kind: 'include_tasks', file: 'included.yml', when: ['False'], tags: [], dir: TASKS, loc: at('tasks/included.yml', 4, 3) },
      ],
    });
    expect(tasks[9]).toEqual({ kind: 'include_tasks', file: 'tasks/{{ flavour }}.yml', tags: [], loc: at('site.yml', 113, 7), dir: DIR });
    expect(tasks[10]).toEqual({ kind: 'meta', action: 'flush_handlers', tags: [], loc: at('site.yml', 115, 7), dir: DIR });
  });
});

describe('file problems, as shown', () => {
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
  // (its include_tasks of a missing file is only a warning: Ansible reads it when the include runs)
  it('collects every problem of every file at once', async () => {
    expect(await fileProblems('many.yml')).toMatchInlineSnapshot(`
      "broken-tasks.yml:5:3: 'path' is an argument of module 't_file', not a task keyword
        5 |   path: /etc/x
          |   ^
        indent it under 't_file:'

      many.yml:4:7: module 't_copy': src (or content) is required
        4 |     - t_copy: dest=/etc/x
          |       ^

      many.yml:7:17: 'gather_facts' must be a boolean (true/false, yes/no) or a template, got the string 'maybe'
        7 |   gather_facts: maybe
          |                 ^"
    `);
  });
  it('a file that does not exist', async () => {
    await expect(loadPlaybook(path.join(ERRORS, 'nope.yml'))).rejects.toThrow(/cannot read .*nope\.yml: ENOENT/);
  });
});
