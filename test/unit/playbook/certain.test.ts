/**
 * "Refuse up front only what would certainly fail": a module Ansible has but machinist lacks,
 * arguments machinist refuses and a dynamic include's file are refused only in a task that is
 * certainly reached with its failure unhandled; elsewhere they are warnings (file:line) and the task
 * carries the error it fails with if it runs. Names that are nobody's stay refused everywhere.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import './test-modules.js';
import { loadPlaybook, loadPlaybookText } from '../../../src/playbook/index.js';
import type { Task, TaskNode } from '../../../src/playbook/types.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';
import { loadSettings, useSettings } from '../../../src/config/index.js';
import { play } from './helpers.js';

type Outcome = { refused: string[] } | { warned: string[]; loadErrors: string[] };

function tasksOf(nodes: TaskNode[]): Task[] {
  return nodes.flatMap((n) =>
    n.kind === 'task' ? [n] : n.kind === 'block' ? tasksOf([...n.block, ...n.rescue, ...n.always]) : n.kind === 'include_tasks' ? tasksOf(n.tasks ?? []) : [],
  );
}

async function outcome(text: string): Promise<Outcome> {
  try {
    const book = await loadPlaybookText(text, 'site.yml');
    const tasks = book.plays.flatMap((p) => tasksOf([...p.preTasks, ...p.tasks, ...p.postTasks, ...p.handlers]));
    return {
      warned: (book.warnings ?? []).map((w) => formatLocated(w).split('\n')[0]),
      loadErrors: tasks.flatMap((t) => (t.loadError === undefined ? [] : [t.loadError])),
    };
  } catch (e) {
    if (e instanceof ValidationErrors) return { refused: e.errors.map((x) => formatLocated(x).split('\n')[0]) };
    throw e;
  }
}

const LACKS = "the module 'dnf' exists in Ansible but not in machinist";
const lacksAt = (at: string) => ({ warned: [`site.yml:${at}: ${LACKS} (this fails when it runs, not before)`], loadErrors: [LACKS] });
const SRC = "module 't_copy': src (or content) is required";

describe('what is refused up front and what fails only if it runs', () => {
  const cases: Array<[string, string, Outcome]> = [
    ['a module machinist lacks, certainly reached', '- dnf: name=x', { refused: [`site.yml:3:7: ${LACKS}`] }],
    ['... behind when', '- dnf: name=x\n  when: false', lacksAt('3:7')],
    ['... with ignore_errors', '- dnf: name=x\n  ignore_errors: true', lacksAt('3:7')],
    ['... with ignore_errors: false (not handled)', '- dnf: name=x\n  ignore_errors: false', { refused: [`site.yml:3:7: ${LACKS}`] }],
    ['... with failed_when', '- dnf: name=x\n  failed_when: false', lacksAt('3:7')],
    ['... in a loop (maybe empty)', '- dnf: name={{ item }}\n  loop: "{{ pkgs }}"', lacksAt('3:7')],
    ['... tagged never', '- dnf: name=x\n  tags: [never, debug]', lacksAt('3:7')],
    ['... in a rescued block', '- block:\n    - dnf: name=x\n  rescue:\n    - t_command: echo', lacksAt('4:11')],
    ['... in a rescue', '- block:\n    - t_command: echo\n  rescue:\n    - dnf: name=x', lacksAt('6:11')],
    ['... in a block behind when', '- block:\n    - dnf: name=x\n  when: x', lacksAt('4:11')],
    ['... in the always of a plain block', '- block:\n    - t_command: echo\n  always:\n    - dnf: name=x', { refused: [`site.yml:6:11: ${LACKS}`] }],
    ['... after a meta end_play', '- meta: end_play\n- dnf: name=x', lacksAt('4:7')],
    ['... after an include (it may end the play)', '- include_tasks: "{{ f }}.yml"\n- dnf: name=x', lacksAt('4:7')],
    ['an import is static: a missing file is refused even behind when, as in Ansible', '- import_tasks: missing-too.yml\n  when: false', { refused: ["site.yml:3:21: cannot read tasks file 'missing-too.yml': ENOENT"] }],
    ['... as action:', '- action: dnf name=x\n  when: false', lacksAt('3:7')],
    ['a collection module machinist lacks, behind when', '- community.general.ufw: rule=allow\n  when: false', {
      warned: ["site.yml:3:7: the module 'community.general.ufw' exists in Ansible but not in machinist (this fails when it runs, not before)"],
      loadErrors: ["the module 'community.general.ufw' exists in Ansible but not in machinist"],
    }],
    ['a collection this list does not hold may have it', '- acme.widgets.frob: {}\n  when: false', {
      warned: ["site.yml:3:7: the module 'acme.widgets.frob' exists in Ansible but not in machinist (this fails when it runs, not before)"],
      loadErrors: ["the module 'acme.widgets.frob' exists in Ansible but not in machinist"],
    }],
    // as Ansible: the name is rendered when the task runs, the module and its arguments checked then
    ['a templated module name (action:) behind tags never', '- action:\n    module: "{{ entire_task }}"\n  tags: [never]', {
      warned: ["site.yml:3:7: the module's name '{{ entire_task }}' is a template: machinist resolves it, and checks its arguments, when the task runs"],
      loadErrors: [],
    }],
    ['a templated module name (action:), certainly reached', '- action: "{{ m }} a=1"', {
      warned: ["site.yml:3:7: the module's name '{{ m }}' is a template: machinist resolves it, and checks its arguments, when the task runs"],
      loadErrors: [],
    }],
    ['a typo is refused even behind when', '- t_coppy: dest=/x\n  when: false', { refused: ["site.yml:3:7: 't_coppy' is not a known module"] }],
    ['a typo of a collection module is refused', '- community.general.ufww: rule=allow\n  when: false', { refused: ["site.yml:3:7: 'community.general.ufww' is not a known module"] }],
    ['bad arguments, certainly reached', '- t_copy: dest=/x', { refused: [`site.yml:3:7: ${SRC}`] }],
    ['bad arguments behind when', '- t_copy: dest=/x\n  when: false', { warned: [`site.yml:3:7: ${SRC} (this fails when it runs, not before)`], loadErrors: [SRC] }],
    ['bad arguments with ignore_errors', '- t_copy: dest=/x\n  ignore_errors: yes', { warned: [`site.yml:3:7: ${SRC} (this fails when it runs, not before)`], loadErrors: [SRC] }],
    ['an include of a missing file behind when', '- include_tasks: missing.yml\n  when: false', {
      warned: ["site.yml:3:22: cannot read tasks file 'missing.yml': ENOENT (this fails when it runs, not before)"],
      loadErrors: [],
    }],
    ['an include of a missing file, reached: read when it runs, as Ansible', '- include_tasks: missing.yml', {
      warned: ["site.yml:3:22: cannot read tasks file 'missing.yml': ENOENT (this fails when it runs, not before)"],
      loadErrors: [],
    }],
  ];
  it.each(cases)('%s', async (_what, tasks, expected) => {
    expect(await outcome(play(tasks))).toEqual(expected);
  });

  it('a handler may never be notified', async () => {
    const text = '- hosts: all\n  tasks: []\n  handlers:\n    - name: h\n      dnf: name=x\n';
    expect(await outcome(text)).toEqual(lacksAt('5:7'));
  });

  it('a later play starts certain again after an end_play', async () => {
    const text = `${play('- meta: end_play')}${play('- dnf: name=x')}`;
    expect(await outcome(text)).toEqual({ refused: [`site.yml:6:7: ${LACKS}`] });
  });

  it("the near name of a typo can be Ansible's", async () => {
    await expect(loadPlaybookText(play('- community.general.ufww: rule=allow'), 'site.yml')).rejects.toSatisfy((e: ValidationErrors) => e.errors[0].hint === "did you mean 'community.general.ufw'?");
  });
});

describe('a custom module in a library/ folder', () => {
  it("is Ansible's (a warning, or refused when certainly reached), not a typo", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-library-'));
    try {
      await fs.mkdir(path.join(dir, 'library'));
      await fs.writeFile(path.join(dir, 'library', 'helloworld.py'), '#!/usr/bin/python\n');
      const file = path.join(dir, 'site.yml');
      const custom = `the module 'helloworld' is a custom module (${path.join(dir, 'library', 'helloworld.py')}): machinist runs only its own modules`;
      await fs.writeFile(file, play('- helloworld:\n  when: false'));
      const book = await loadPlaybook(file);
      expect(book.warnings?.map((w) => w.message)).toEqual([`${custom} (this fails when it runs, not before)`]);
      expect(book.plays[0].tasks).toMatchObject([{ module: 'helloworld', loadError: custom }]);
      await fs.writeFile(file, play('- helloworld:\n- hellowrld:\n  when: false'));
      const refused = await loadPlaybook(file).catch((e: ValidationErrors) => e.errors.map((x) => x.message));
      expect(refused).toEqual([custom, "'hellowrld' is neither a task keyword nor a known module"]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a custom action plugin in an action_plugins/ folder', () => {
  it("is Ansible's (a warning, or refused when certainly reached), in a role's folder too", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-action-plugins-'));
    try {
      const tasks = path.join(dir, 'roles', 'r', 'tasks');
      await fs.mkdir(tasks, { recursive: true });
      await fs.mkdir(path.join(dir, 'roles', 'r', 'action_plugins'));
      const plugin = path.join(dir, 'roles', 'r', 'action_plugins', 'shell_no_failed.py');
      await fs.writeFile(plugin, 'from ansible.plugins.action import ActionBase\n');
      const custom = `'shell_no_failed' is a custom action plugin (${plugin}): machinist runs only its own modules`;
      await fs.writeFile(path.join(tasks, 'main.yml'), '- shell_no_failed:\n    cmd: exit 1\n  ignore_errors: true\n');
      // the task file of a role, imported: the role's action_plugins/ is found from its tasks/
      await fs.writeFile(path.join(dir, 'site.yml'), play('- import_tasks: roles/r/tasks/main.yml'));
      const book = await loadPlaybook(path.join(dir, 'site.yml'));
      expect(book.warnings?.map((w) => w.message)).toEqual([`${custom} (this fails when it runs, not before)`]);
      await fs.writeFile(path.join(tasks, 'main.yml'), '- shell_no_failed:\n    cmd: exit 1\n');
      const refused = await loadPlaybook(path.join(dir, 'site.yml')).catch((e: ValidationErrors) => e.errors.map((x) => x.message));
      expect(refused).toEqual([custom]);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('custom modules and action plugins in the library and action_plugins settings', () => {
  it.each([
    { setting: 'ANSIBLE_LIBRARY', file: 'mymod.py', says: "the module 'mymod' is a custom module" },
    { setting: 'ANSIBLE_ACTION_PLUGINS', file: 'mymod.py', says: "'mymod' is a custom action plugin" },
  ])('$setting names a folder where a name is found (ansible.cfg: library, action_plugins)', async ({ setting, file, says }) => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-plugin-paths-'));
    try {
      await fs.mkdir(path.join(dir, 'elsewhere'));
      await fs.writeFile(path.join(dir, 'elsewhere', file), '# python\n');
      await fs.mkdir(path.join(dir, 'book'));
      await fs.writeFile(path.join(dir, 'book', 'site.yml'), play('- mymod: {x: 1}'));
      useSettings(loadSettings({ env: { [setting]: path.join(dir, 'elsewhere') }, cwd: '/', home: '/nonexistent-home' }));
      const refused = await loadPlaybook(path.join(dir, 'book', 'site.yml')).catch((e: ValidationErrors) => e.errors.map((x) => x.message));
      expect(refused).toEqual([`${says} (${path.join(dir, 'elsewhere', file)}): machinist runs only its own modules`]);
      useSettings(loadSettings({ env: {}, cwd: '/', home: '/nonexistent-home' }));
      const unknown = await loadPlaybook(path.join(dir, 'book', 'site.yml')).catch((e: ValidationErrors) => e.errors.map((x) => x.message));
      expect(unknown).toEqual(["'mymod' is neither a task keyword nor a known module"]);
    } finally {
      useSettings(undefined);
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('an import_playbook behind when', () => {
  it('warns about what its plays would meet, instead of refusing', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-import-playbook-'));
    try {
      await fs.writeFile(path.join(dir, 'other.yml'), play('- dnf: name=x'));
      await fs.writeFile(path.join(dir, 'site.yml'), '- import_playbook: other.yml\n  when: false\n');
      const book = await loadPlaybook(path.join(dir, 'site.yml'));
      expect(book.warnings?.map((w) => w.message)).toEqual([`${LACKS} (this fails when it runs, not before)`]);
      await fs.writeFile(path.join(dir, 'site.yml'), '- import_playbook: other.yml\n');
      await expect(loadPlaybook(path.join(dir, 'site.yml'))).rejects.toThrow(LACKS);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
