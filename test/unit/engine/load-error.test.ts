/**
 * A task that loading found would fail (a module machinist lacks, arguments it refuses: Task.loadError)
 * fails with that message when it runs, and only then: skipped by `when`, it is skipped; with
 * ignore_errors the play goes on. A dynamic include_role of a role that is not there is a warning when
 * loading, and fails the host only when the include runs.
 */
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandRoles, runPlaybooks } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { inventory } from '../../helpers/local-inventory.js';
import type { Play, Playbook, TaskNode } from '../../../src/playbook/types.js';

const loc = { file: 'site.yml', line: 2, col: 3 };
const LACKS = "the module 'dnf' exists in Ansible but not in machinist";

function book(tasks: TaskNode[]): Playbook {
  const p: Play = { hosts: 'all', loc, dir: '.', tags: [], varsFiles: [], gatherFacts: false, serial: [], order: 'inventory', preTasks: [], tasks, postTasks: [], handlers: [] };
  return { file: 'site.yml', dir: '.', plays: [p], warnings: [] };
}

async function run(b: Playbook): Promise<Array<{ task: string; status: string; msg: unknown }>> {
  const events: EngineEvent[] = [];
  await runPlaybooks({
    playbooks: [b], inventory: inventory(), extraVars: {}, check: false, diff: false, tags: [], skipTags: [], forks: 1,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e: EngineEvent) => void events.push(e),
  });
  return events.flatMap((e) => (e.type === 'host_task_result' ? [{ task: e.task.name, status: e.status, msg: e.result.msg }] : []));
}

const lacking = (name: string, more: object): TaskNode => ({ kind: 'task', name, module: 'dnf', args: { name: 'x' }, loadError: LACKS, loc, dir: '.', tags: [], notify: [], listen: [], ...more });

describe('a task loading found would fail', () => {
  it('fails with that message only when it runs', async () => {
    const results = await run(book([lacking('skipped', { when: ['false'] }), lacking('ignored', { ignoreErrors: true }), lacking('fails', {})]));
    expect(results).toEqual([
      { task: 'skipped', status: 'skipped', msg: undefined },
      { task: 'ignored', status: 'failed', msg: LACKS },
      { task: 'fails', status: 'failed', msg: LACKS },
    ]);
  });
});

describe('a dynamic include_role of a role that is not there', () => {
  const include = (when?: string[]): TaskNode => ({ kind: 'include_tasks', file: 'nosuchrole', role: { static: false }, loc, dir: '.', tags: [], ...(when ? { when } : {}) });

  it('is a warning when loading, and skipped behind when', async () => {
    const b = await expandRoles(book([include(['false'])]));
    expect(b.warnings?.map((w) => w.message)).toEqual(["the role 'nosuchrole' was not found (this fails when it runs, not before)"]);
    expect(await run(b)).toEqual([{ task: 'include_role : nosuchrole', status: 'skipped', msg: undefined }]);
  });

  it('fails the host when it runs', async () => {
    const results = await run(await expandRoles(book([include()])));
    expect(results).toEqual([{ task: 'include_role : nosuchrole', status: 'failed', msg: "the role 'nosuchrole' was not found" }]);
  });
});

describe('an import_role behind when', () => {
  it("warns about a module its role uses that machinist lacks, instead of refusing", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-load-error-'));
    try {
      await fs.mkdir(path.join(dir, 'roles', 'r', 'tasks'), { recursive: true });
      await fs.writeFile(path.join(dir, 'roles', 'r', 'tasks', 'main.yml'), '- dnf: name=x\n');
      const imp = (when?: string[]): TaskNode => ({ kind: 'include_tasks', file: 'r', role: { static: true }, loc, dir, tags: [], ...(when ? { when } : {}) });
      const b = { ...book([imp(['false'])]), dir };
      const expanded = await expandRoles(b);
      expect(expanded.warnings?.map((w) => w.message)).toEqual([`${LACKS} (this fails when it runs, not before)`]);
      await expect(expandRoles({ ...book([imp()]), dir })).rejects.toThrow(LACKS);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});

describe('a role entry behind when', () => {
  it("warns about a module its role uses that machinist lacks, instead of refusing", async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-load-error-'));
    try {
      await fs.mkdir(path.join(dir, 'roles', 'r', 'tasks'), { recursive: true });
      await fs.writeFile(path.join(dir, 'roles', 'r', 'tasks', 'main.yml'), '- dnf: name=x\n');
      const withRole = (keywords?: { when?: string[]; tags: string[] }): Playbook => {
        const b = { ...book([]), dir };
        b.plays[0].roles = [{ name: 'r', loc, ...(keywords ? { keywords } : {}) }];
        return b;
      };
      const expanded = await expandRoles(withRole({ when: ['false'], tags: [] }));
      expect(expanded.warnings?.map((w) => w.message)).toEqual([`${LACKS} (this fails when it runs, not before)`]);
      await expect(expandRoles(withRole({ tags: ['never'] }))).resolves.toBeDefined();
      await expect(expandRoles(withRole())).rejects.toThrow(LACKS);
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
