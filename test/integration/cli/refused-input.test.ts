/**
 * Bad input is refused before anything is contacted: bad options are exit 5, bad playbooks and
 * inventories exit 4 with file:line:col and the line. The inventory host is at a local port where
 * nothing listens: had machinist contacted it, the run would end with exit 4 too, as ansible-playbook's
 * (the first test shows it), but after a PLAY RECAP counting the host unreachable.
 */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('bad input is refused before any host is contacted', () => {
  let dir: string;
  let inv: string;
  const at = (name: string) => path.join(dir, name);
  const write = async (name: string, text: string) => {
    await fs.mkdir(path.dirname(at(name)), { recursive: true });
    await fs.writeFile(at(name), text);
    return at(name);
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-bad-input-'));
    inv = await write('hosts.ini', `web1 ansible_host=127.0.0.1 ansible_port=${await closedPort()}\n`);
    await write('ok.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n');
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('a good playbook reaches the host, which is unreachable (exit 4)', async () => {
    const r = await runCli(['play', at('ok.yml'), '-i', inv, '-T', '2']);
    expect(r.code, r.stderr + r.stdout).toBe(4);
    expect(r.stdout).toMatch(/web1\s+: ok=0 .*unreachable=1/);
  });

  it.each([
    { args: ['-e', 'justaword'], says: "--extra-vars: 'justaword' is not a key=value pair" },
    { args: ['-e', '[1,2]'], says: "--extra-vars: '[1,2]' must hold a mapping of variable names to values, not a list" },
    { args: ['-e', '=value'], says: "--extra-vars: '=value' is not a key=value pair: a variable needs a name before the =" },
    { args: ['-e', 'a-b c=1'], says: "--extra-vars: 'a-b' in 'a-b c=1' is not a key=value pair" },
    { args: ['-e', 'a-b=1'], says: "--extra-vars: 'a-b' (in 'a-b=1') is not a valid variable name" },
    { args: ['--become-user', 'x;id'], says: '--become-user: invalid user name "x;id"' },
    { args: ['-b', '--become-user', 'a b'], says: '--become-user: invalid user name "a b"' },
    { args: ['--private-key', '/nonexistent/id_ed25519'], says: '--private-key: cannot read /nonexistent/id_ed25519: no such file' },
  ])('play $args: exit 5, $says', async ({ args, says }) => {
    const r = await runCli(['play', at('ok.yml'), '-i', inv, ...args]);
    expect(r.code, r.stderr + r.stdout).toBe(5);
    expect(r.stderr).toContain(`ERROR: ${says}`);
    expect(r.stdout).not.toContain('RECAP');
  });

  it.each([
    { cmd: ['run', 'all', '-a', 'true', '-e', 'justaword'], says: "'justaword' is not a key=value pair" },
    { cmd: ['ping', '--private-key', '/nonexistent/key'], says: '--private-key: cannot read /nonexistent/key: no such file' },
    { cmd: ['ping', '--become-user', '$(id)'], says: '--become-user: invalid user name "$(id)"' },
  ])('$cmd: exit 5', async ({ cmd, says }) => {
    const r = await runCli([...cmd, '-i', inv]);
    expect(r.code, r.stderr + r.stdout).toBe(5);
    expect(r.stderr).toContain(says);
  });

  it.each([
    {
      what: 'a literal become_user that is no user name',
      file: 'become.yml',
      text: '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n      become: true\n      become_user: "x;id"\n',
      out: `become.yml:6:20: 'become_user' must be a user name, got "x;id"\n  6 |       become_user: "x;id"\n    |                    ^`,
    },
    {
      what: 'a role that does not exist (roles:)',
      file: 'role.yml',
      text: '- hosts: all\n  roles: [no_such_role]\n',
      out: "role.yml:2:11: the role 'no_such_role' was not found\n  2 |   roles: [no_such_role]\n    |           ^",
    },
    {
      what: 'a role that does not exist (import_role)',
      file: 'import.yml',
      text: '- hosts: all\n  tasks:\n    - import_role: {name: no_such_role}\n',
      out: "import.yml:3:7: the role 'no_such_role' was not found\n  3 |     - import_role: {name: no_such_role}\n    |       ^",
    },
    {
      what: 'a malformed host pattern',
      file: 'pattern.yml',
      text: '- hosts: "c[1:"\n  tasks: []\n',
      out: "pattern.yml:1:3: play \"c[1:\": malformed host pattern 'c[1:': unbalanced '[' and ']'\n  1 | - hosts: \"c[1:\"\n    |   ^",
    },
  ])('$what: exit 4 with the place and the line', async ({ file, text, out }) => {
    await write(file, text);
    const r = await runCli(['play', at(file), '-i', inv]);
    expect(r.code, r.stderr + r.stdout).toBe(4);
    expect(r.stderr.replaceAll(dir + path.sep, '')).toContain(`ERROR: ${out}`);
    expect(r.stderr).toContain('nothing was contacted or changed');
  });

  it('a missing literal vars_files entry: exit 4 with its line', async () => {
    await write('vf.yml', '- hosts: all\n  gather_facts: false\n  vars_files:\n    - [absent.yml, also-absent.yml]\n  tasks:\n    - command: "true"\n');
    const r = await runCli(['play', at('vf.yml'), '-i', inv]);
    expect(r.code, r.stderr + r.stdout).toBe(4);
    expect(r.stderr.replaceAll(dir + path.sep, '')).toContain(
      "ERROR: vf.yml:4:7: none of the vars files 'absent.yml', 'also-absent.yml' was found\n  4 |     - [absent.yml, also-absent.yml]\n    |       ^",
    );
  });

  it('a vars_files entry an earlier play may write is looked for when its play starts, and fails the host with its place', async () => {
    const local = await write('local.ini', 'here ansible_connection=local\n');
    await write('later.yml', '- hosts: all\n  gather_facts: false\n  tasks:\n    - command: "true"\n- hosts: all\n  gather_facts: false\n  vars_files: [not-written.yml]\n  tasks:\n    - command: "true"\n');
    const r = await runCli(['play', at('later.yml'), '-i', local]);
    expect(r.code, r.stderr + r.stdout).toBe(2);
    expect(r.stdout.replaceAll(dir + path.sep, '')).toContain("later.yml:7:16: vars file 'not-written.yml' was not found");
  });

  it.each([
    { value: 'abc', shown: '"abc"' },
    { value: '99999', shown: '99999' },
    { value: '"twenty"', shown: '"twenty"' },
  ])('an inventory with ansible_port $value on a targeted host: exit 4 with its line', async ({ value, shown }) => {
    const bad = await write(`bad-port-${value.replace(/\W/g, '')}.yml`, `all:\n  hosts:\n    web1:\n      ansible_host: 127.0.0.1\n      ansible_port: ${value}\n`);
    const r = await runCli(['play', at('ok.yml'), '-i', bad]);
    expect(r.code, r.stderr + r.stdout).toBe(4);
    const name = path.basename(bad);
    expect(r.stderr).toContain(`${name}:5:21: ansible_port must be a port number from 1 to 65535, not ${shown}\n  5 |       ansible_port: ${value}\n    |                     ^`);
    expect(r.stderr).toContain('nothing was contacted or changed');
  });

  describe('a bad literal ansible_port refuses only the commands that target its host', () => {
    // web1: a bad port; web2: a closed port (contacted: unreachable, exit 4); here: a local connection, whose port is never read
    const INVENTORY = (dead: string) =>
      [
        '[web]',
        'web1 ansible_host=127.0.0.1 ansible_port=abc',
        `web2 ansible_host=127.0.0.1 ansible_port=${dead}`,
        '[db]',
        'db1 ansible_host=127.0.0.1',
        '[db:vars]',
        'ansible_port=99999',
        '[local]',
        'here ansible_connection=local ansible_port=abc',
        '',
      ].join('\n');
    const WEB1 = 'mixed.ini:2:42: ansible_port must be a port number from 1 to 65535, not "abc"\n  2 | web1 ansible_host=127.0.0.1 ansible_port=abc\n    |                                          ^';
    const DB = 'mixed.ini:7:14: ansible_port must be a port number from 1 to 65535, not "99999"\n  7 | ansible_port=99999\n    |              ^';
    let mixed: string;
    beforeAll(async () => {
      const dead = /ansible_port=(\d+)/.exec(await fs.readFile(inv, 'utf8'))![1];
      mixed = await write('mixed.ini', INVENTORY(dead));
      await write('web2.yml', '- hosts: web2\n  gather_facts: false\n  tasks:\n    - command: "true"\n');
      await write('here.yml', '- hosts: here\n  gather_facts: false\n  tasks:\n    - command: "true"\n');
      await write('web.yml', '- hosts: web\n  gather_facts: false\n  tasks:\n    - command: "true"\n');
    });

    it.each([
      { what: 'a play on another host runs (the host is contacted: exit 4)', cmd: ['play', 'web2.yml'], code: 4, errors: [] },
      { what: 'a play on a local host whose port is bad runs (exit 0)', cmd: ['play', 'here.yml'], code: 0, errors: [] },
      { what: '--limit leaves the bad host out (exit 4)', cmd: ['play', 'web.yml', '--limit', 'web2'], code: 4, errors: [] },
      { what: '-e overrides the bad value (exit 4)', cmd: ['play', 'web.yml', '--limit', 'web1', '-e', '{"ansible_port": 1}'], code: 4, errors: [] },
      { what: 'a play on the bad host is refused', cmd: ['play', 'web.yml'], code: 4, errors: [WEB1] },
      { what: 'a play on all: each problem once', cmd: ['play', 'ok.yml'], code: 4, errors: [WEB1, DB] },
      { what: 'run on another host runs (exit 4)', cmd: ['run', 'web2', '-a', 'true'], code: 4, errors: [] },
      { what: 'run on the bad host is refused', cmd: ['run', 'web', '-a', 'true'], code: 4, errors: [WEB1] },
      { what: 'ping of a group with a bad group var is refused', cmd: ['ping', 'db'], code: 4, errors: [DB] },
      { what: 'ping of the local host runs (exit 0)', cmd: ['ping', 'here'], code: 0, errors: [] },
      { what: 'machines on another host runs (exit 4)', cmd: ['machines', 'web2'], code: 4, errors: [] },
      { what: 'machines on the bad host is refused', cmd: ['machines', 'web1'], code: 4, errors: [WEB1] },
    ])('$what', async ({ cmd, code, errors }) => {
      const [verb, first, ...rest] = cmd;
      const args = verb === 'play' ? [verb, at(first), ...rest] : [verb, first, ...rest];
      const r = await runCli([...args, '-i', mixed, '-T', '2']);
      expect(r.code, r.stderr + r.stdout).toBe(code);
      const err = r.stderr.replaceAll(dir + path.sep, '');
      for (const e of errors) expect(err).toContain(`ERROR: ${e}`);
      if (errors.length) {
        expect(err.match(/^ERROR: /gm)).toHaveLength(errors.length);
        expect(err).toContain('nothing was contacted or changed');
        expect(r.stdout).not.toContain('unreachable=');
      } else {
        expect(err).not.toContain('ansible_port must be');
        // contacted: exit 4 comes from the unreachable host, after its recap (run: its UNREACHABLE! line; machines: its table)
        if (code === 4 && verb !== 'machines') expect(r.stdout + r.stderr).toMatch(/unreachable=1|UNREACHABLE!/);
      }
    });

    it('inventory --list and --host show it as written (exit 0)', async () => {
      const list = await runCli(['inventory', '-i', mixed, '--list']);
      expect(list.code, list.stderr).toBe(0);
      expect(JSON.parse(list.stdout)._meta.hostvars.web1.ansible_port).toBe('abc');
      const host = await runCli(['inventory', '-i', mixed, '--host', 'db1']);
      expect(host.code, host.stderr).toBe(0);
      expect(JSON.parse(host.stdout).ansible_port).toBe('99999');
    });
  });

  it('a templated ansible_port stays a run-time matter (the host is contacted: exit 4)', async () => {
    const port = /ansible_port=(\d+)/.exec(await fs.readFile(inv, 'utf8'))![1];
    const templated = await write('templated.yml', `all:\n  hosts:\n    web1:\n      ansible_host: 127.0.0.1\n      ansible_port: "{{ dead_port }}"\n`);
    const r = await runCli(['play', at('ok.yml'), '-i', templated, '-e', `dead_port=${port}`, '-T', '2']);
    expect(r.code, r.stderr + r.stdout).toBe(4);
    expect(r.stdout).toMatch(/web1\s+: ok=0 .*unreachable=1/);
  });
});
