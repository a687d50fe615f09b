/**
 * --start-at-task: a name no task of the playbooks has is refused before anything runs (exit 5 as
 * an OptionsError), with the near name or why it cannot be started at; a name that exists starts
 * the run there, and one that exists but is never reached ends the run with a warning.
 */
import { describe, expect, it } from 'vitest';
import { runPlaybooks } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import type { Play, Playbook, Task, TaskNode } from '../../../src/playbook/types.js';
import { OptionsError } from '../../../src/util/errors.js';
import { inventory } from '../../helpers/local-inventory.js';

const loc = { file: 'site.yml', line: 2, col: 3 };


const task = (name: string | undefined, more: Partial<Task> = {}): Task => ({
  kind: 'task', ...(name !== undefined ? { name } : {}), module: 'debug', args: { msg: name ?? 'x' }, loc, dir: '.', tags: [], notify: [], listen: [], ...more,
});

const play = (tasks: TaskNode[], more: Partial<Play> = {}): Play => ({
  hosts: 'all', loc, dir: '.', tags: [], varsFiles: [], gatherFacts: false, serial: [], order: 'inventory', preTasks: [], tasks, postTasks: [], handlers: [], ...more,
});

const BOOK: Playbook = {
  file: 'site.yml',
  dir: '.',
  plays: [
    play([
      task('install nginx'),
      task('configure', { tags: ['conf'] }),
      task('{{ what }} done'),
      task('config', { roleDir: '/srv/roles/web' }),
      task(undefined, { module: 'set_fact', args: { x: 1 } }),
      { kind: 'include_tasks', name: 'extra steps', file: 'extra.yml', loc, dir: '.', tags: [], tasks: [task('inside the include')] },
      task('last'),
    ], { vars: { what: 'setup' } }),
    play([task('second play')], { name: 'two' }),
    play([task('no host here')], { hosts: 'nothing_matches_this' }),
  ],
};

async function run(startAtTask: string, o: { tags?: string[] } = {}) {
  const events: EngineEvent[] = [];
  const summary = await runPlaybooks({
    playbooks: [BOOK], inventory: inventory(), extraVars: {}, check: false, diff: false, tags: o.tags ?? [], skipTags: [], forks: 1, startAtTask,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e: EngineEvent) => void events.push(e),
  });
  return {
    summary,
    ran: events.flatMap((e) => (e.type === 'task_start' ? [e.task.name] : [])),
    warnings: events.flatMap((e) => (e.type === 'warning' && e.message.startsWith('--start-at-task') ? [e.message] : [])),
  };
}

describe('--start-at-task naming no task is refused before anything runs', () => {
  it.each([
    ['no such task', {}, `--start-at-task 'no such task': no task has this name (Ansible: No matching task "no such task" found); nothing was contacted`],
    ['instal nginx', {}, `--start-at-task 'instal nginx': no task has this name (Ansible: No matching task "instal nginx" found); did you mean 'install nginx'?; nothing was contacted`],
    ['inside the include', {}, `--start-at-task 'inside the include': no task has this name (Ansible: No matching task "inside the include" found); it is inside an include_tasks or include_role, and only imported tasks can be started at, as in Ansible; nothing was contacted`],
    ['configure', { tags: ['other'] }, `--start-at-task 'configure': no task that the tags select has this name (Ansible: No matching task "configure" found); nothing was contacted`],
  ])('%s %j', async (name, o, message) => {
    const err = await run(name, o).catch((e) => e);
    expect(err).toBeInstanceOf(OptionsError);
    expect((err as Error).message).toBe(message);
  });
});

describe('--start-at-task naming a task starts there', () => {
  it.each([
    ['install nginx', ['install nginx', 'configure', 'setup done', 'web : config', 'set_fact', 'extra steps', 'inside the include', 'last', 'second play']],
    ['configure', ['configure', 'setup done', 'web : config', 'set_fact', 'extra steps', 'inside the include', 'last', 'second play']],
    ['setup done', ['setup done', 'web : config', 'set_fact', 'extra steps', 'inside the include', 'last', 'second play']],
    ['{{ what }} done', ['setup done', 'web : config', 'set_fact', 'extra steps', 'inside the include', 'last', 'second play']],
    ['web : config', ['web : config', 'set_fact', 'extra steps', 'inside the include', 'last', 'second play']],
    ['config', ['web : config', 'set_fact', 'extra steps', 'inside the include', 'last', 'second play']],
    ['set_fact', ['set_fact', 'extra steps', 'inside the include', 'last', 'second play']],
    ['extra *', ['extra steps', 'inside the include', 'last', 'second play']],
    ['second play', ['second play']],
  ])('%s', async (name, ran) => {
    const r = await run(name);
    expect(r.ran).toEqual(ran);
    expect(r.warnings).toEqual([]);
  });

  it('a task that exists but is never reached: nothing runs, a warning says so', async () => {
    const r = await run('no host here');
    expect(r.ran).toEqual([]);
    expect(r.warnings).toEqual([
      `--start-at-task 'no host here': the run never reached that task (its play had no host left), so no task ran (Ansible: No matching task "no host here" found)`,
    ]);
  });
});
