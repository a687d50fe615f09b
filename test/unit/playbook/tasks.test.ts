/** Task lists: meta, import_tasks, include_tasks, handlers, and task files loaded on their own. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { loadPlaybook, loadPlaybookText, loadTaskFile } from '../../../src/playbook/index.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';
import { play, problems } from './helpers.js';

const DIR = path.relative(process.cwd(), fileURLToPath(new URL('./fixtures/includes', import.meta.url)));
const SUB = path.resolve(DIR, 'sub');

async function messages(run: () => Promise<unknown>): Promise<string[]> {
  try {
    await run();
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors.map((x) => formatLocated(x).split('\n')[0].replaceAll(DIR + path.sep, ''));
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('includes and imports', () => {
  it.each([
    ['action: include_tasks sub/more.yml'],
    ['include_tasks: file=sub/more.yml'],
  ])('%s is an include of that file (as Ansible)', async (entry) => {
    const book = await loadPlaybook(path.join(DIR, 'site.yml'));
    const text = `- hosts: all\n  tasks:\n    - ${entry}\n`;
    const [inc] = (await loadPlaybookText(text, path.join(path.dirname(book.file), 'other.yml'))).plays[0].tasks;
    expect(inc).toMatchObject({ kind: 'include_tasks', file: 'sub/more.yml' });
    expect(inc.kind === 'include_tasks' && inc.tasks?.length).toBeGreaterThan(0);
  });

  it('keeps a templated include for run time and loads a plain one (relative to the including file)', async () => {
    const [first, second] = (await loadPlaybook(path.join(DIR, 'site.yml'))).plays;
    const [dynamic, eager, imported] = first.tasks;
    expect(dynamic).toMatchObject({ kind: 'include_tasks', file: '{{ os }}.yml' });
    expect(dynamic).not.toHaveProperty('tasks');
    expect(eager).toMatchObject({ kind: 'include_tasks', file: 'sub/steps.yml' });
    // steps.yml imports more.yml from its own directory
    expect(eager.kind === 'include_tasks' && eager.tasks?.map((t) => (t.kind === 'task' ? t.name : t.kind))).toEqual(['a step', 'more']);
    expect(imported).toMatchObject({ kind: 'block', tags: ['imported'], block: [{ name: 'a step', dir: SUB }, { name: 'more', dir: SUB }] });
    expect(first.handlers).toMatchObject([{ name: 'restart', module: 't_command', dir: SUB }]);
    // notify by listen topic; a templated handler name or notify cannot be checked before run time
    expect(second.tasks).toHaveLength(2);
  });

  it('delegate_to and notify on import_tasks hold for every imported task, as Ansible\'s parent attributes', async () => {
    const [p] = (await loadPlaybook(path.join(DIR, 'delegated.yml'))).plays;
    const flat = (nodes: unknown[]): Array<Record<string, unknown>> =>
      (nodes as Array<Record<string, unknown>>).flatMap((n) => (n.kind === 'block' ? flat(n.block as unknown[]) : [n]));
    const tasks = flat(p.tasks);
    expect(tasks.map((t) => [t.name, t.delegateTo, t.notify])).toEqual([
      ['a step', 'localhost', ['restart']],
      ['more', 'localhost', ['restart']],
    ]);
  });

  // (its include_tasks of sub/not-a-list.yml is not among them: test/unit/playbook/certain.test.ts)
  it('refuses what cannot be loaded up front, all at once', async () => {
    expect(await messages(() => loadPlaybook(path.join(DIR, 'bad.yml')))).toEqual([
      'bad.yml:3:21: import_tasks is static: its file name cannot be a template (use include_tasks)',
      'bad.yml:5:9: \'import_tasks\' needs the name of a tasks file, got a mapping',
      "bad.yml:8:9: 'include_tasks: apply' is not supported: put the keywords on the tasks or on a block",
      'bad.yml:12:7: blocks are not supported in handlers',
      'bad.yml:15:7: meta actions are not supported in handlers',
      'sub/steps-with-block.yml:1:3: blocks are not supported in handlers',
    ]);
  });
});

describe('loadTaskFile', () => {
  it('loads a tasks file with its own imports', async () => {
    const tasks = await loadTaskFile(path.join(DIR, 'sub', 'steps.yml'));
    expect(tasks).toMatchObject([
      { kind: 'task', name: 'a step', loc: { file: path.join(DIR, 'sub', 'steps.yml'), line: 1, col: 3 } },
      { kind: 'task', name: 'more', loc: { file: path.join(DIR, 'sub', 'more.yml'), line: 1, col: 3 } },
    ]);
  });

  it('an empty tasks file is an empty list; a mapping is refused', async () => {
    expect(await loadTaskFile(path.join(DIR, 'empty.yml'))).toEqual([]);
    expect(await messages(() => loadTaskFile(path.join(DIR, 'sub', 'not-a-list.yml')))).toEqual([
      'sub/not-a-list.yml:1:1: a tasks file must be a list of tasks, got a mapping',
    ]);
  });

  it('handler files are checked as handlers', async () => {
    expect(await messages(() => loadTaskFile(path.join(DIR, 'sub', 'steps-with-block.yml'), { handler: true }))).toEqual([
      'sub/steps-with-block.yml:1:3: blocks are not supported in handlers',
    ]);
  });
});

describe('meta', () => {
  it('meta actions are checked', async () => {
    expect(await problems(play('- meta: flush_handler'))).toMatchInlineSnapshot(`
      "site.yml:3:13: 'meta' must be one of: flush_handlers, end_play, end_host, end_batch, noop, clear_facts, clear_host_errors, refresh_inventory, reset_connection; got the string 'flush_handler'
        3 |     - meta: flush_handler
          |             ^
        did you mean 'flush_handlers'?"
    `);
  });

  // every action of Ansible 2.14's meta, under its short name and its FQCNs
  it.each(
    ['meta', 'ansible.builtin.meta', 'ansible.legacy.meta'].flatMap((key) =>
      ['flush_handlers', 'end_play', 'end_host', 'end_batch', 'noop', 'clear_facts', 'clear_host_errors', 'refresh_inventory', 'reset_connection'].map((a) => [key, a]),
    ),
  )('%s: %s is a meta action', async (key, action) => {
    const pb = await loadPlaybookText(play(`- ${key}: ${action}`), 'site.yml');
    expect(pb.plays[0].tasks[0]).toMatchObject({ kind: 'meta', action });
  });
});

// include_role's public and allow_duplicates are Ansible booleans (boolean(), strict): 1, 'y', 't' and
// their false forms are accepted (they were refused), a word that is none is still refused
describe('include_role options', () => {
  it.each<[string, boolean]>([
    ['yes', true],
    ['1', true],
    ["'y'", true],
    ["' T '", true],
    ['no', false],
    ['0', false],
    ["'f'", false],
  ])('public: %s is %s', async (text, b) => {
    const pb = await loadPlaybookText(play(`- include_role:\n    name: x\n    public: ${text}\n    allow_duplicates: ${text}`), 'site.yml');
    expect((pb.plays[0].tasks[0] as { role?: unknown }).role).toEqual({ static: false, public: b, allowDuplicates: b });
  });

  it('refuses a value that is no boolean', async () => {
    expect(await problems(play('- include_role:\n    name: x\n    public: maybe'))).toContain("'include_role: public' must be true or false");
  });
});

describe('register on includes', () => {
  it.each([
    ['- include_tasks: x.yml\n  register: r', { kind: 'include_tasks', register: 'r' }],
    ['- include_role: {name: web}\n  register: r', { kind: 'include_tasks', register: 'r' }],
  ])('%j keeps its register', async (entry, expected) => {
    const book = await loadPlaybookText(`- hosts: all\n  tasks:\n${entry.replace(/^/gm, '    ')}\n`, 'site.yml');
    expect(book.plays[0].tasks[0]).toMatchObject(expected);
  });

  it.each([
    ['- include_tasks: x.yml\n  register: my-var', "site.yml:4:17: 'register' must be a variable name"],
    ['- import_tasks: x.yml\n  register: r', "'register' is not a valid keyword for import_tasks"],
  ])('%j is refused', async (entry, message) => {
    expect(await problems(`- hosts: all\n  tasks:\n${entry.replace(/^/gm, '    ')}\n`)).toContain(message);
  });
});

describe('notify and delegate_to on a block', () => {
  it('are given to the tasks (nested ones too) that set none', async () => {
    const text = `- hosts: all
  tasks:
    - notify: h
      delegate_to: localhost
      block:
        - t_command: a
        - t_command: b
          notify: other
          delegate_to: web1
        - block:
            - t_command: c
  handlers:
    - {name: h, t_command: ls}
    - {name: other, t_command: ls}
`;
    const [block] = (await loadPlaybookText(text, 'site.yml')).plays[0].tasks;
    expect(block).toMatchObject({
      kind: 'block',
      block: [
        { notify: ['h'], delegateTo: 'localhost' },
        { notify: ['other'], delegateTo: 'web1' },
        { kind: 'block', block: [{ notify: ['h'], delegateTo: 'localhost' }] },
      ],
    });
  });

  it('a block notifying no handler is refused with the near name', async () => {
    expect(await problems('- hosts: all\n  tasks:\n    - notify: restrat\n      block:\n        - t_command: a\n  handlers:\n    - {name: restart, t_command: ls}\n')).toContain("did you mean 'restart'?");
  });
});
