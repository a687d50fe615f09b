/**
 * Bad input refused cleanly by the built CLI, against a real sshd host: an include cycle fails the
 * host (exit 2) with bounded output; an undefined variable in `hosts:`, a malformed ad-hoc pattern
 * and a --start-at-task that names no task are refused before anything is contacted (exit 4, 4, 5).
 * Well-formed input that selects nothing stays a warning (exit 0), as in Ansible.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { recapOf, runCli } from './run-cli.js';

describe.skipIf(skipReason())('bad input refused cleanly', () => {
  let sshd: Sshd;
  let dir: string;
  let inventory: string;
  const write = async (name: string, text: string) => {
    await fs.mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await fs.writeFile(path.join(dir, name), text);
    return path.join(dir, name);
  };

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser('mbad');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-bad-input-'));
    inventory = await write(
      'inventory.yml',
      [
        'all:',
        '  hosts:',
        '    web1:',
        `      ansible_host: ${sshd.host}`,
        `      ansible_port: ${sshd.port}`,
        '      ansible_user: mbad',
        `      ansible_ssh_private_key_file: ${sshd.clientKeyPath}`,
        `      ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsPath}`,
      ].join('\n') + '\n',
    );
    await write('a.yml', `- name: in a\n  command: "true"\n- include_tasks: "{{ 'b.yml' }}"\n`);
    await write('b.yml', `- include_tasks: "{{ 'a.yml' }}"\n`);
    await write('bare-a.yml', `- include_tasks: "{{ 'bare-b.yml' }}"\n`);
    await write('bare-b.yml', `- include_tasks: "{{ 'bare-a.yml' }}"\n`);
    await write('steps.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - name: first\n      command: "true"\n    - name: second\n      command: "true"\n');
  });

  afterAll(async () => {
    await sshd?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const play = (file: string, extra: string[] = []) => runCli(['play', path.join(dir, file), '-i', inventory, ...extra], { timeoutMs: 60_000 });

  it.each([
    // nothing runs between the two entries of bare-a.yml: refused at once
    ['bare-a.yml', 'include cycle bare-a.yml → bare-b.yml → bare-a.yml: bare-a.yml is reached again with nothing run since it was entered, so it would never end', 2, 0],
    // a command runs on every level: the depth limit (250 nested includes) stops it
    ['a.yml', "include depth limit: more than 250 includes nested (include cycle a.yml → b.yml → a.yml never ended); a file that includes itself, directly or through others, needs a 'when:' that ends it", 250, 125],
  ])('a dynamic include cycle from %s fails the host (exit 2), with bounded output', async (first, message, included, commands) => {
    await write('cycle.yml', `- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: ${first}\n    - name: after\n      command: "true"\n`);
    const r = await play('cycle.yml');
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toContain(`fatal: [web1]: FAILED! => {"changed": false, "failed": true, "msg": "${message}"}`);
    expect(r.stdout.match(/^included: /gm)?.length).toBe(included);
    // each included file counts ok once, as Ansible counts it
    expect(recapOf(r.stdout, 'web1')).toMatchObject({ ok: included + commands, changed: commands, failed: 1 });
    expect(r.stdout).not.toContain('TASK [after]');
  });

  it.each([[[]], [['--list-hosts']], [['--list-tasks']]])("hosts: with an undefined variable is refused before anything is contacted (exit 4, Ansible's message) %j", async (extra) => {
    const file = await write('undefined-hosts.yml', '- hosts: "{{ nothere }}"\n  tasks:\n    - command: "true"\n');
    const r = await play('undefined-hosts.yml', extra);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`ERROR: ${file}:1:3: play "{{ nothere }}": the field 'hosts' has an invalid value, which includes an undefined variable: 'nothere' is undefined`);
    expect(r.stderr).toContain('nothing was contacted or changed');
    expect(r.stdout).toBe('');
  });

  it.each([
    [['run', '-i', 'INV', 'all:&', '-m', 'ping'], 4, `ERROR: host pattern 'all:&': malformed host pattern '&': '&' must be followed by a host or group\nnothing was contacted or changed\n`],
    [['ping', '-i', 'INV', 'web1:!'], 4, `ERROR: host pattern 'web1:!': malformed host pattern '!': '!' must be followed by a host or group\nnothing was contacted or changed\n`],
    [['run', '-i', 'INV', 'all', '-l', 'web1:&', '-m', 'ping'], 4, `ERROR: --limit 'web1:&': malformed host pattern '&': '&' must be followed by a host or group\nnothing was contacted or changed\n`],
  ])('a malformed ad-hoc pattern is refused naming it: %j', async (args, code, stderr) => {
    const r = await runCli(args.map((a) => (a === 'INV' ? inventory : a)), { timeoutMs: 60_000 });
    expect(r.code).toBe(code);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toBe('');
  });

  it('a well-formed ad-hoc pattern that matches no host is a warning and runs nothing (exit 0)', async () => {
    const r = await runCli(['run', '-i', inventory, 'nomatch', '-m', 'ping'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(`${r.stdout}${r.stderr}`).toContain('Could not match supplied host pattern, ignoring: nomatch');
  });

  it.each([
    ['no such task', `ERROR: --start-at-task 'no such task': no task has this name (Ansible: No matching task "no such task" found); nothing was contacted\n`],
    ['secnod', `ERROR: --start-at-task 'secnod': no task has this name (Ansible: No matching task "secnod" found); did you mean 'second'?; nothing was contacted\n`],
  ])('--start-at-task %j naming no task is refused before anything runs (exit 5)', async (name, stderr) => {
    const r = await play('steps.yml', ['--start-at-task', name]);
    expect(r.code).toBe(5);
    expect(r.stderr).toBe(stderr);
  });

  it('--start-at-task naming a task starts there (exit 0)', async () => {
    const r = await play('steps.yml', ['--start-at-task', 'second']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('TASK [second]');
    expect(r.stdout).not.toContain('TASK [first]');
    expect(recapOf(r.stdout, 'web1')).toMatchObject({ changed: 1, failed: 0 });
  });
});
