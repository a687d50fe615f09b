/**
 * YAML that must never run, refused as every other YAML error is (exit 4, file:line and the line,
 * nothing contacted): alias bombs in a playbook and an inventory, a NUL byte in a quoted scalar, and a
 * huge one-line playbook whose error excerpt is a window, not the whole line.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aliasBomb } from '../../helpers/yaml-bomb.js';
import { runCli } from './run-cli.js';

describe('bad YAML on the command line', () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-badyaml-'));
    // nothing listens at this address: contacting it would also be exit 4 (unreachable), after a PLAY RECAP
    await fs.writeFile(file('inventory.ini'), 'web1 ansible_host=127.0.0.1 ansible_port=9\n');
    await fs.writeFile(file('bomb-play.yml'), `- hosts: all\n  vars:\n${aliasBomb(6, 10).replace(/^/gm, '    ').trimEnd()}\n  tasks:\n    - debug: { var: a5 }\n`);
    await fs.writeFile(file('bomb-inv.yml'), `all:\n  vars:\n${aliasBomb(6, 10).replace(/^/gm, '    ').trimEnd()}\n  hosts:\n    web1: { ansible_host: 127.0.0.1, ansible_port: 9 }\n`);
    await fs.writeFile(file('ok.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: hi }\n');
    await fs.writeFile(file('nul.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: { msg: "a\u0000b" }\n');
    await fs.mkdir(file('roles/r/meta'), { recursive: true });
    await fs.mkdir(file('roles/r/tasks'), { recursive: true });
    await fs.writeFile(file('roles/r/meta/main.yml'), 'dependencies: [a\n');
    await fs.writeFile(file('roles/r/tasks/main.yml'), '- debug: { msg: hi }\n');
    await fs.writeFile(file('role-play.yml'), '- hosts: all\n  roles: [r]\n');
    // a 30 MB flow-style playbook on one line with an error at its end
    const pad = 'x'.repeat(30_000_000);
    await fs.writeFile(file('huge.yml'), `[{hosts: all, vars: {pad: "${pad}"}, tasks: [{debug: {msg: hi}}]}, ]]\n`);
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('an alias bomb in a playbook: exit 4 at the alias, with the line', async () => {
    const r = await runCli(['play', file('bomb-play.yml'), '-i', file('inventory.ini')]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`${file('bomb-play.yml')}:6:\\d+: YAML aliases expand to more than`));
    expect(r.stderr).toContain('  6 |     a3: &a3 [*a2');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('an alias bomb in an inventory: exit 4 at the alias, with the line', async () => {
    const r = await runCli(['play', file('ok.yml'), '-i', file('bomb-inv.yml')]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(new RegExp(`${file('bomb-inv.yml')}:6:\\d+: YAML aliases expand to more than`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const inv = await runCli(['inventory', '-i', file('bomb-inv.yml'), '--list']);
    expect(inv.code, inv.stderr).toBe(4);
  });

  it('a NUL byte in a quoted scalar: exit 4, located', async () => {
    const r = await runCli(['play', file('nul.yml'), '-i', file('inventory.ini')]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`${file('nul.yml')}:4:23: YAML syntax error: the character U+0000 is not allowed in YAML`);
    expect(r.stderr).not.toContain('\u0000');
  });

  it("a YAML error in a role's meta/main.yml: exit 4, located in that file", async () => {
    const r = await runCli(['play', file('role-play.yml'), '-i', file('inventory.ini')]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain(`${file('roles/r/meta/main.yml')}:2:1: YAML syntax error`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('an error at the end of a 30 MB line shows a window of the line, not the line', async () => {
    const r = await runCli(['play', file('huge.yml'), '-i', file('inventory.ini')]);
    expect(r.code).toBe(4);
    expect(r.stderr.length).toBeLessThan(4000);
    expect(r.stderr).toMatch(/\| …x+"\}, tasks: \[\{debug: \{msg: hi\}\}\]\}, \]\]/);
  });
});
