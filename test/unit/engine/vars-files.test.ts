/**
 * vars_files before the run: a literal entry none of whose files exists is refused with its place
 * when no earlier play could have written it; templated entries, and entries of plays after a play
 * with tasks, are left for the run (which fails the hosts with the place).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../playbook/test-modules.js';
import type { RunOptions } from '../../../src/engine/index.js';
import { checkPlays } from '../../../src/engine/run.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';

let dir: string;
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-vars-files-'));
  await fs.writeFile(at('hosts.ini'), 'web1\n[db]\n');
  await fs.writeFile(at('present.yml'), 'a: 1\n');
  await fs.mkdir(at('vars'));
  await fs.writeFile(at('vars/in-vars-dir.yml'), 'b: 2\n');
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const TASKS = '  tasks:\n    - t_command: ls\n';

/** The problems checkPlays finds in a playbook written with these plays, formatted; '' when none. */
async function problems(name: string, plays: string): Promise<string> {
  await fs.writeFile(at(name), plays);
  const opts = { playbooks: [await loadPlaybook(at(name))], inventory: await loadInventory([at('hosts.ini')]), extraVars: {} } as unknown as RunOptions;
  try {
    checkPlays(opts);
    return '';
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors.map(formatLocated).join('\n').replaceAll(dir + path.sep, '');
    throw e;
  }
}

describe('vars_files checked before the run', () => {
  it.each([
    {
      what: 'a missing file of the first play',
      plays: `- hosts: all\n  vars_files:\n    - present.yml\n    - missing.yml\n${TASKS}`,
      out: "p1.yml:4:7: vars file 'missing.yml' was not found\n  4 |     - missing.yml\n    |       ^\n  looked for: ",
    },
    {
      what: 'alternatives none of which exists',
      plays: `- hosts: all\n  vars_files:\n    - [a.yml, b.yml]\n${TASKS}`,
      out: "p2.yml:3:7: none of the vars files 'a.yml', 'b.yml' was found\n  3 |     - [a.yml, b.yml]\n    |       ^",
    },
    {
      what: 'a missing file of a play after plays without tasks',
      plays: `- hosts: all\n  tasks: []\n- hosts: all\n  vars_files: missing.yml\n${TASKS}`,
      out: "p3.yml:4:15: vars file 'missing.yml' was not found",
    },
  ])('$what is refused', async ({ plays, out }) => {
    expect(await problems(out.slice(0, out.indexOf(':')), plays)).toContain(out);
  });

  it.each([
    { what: 'a file that exists', vf: '[present.yml]' },
    { what: 'a file found in vars/, as Ansible looks there first', vf: '[in-vars-dir.yml]' },
    { what: 'alternatives of which one exists', vf: '[[missing.yml, present.yml]]' },
    { what: 'a templated name', vf: '["{{ env }}.yml"]' },
    { what: 'alternatives with a templated one', vf: '[[missing.yml, "{{ env }}.yml"]]' },
  ])('$what is fine', async ({ vf }) => {
    expect(await problems('ok.yml', `- hosts: all\n  vars_files: ${vf}\n${TASKS}`)).toBe('');
  });

  it('a play after a play with tasks may use a file that play writes: left for the run', async () => {
    expect(await problems('later.yml', `- hosts: all\n${TASKS}- hosts: all\n  vars_files: [written-by-the-first-play.yml]\n${TASKS}`)).toBe('');
  });

  it('a play that matches no host is skipped, its vars_files unread, as Ansible does', async () => {
    expect(await problems('nohosts.yml', `- hosts: db\n  vars_files: [missing.yml]\n${TASKS}`)).toBe('');
  });
});
