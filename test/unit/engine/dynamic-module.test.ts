/**
 * `action: "{{ name }} ..."`: the module's name is rendered when the task runs (after its `when`),
 * with the host's variables, and the module's arguments are parsed and checked then, as Ansible's
 * post_validate. Real playbooks from a temp dir, one host on the local connection.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runPlaybooks } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { inventory } from '../../helpers/local-inventory.js';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

async function run(tasks: string): Promise<Array<{ status: string; msg: unknown }>> {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-dynamic-'));
  const site = path.join(dir, 'site.yml');
  writeFileSync(site, `- hosts: all\n  gather_facts: false\n  vars: { m: debug, fact: set_fact }\n  tasks:\n${tasks.replace(/^/gm, '    ')}\n`);
  const book = await loadPlaybook(site);
  const events: EngineEvent[] = [];
  await runPlaybooks({
    playbooks: [book], inventory: inventory(), extraVars: {}, check: false, diff: false, tags: [], skipTags: [], forks: 1,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e) => void events.push(e),
  });
  return events.flatMap((e) => (e.type === 'host_task_result' ? [{ status: e.status, msg: e.result.msg }] : []));
}

describe('a templated module name is resolved when the task runs', () => {
  it.each([
    ['the string form, free words parsed for the module', '- action: "{{ m }} msg=hi"', [{ status: 'ok', msg: 'hi' }]],
    ['the mapping form with args:', '- action:\n    module: "{{ m }}"\n  args: { msg: mapped }', [{ status: 'ok', msg: 'mapped' }]],
    ['a loop renders it per item', '- action: "{{ item }} msg=x"\n  loop: [debug]', [{ status: 'ok', msg: 'x' }, { status: 'ok', msg: 'All items completed' }]],
    ['a name that is no module fails the task', '- action: "{{ \'nosuch_module\' }}"\n  ignore_errors: true', [{ status: 'failed', msg: expect.stringMatching(/^couldn't resolve module\/action 'nosuch_module'/) }]],
    ["arguments are checked for the module it names", '- action: "{{ m }} nope=1"\n  ignore_errors: true', [{ status: 'failed', msg: 'Unsupported parameters for (debug) module: nope' }]],
    ['words the module cannot take fail the task', '- action: "{{ fact }} two words"\n  ignore_errors: true', [{ status: 'failed', msg: expect.stringContaining("takes key=value arguments, not free-form text") }]],
    ['behind a false when, an undefined name is never rendered', '- action: "{{ undefined_name }}"\n  when: false', [{ status: 'skipped', msg: undefined }]],
  ])('%s', async (_what, tasks, expected) => {
    expect(await run(tasks)).toEqual(expected);
  });

  it('the resolved set_fact sets host variables, seen by later items and tasks (not facts)', async () => {
    const tasks = '- action: "{{ fact }} x={{ item }}"\n  loop: [1, 2]\n- debug: msg="{{ x }} {{ ansible_facts.x | default(\'none\') }}"';
    expect((await run(tasks)).at(-1)).toEqual({ status: 'ok', msg: '2 none' });
  });
});
