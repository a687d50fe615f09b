/** --syntax-check and --list-tasks see roles (play roles, import_role, include_role) without contacting any host. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('play --syntax-check / --list-tasks with roles', () => {
  let dir: string;
  const write = async (name: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-syntax-'));
    await write('inventory.ini', 'web1 ansible_host=192.0.2.1\n');
    await write('roles/web/tasks/main.yml', '- name: config\n  debug: { msg: hi }\n');
    await write('roles/db/tasks/main.yml', '- name: schema\n  debug: { msg: hi }\n');
    await write('roles/db/tasks/extra.yml', '- name: extra\n  debug: { msg: hi }\n');
    await write('roles/broken/tasks/main.yml', '- name: oops\n  debg: { msg: hi }\n');
    await write('good.yml', '- hosts: all\n  roles: [web]\n  tasks:\n    - import_role: { name: db, tasks_from: extra }\n    - include_role: { name: db }\n');
    await write('bad.yml', '- hosts: all\n  tasks:\n    - import_role: { name: broken }\n');
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('a valid playbook with roles passes', async () => {
    const r = await runCli(['play', path.join(dir, 'good.yml'), '--syntax-check']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`playbook: ${path.join(dir, 'good.yml')}`);
  });

  it("an error inside a role's file is found, located in that file (exit 4)", async () => {
    const r = await runCli(['play', path.join(dir, 'bad.yml'), '--syntax-check']);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${path.join(dir, 'roles/broken/tasks/main.yml')}:2:3`);
    expect(r.stderr).toContain("did you mean 'debug'?");
  });

  it('--list-tasks names role tasks as "role : task"', async () => {
    const r = await runCli(['play', path.join(dir, 'good.yml'), '-i', path.join(dir, 'inventory.ini'), '--list-tasks']);
    expect(r.code, r.stderr).toBe(0);
    const tasks = r.stdout.split('\n').filter((l) => /^ {6}\S/.test(l)).map((l) => l.trim().split('\t')[0]);
    expect(tasks).toEqual(['web : config', 'db : extra', 'include_role: db', 'db : schema']);
  });
});
