/**
 * Connection variables an inventory fixes literally (ansible_port, ansible_timeout) are checked when
 * it is read: a value that can never connect keeps its located error with the group or host that
 * sets it, and the inventory loads as Ansible reads it. A host's problem is the one of the value in
 * effect for it after precedence (hostConnProblems); templates wait for the run.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connVarProblem } from '../../../src/inventory/conn-vars.js';
import { hostConnProblems, hostVars, loadInventory, loadVarsDirs, type Inventory, type VarsDirs } from '../../../src/inventory/index.js';
import { formatted } from './helpers.js';

describe('connVarProblem', () => {
  it.each([
    ['ansible_port', 22],
    ['ansible_port', '2222'],
    ['ansible_port', ' 22 '],
    ['ansible_port', 65535],
    ['ansible_ssh_port', '{{ port }}'],
    ['ansible_port', null],
    ['ansible_port', ''],
    ['ansible_timeout', 30],
    ['ansible_timeout', '2.5'],
    ['ansible_ssh_timeout', '{{ t | int }}'],
    ['ansible_user', 'x;y'],
    ['other', 'abc'],
  ])('%s: %j is fine (or not checked here)', (name, value) => {
    expect(connVarProblem(name, value)).toBeUndefined();
  });

  it.each([
    ['ansible_port', 'abc', 'ansible_port must be a port number from 1 to 65535, not "abc"'],
    ['ansible_port', 99999, 'ansible_port must be a port number from 1 to 65535, not 99999'],
    ['ansible_port', 0, 'ansible_port must be a port number from 1 to 65535, not 0'],
    ['ansible_port', 'twenty', 'ansible_port must be a port number from 1 to 65535, not "twenty"'],
    ['ansible_port', 22.5, 'ansible_port must be a port number from 1 to 65535, not 22.5'],
    ['ansible_ssh_port', '-1', 'ansible_ssh_port must be a port number from 1 to 65535, not "-1"'],
    ['ansible_port', [22], 'ansible_port must be a port number from 1 to 65535, not a list'],
    ['ansible_port', true, 'ansible_port must be a port number from 1 to 65535, not true'],
    ['ansible_timeout', 'soon', 'ansible_timeout must be a positive number of seconds, not "soon"'],
    ['ansible_ssh_timeout', 0, 'ansible_ssh_timeout must be a positive number of seconds, not 0'],
  ])('%s: %j is refused', (name, value, message) => {
    expect(connVarProblem(name, value)).toBe(message);
  });
});

describe('a literal bad value is kept with its place, and the inventory loads', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-conn-vars-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  /** The files written in a fresh directory; the inventory of the sources given (default: the first file), and the playbook-side dirs of `play/`. */
  async function load(files: Record<string, string>, sources = [Object.keys(files)[0]]): Promise<{ inv: Inventory; play: VarsDirs; base: string }> {
    const base = await fs.mkdtemp(path.join(dir, 'inv-'));
    await fs.mkdir(path.join(base, 'play'));
    for (const [name, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(base, name)), { recursive: true });
      await fs.writeFile(path.join(base, name), text);
    }
    return { inv: await loadInventory(sources.map((s) => path.join(base, s))), play: await loadVarsDirs(path.join(base, 'play')), base };
  }

  /** The host's problems as the CLI shows them, paths relative to the test's directory. */
  function shown(inv: Inventory, base: string, host: string, extra: VarsDirs[] = [], over: Record<string, unknown> = {}): string {
    return formatted([...hostConnProblems(inv, host, extra, over).values()]).replaceAll(base + path.sep, '');
  }

  it.each<{ what: string; files: Record<string, string>; value: unknown; out: string }>([
    {
      what: 'a YAML host var',
      files: { 'hosts.yml': 'all:\n  hosts:\n    web1:\n      ansible_port: abc\n' },
      value: 'abc',
      out: 'hosts.yml:4:21: ansible_port must be a port number from 1 to 65535, not "abc"\n  4 |       ansible_port: abc\n    |                     ^',
    },
    {
      what: 'a YAML group var',
      files: { 'hosts.yml': 'web:\n  hosts:\n    web1:\n  vars:\n    ansible_port: 99999\n' },
      value: 99999,
      out: 'hosts.yml:5:19: ansible_port must be a port number from 1 to 65535, not 99999\n  5 |     ansible_port: 99999\n    |                   ^',
    },
    {
      what: 'an INI host line',
      files: { 'hosts.ini': '[web]\nweb1 ansible_host=10.0.0.1 ansible_port=twenty\n' },
      value: 'twenty',
      out: 'hosts.ini:2:41: ansible_port must be a port number from 1 to 65535, not "twenty"\n  2 | web1 ansible_host=10.0.0.1 ansible_port=twenty\n    |                                         ^',
    },
    {
      what: 'an INI [group:vars] line',
      files: { 'hosts.ini': '[web]\nweb1\n[web:vars]\nansible_timeout = soon\n' },
      value: undefined,
      out: 'hosts.ini:4:19: ansible_timeout must be a positive number of seconds, not "soon"\n  4 | ansible_timeout = soon\n    |                   ^',
    },
    {
      what: 'an ansible-inventory --list JSON host var',
      files: { 'inv.json': '{"_meta": {"hostvars": {"web1": {"ansible_port": "abc"}}},\n "all": {"children": ["web"]},\n "web": {"hosts": ["web1"]}}\n' },
      value: 'abc',
      out: 'inv.json:1:50: ansible_port must be a port number from 1 to 65535, not "abc"\n  1 | {"_meta": {"hostvars": {"web1": {"ansible_port": "abc"}}},\n    |                                                  ^',
    },
    {
      what: 'a JSON group var',
      files: { 'inv.json': '{"_meta": {"hostvars": {}},\n "web": {"hosts": ["web1"], "vars": {"ansible_ssh_port": 0}}}\n' },
      value: undefined,
      out: 'inv.json:2:58: ansible_ssh_port must be a port number from 1 to 65535, not 0\n  2 |  "web": {"hosts": ["web1"], "vars": {"ansible_ssh_port": 0}}}\n    |                                                          ^',
    },
    {
      what: 'a host_vars file',
      files: { 'hosts.ini': 'web1\n', 'host_vars/web1.yml': 'ansible_user: deploy\nansible_port: "abc"\n' },
      value: 'abc',
      out: 'host_vars/web1.yml:2:15: ansible_port must be a port number from 1 to 65535, not "abc"\n  2 | ansible_port: "abc"\n    |               ^',
    },
    {
      what: 'a group_vars directory file',
      files: { 'hosts.ini': '[web]\nweb1\n', 'group_vars/web/conn.yml': 'ansible_timeout: -3\n' },
      value: undefined,
      out: 'group_vars/web/conn.yml:1:18: ansible_timeout must be a positive number of seconds, not -3\n  1 | ansible_timeout: -3\n    |                  ^',
    },
    {
      what: 'an INI host line with a password: the excerpt masks it',
      files: { 'hosts.ini': 'web1 ansible_password=hunter2 ansible_port=abc\n' },
      value: 'abc',
      out: 'hosts.ini:1:44: ansible_port must be a port number from 1 to 65535, not "abc"\n  1 | web1 ansible_password=******** ansible_port=abc\n    |                                            ^',
    },
  ])('$what', async ({ files, value, out }) => {
    const { inv, base } = await load(files);
    expect(shown(inv, base, 'web1')).toBe(out);
    if (value !== undefined) expect(hostVars(inv, 'web1').ansible_port).toBe(value); // kept as written, as ansible-inventory shows it
  });

  it.each<{ what: string; files: Record<string, string>; sources?: string[]; host?: string; over?: Record<string, unknown>; out: string }>([
    {
      what: 'a bad group var overridden by a good host var',
      files: { 'hosts.yml': 'web:\n  hosts:\n    web1: {ansible_port: 2222}\n  vars: {ansible_port: abc}\n' },
      out: '',
    },
    {
      what: 'a bad group var for a host of the group',
      files: { 'hosts.yml': 'web:\n  hosts:\n    web1:\n    web2: {ansible_port: 22}\n  vars: {ansible_port: abc}\n' },
      out: 'hosts.yml:5:24: ansible_port must be a port number from 1 to 65535, not "abc"',
    },
    {
      what: 'a bad group var does not reach a host outside the group',
      files: { 'hosts.yml': 'web:\n  hosts:\n    other:\n  vars: {ansible_port: abc}\ndb:\n  hosts:\n    web1:\n' },
      out: '',
    },
    {
      what: 'a bad `all` var overridden by a child group',
      files: { 'hosts.ini': 'web1\n[web]\nweb1\n[all:vars]\nansible_port=abc\n[web:vars]\nansible_port=22\n' },
      out: '',
    },
    {
      what: 'a good group var overridden by a bad one of a deeper group',
      files: { 'hosts.ini': '[web]\nweb1\n[parent:children]\nweb\n[parent:vars]\nansible_port=22\n[web:vars]\nansible_port=abc\n' },
      out: 'hosts.ini:8:14: ansible_port must be a port number from 1 to 65535, not "abc"',
    },
    {
      what: 'a bad inline value overridden by host_vars',
      files: { 'hosts.ini': 'web1 ansible_port=abc\n', 'host_vars/web1.yml': 'ansible_port: 2200\n' },
      out: '',
    },
    {
      what: 'a good inline value overridden by a bad group_vars file',
      files: { 'hosts.ini': '[web]\nweb1\n[web:vars]\nansible_port=22\n', 'group_vars/web.yml': 'ansible_port: abc\n' },
      out: 'group_vars/web.yml:1:15: ansible_port must be a port number from 1 to 65535, not "abc"',
    },
    {
      what: 'a bad value of an earlier source overridden by a later one',
      files: { 'a.ini': 'web1 ansible_port=abc\n', 'b.ini': 'web1 ansible_port=22\n' },
      sources: ['a.ini', 'b.ini'],
      out: '',
    },
    {
      what: 'a good value of an earlier source overridden by a bad later one',
      files: { 'a.ini': 'web1 ansible_port=22\n', 'b.yml': 'all:\n  hosts:\n    web1: {ansible_port: abc}\n' },
      sources: ['a.ini', 'b.yml'],
      out: 'b.yml:3:26: ansible_port must be a port number from 1 to 65535, not "abc"',
    },
    {
      what: "a bad ansible_ssh_port where ansible_port is set (ansible_port is read)",
      files: { 'hosts.ini': 'web1 ansible_port=22 ansible_ssh_port=abc\n' },
      out: '',
    },
    {
      what: 'a bad ansible_port where ansible_ssh_port is good (ansible_port is read)',
      files: { 'hosts.ini': 'web1 ansible_port=abc ansible_ssh_port=22\n' },
      out: 'hosts.ini:1:19: ansible_port must be a port number from 1 to 65535, not "abc"',
    },
    {
      what: 'the port of the host pattern wins over a bad ansible_port',
      files: { 'hosts.yml': 'all:\n  hosts:\n    web1:2222: {ansible_port: abc}\n' },
      out: '',
    },
    {
      what: 'a bad value that variables above the inventory override (-e)',
      files: { 'hosts.ini': 'web1 ansible_port=abc ansible_timeout=soon\n' },
      over: { ansible_port: 22 },
      out: 'hosts.ini:1:39: ansible_timeout must be a positive number of seconds, not "soon"',
    },
    {
      what: 'a bad playbook-side host_vars file',
      files: { 'hosts.ini': 'web1 ansible_port=22\n', 'play/host_vars/web1.yml': 'ansible_port: abc\n' },
      out: 'play/host_vars/web1.yml:1:15: ansible_port must be a port number from 1 to 65535, not "abc"',
    },
    {
      what: 'a bad inventory value overridden by a playbook-side group_vars file',
      files: { 'hosts.ini': '[web]\nweb1\n[web:vars]\nansible_port=abc\n', 'play/group_vars/web.yml': 'ansible_port: 22\n' },
      out: '',
    },
  ])('$what', async ({ files, sources, host = 'web1', over, out }) => {
    const { inv, play, base } = await load(files, sources);
    const got = shown(inv, base, host, [play], over).split('\n')[0];
    expect(got).toBe(out);
  });

  it('templated values and good ports have no problem', async () => {
    const { inv } = await load(
      { 'hosts.yml': 'all:\n  hosts:\n    a: {ansible_port: "{{ port }}"}\n    b: {ansible_port: 2222, ansible_timeout: 5}\n    c:2200:\n', 'hosts.ini': 'd ansible_port=22\n[all:vars]\nansible_ssh_port={{ p }}\n' },
      ['hosts.yml', 'hosts.ini'],
    );
    expect([...inv.hosts.keys()]).toEqual(['a', 'b', 'c', 'd']);
    expect([...inv.hosts.keys()].map((h) => hostConnProblems(inv, h).size)).toEqual([0, 0, 0, 0]);
  });
});
