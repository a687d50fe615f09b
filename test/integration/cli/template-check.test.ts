/**
 * Template problems are found by the built CLI while it validates, before any host is contacted:
 * refused with exit 4 and their place (playbook and role files alike), or, for what Ansible has
 * and machinist lacks, a warning before the run. -e values are not playbook files: not checked.
 */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

describe('template checks at validation', () => {
  let dir: string;
  let listener: net.Server;
  let connections = 0;
  const file = (name: string) => path.join(dir, name);
  const write = async (name: string, text: string) => {
    await fs.mkdir(path.dirname(file(name)), { recursive: true });
    await fs.writeFile(file(name), text);
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-templates-'));
    // a host that counts the connections it gets: validation must make none
    listener = net.createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    const port = (listener.address() as net.AddressInfo).port;
    await write('inventory.ini', `web1 ansible_host=127.0.0.1 ansible_port=${port}\n`);
    await write('roles/r/tasks/main.yml', '- debug:\n    msg: hi\n  when: x is defind\n');
    await write('bad.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "{{ foo"\n');
    await write('role.yml', '- hosts: all\n  roles: [r]\n');
    await write('warn.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: "{{ x | win_splitdrive }}"\n');
  });
  afterAll(async () => {
    await new Promise((resolve) => listener?.close(resolve));
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('--syntax-check refuses a syntax error in a playbook and an unknown test in a role, each at its place (exit 4)', async () => {
    const r = await runCli(['play', file('bad.yml'), '--syntax-check']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`${file('bad.yml')}:5:21: template syntax error: expected '}}' (the end of the expression)\n  5 |         msg: "{{ foo"\n    |                     ^`);
    const role = await runCli(['play', file('role.yml'), '--syntax-check']);
    expect(role.code, role.stderr).toBe(4);
    expect(role.stderr).toContain(`${file('roles/r/tasks/main.yml')}:3:14: no test named 'defind' in machinist or Ansible\n  3 |   when: x is defind\n    |              ^\n  did you mean 'defined'?`);
  });

  it('a play against a real inventory is refused the same way, and no host is contacted', async () => {
    const r = await runCli(['play', file('bad.yml'), '-i', file('inventory.ini')]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`${file('bad.yml')}:5:21: template syntax error`);
    expect(connections).toBe(0);
  });

  it('a filter Ansible has but machinist lacks is a warning before the run; -e values may hold any template', async () => {
    const r = await runCli(['play', file('warn.yml'), '--syntax-check', '-e', 'y={{ a | defualt }}', '-e', '{"z": "{{ a | defualt }}"}']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`[WARNING]: ${file('warn.yml')}:5:22: the filter 'win_splitdrive' exists in Ansible but not in machinist: a task that uses it fails if it runs`);
    expect(r.stdout).toContain(`playbook: ${file('warn.yml')}`);
  });
});
