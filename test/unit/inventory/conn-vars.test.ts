/**
 * Connection variables an inventory fixes literally (ansible_port, ansible_timeout) are checked when
 * it is read: a value that can never connect is an error at its line; templates wait for the run.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connVarProblem } from '../../../src/inventory/conn-vars.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { formatted, rejection } from './helpers.js';

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

describe('an inventory with a literal bad port is refused where it is written', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-conn-vars-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function shown(files: Record<string, string>, source: string): Promise<string> {
    const base = await fs.mkdtemp(path.join(dir, 'inv-'));
    for (const [name, text] of Object.entries(files)) {
      await fs.mkdir(path.dirname(path.join(base, name)), { recursive: true });
      await fs.writeFile(path.join(base, name), text);
    }
    return formatted(await rejection(loadInventory([path.join(base, source)]))).replaceAll(base + path.sep, '');
  }

  it.each<{ what: string; files: Record<string, string>; out: string }>([
    {
      what: 'a YAML host var',
      files: { 'hosts.yml': 'all:\n  hosts:\n    web1:\n      ansible_port: abc\n' },
      out: 'hosts.yml:4:21: ansible_port must be a port number from 1 to 65535, not "abc"\n  4 |       ansible_port: abc\n    |                     ^',
    },
    {
      what: 'a YAML group var',
      files: { 'hosts.yml': 'web:\n  hosts:\n    web1:\n  vars:\n    ansible_port: 99999\n' },
      out: 'hosts.yml:5:19: ansible_port must be a port number from 1 to 65535, not 99999\n  5 |     ansible_port: 99999\n    |                   ^',
    },
    {
      what: 'an INI host line',
      files: { 'hosts.ini': '[web]\nweb1 ansible_host=10.0.0.1 ansible_port=twenty\n' },
      out: 'hosts.ini:2:41: ansible_port must be a port number from 1 to 65535, not "twenty"\n  2 | web1 ansible_host=10.0.0.1 ansible_port=twenty\n    |                                         ^',
    },
    {
      what: 'an INI [group:vars] line',
      files: { 'hosts.ini': '[web]\nweb1\n[web:vars]\nansible_timeout = soon\n' },
      out: 'hosts.ini:4:19: ansible_timeout must be a positive number of seconds, not "soon"\n  4 | ansible_timeout = soon\n    |                   ^',
    },
    {
      what: 'an ansible-inventory --list JSON host var',
      files: { 'inv.json': '{"_meta": {"hostvars": {"web1": {"ansible_port": "abc"}}},\n "all": {"children": ["web"]},\n "web": {"hosts": ["web1"]}}\n' },
      out: 'inv.json:1:50: ansible_port must be a port number from 1 to 65535, not "abc"',
    },
    {
      what: 'a host_vars file',
      files: { 'hosts.ini': 'web1\n', 'host_vars/web1.yml': 'ansible_user: deploy\nansible_port: "abc"\n' },
      out: 'host_vars/web1.yml:2:15: ansible_port must be a port number from 1 to 65535, not "abc"\n  2 | ansible_port: "abc"\n    |               ^',
    },
  ])('$what', async ({ files, out }) => {
    expect(await shown(files, Object.keys(files)[0])).toContain(out);
  });

  it('templated values and good ports load', async () => {
    const base = await fs.mkdtemp(path.join(dir, 'ok-'));
    await fs.writeFile(path.join(base, 'hosts.yml'), 'all:\n  hosts:\n    a: {ansible_port: "{{ port }}"}\n    b: {ansible_port: 2222, ansible_timeout: 5}\n    c:2200:\n');
    await fs.writeFile(path.join(base, 'hosts.ini'), 'd ansible_port=22\n[all:vars]\nansible_ssh_port={{ p }}\n');
    const inv = await loadInventory([path.join(base, 'hosts.yml'), path.join(base, 'hosts.ini')]);
    expect([...inv.hosts.keys()]).toEqual(['a', 'b', 'c', 'd']);
  });
});
