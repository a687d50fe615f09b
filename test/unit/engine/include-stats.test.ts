/**
 * The recap counts an include_tasks as Ansible 2.14 does: ok once per host for each file it loaded
 * (per loop item), nothing for include_role, a skip when its `when` is false. Real playbooks from a
 * temp dir, one host on the local connection (only debug runs).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandRoles, runPlaybooks } from '../../../src/engine/index.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { inventory } from '../../helpers/local-inventory.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function recap(tasks: string): Promise<{ ok: number; skipped: number }> {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-include-stats-'));
  const files: Record<string, string> = {
    'site.yml': `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks.replace(/^/gm, '    ')}\n`,
    'inc.yml': '- debug: msg=inc\n',
    'roles/r/tasks/main.yml': '- debug: msg=role\n',
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  const book = await expandRoles(await loadPlaybook(path.join(dir, 'site.yml')));
  const summary = await runPlaybooks({
    playbooks: [book], inventory: inventory(), extraVars: {}, check: false, diff: false, tags: [], skipTags: [], forks: 1,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: () => undefined,
  });
  const s = summary.stats.h1;
  return { ok: s.ok, skipped: s.skipped };
}

describe('include_tasks in the recap', () => {
  // each count is ansible-playbook 2.14's for the same tasks
  it.each([
    ['a plain include: the include and its task', '- include_tasks: inc.yml', { ok: 2, skipped: 0 }],
    ['inside a block with always', '- block:\n    - include_tasks: inc.yml\n  always:\n    - debug: msg=always', { ok: 3, skipped: 0 }],
    ['a loop: once per item', '- include_tasks: inc.yml\n  loop: [1, 2]', { ok: 4, skipped: 0 }],
    ['behind a false when: a skip', '- include_tasks: inc.yml\n  when: false', { ok: 0, skipped: 1 }],
    ['include_role: only its tasks', '- include_role: name=r', { ok: 1, skipped: 0 }],
  ])('%s', async (_what, tasks, expected) => {
    expect(await recap(tasks)).toEqual(expected);
  });
});
