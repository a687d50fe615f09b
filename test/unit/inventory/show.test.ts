import { describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { inventoryGraph, inventoryHost, inventoryList } from '../../../src/inventory/show.js';
import { pyStr } from '../../../src/py/repr.js';
import { fixture } from './helpers.js';

describe('ansible-inventory views', () => {
  it('--list: groups with hosts and children, empty ones left out, merged vars per host, keys sorted', async () => {
    const inv = await loadInventory(['b1,', fixture('ini/hosts.ini')]);
    const list = inventoryList(inv) as Record<string, any>;
    expect(Object.keys(list)).toEqual(['_meta', 'all', 'db', 'prod', 'ungrouped', 'web']);
    expect(list.all).toEqual({ children: ['ungrouped', 'prod'] });
    expect(list.prod).toEqual({ children: ['web', 'db'] });
    expect(list.ungrouped).toEqual({ hosts: ['b1', 'mail.example.com', 'jump'] });
    expect(list.db).toEqual({ hosts: ['db-a', 'db-b', 'db-c'] });
    expect(Object.keys(list._meta.hostvars)).toEqual(['b1', 'db-a', 'db-b', 'db-c', 'jump', 'mail.example.com', 'web1', 'web2', 'web3', 'web4']);
    expect(list._meta.hostvars['db-a']).toEqual({ ansible_port: 5432, env: 'prod', ntp: 'pool.ntp.org' });
    expect(Object.keys(list._meta.hostvars.web1)).toEqual([...Object.keys(list._meta.hostvars.web1)].sort());
  });

  it('--list leaves out hosts without variables', async () => {
    const list = inventoryList(await loadInventory(['a,b,'])) as Record<string, any>;
    expect(list).toEqual({ _meta: { hostvars: {} }, all: { children: ['ungrouped'] }, ungrouped: { hosts: ['a', 'b'] } });
  });

  it('--graph: child groups then hosts, sorted by name', async () => {
    const inv = await loadInventory([fixture('yaml/hosts.yml')]);
    expect(inventoryGraph(inv)).toMatchInlineSnapshot(`
      "@all:
        |--@db:
        |  |--db1
        |  |--db2
        |--@empty:
        |--@staging:
        |  |--db1
        |  |--web01.example.com
        |--@ungrouped:
        |  |--bastion.example.com
        |--@web:
        |  |--@nginx:
        |  |  |--web01.example.com
        |  |--web-a
        |  |--web-b
        |  |--web01.example.com
        |  |--web02.example.com
        |  |--web03.example.com"
    `);
    expect(inventoryGraph(inv, 'web')).toMatchInlineSnapshot(`
      "@web:
        |--@nginx:
        |  |--web01.example.com
        |--web-a
        |--web-b
        |--web01.example.com
        |--web02.example.com
        |--web03.example.com"
    `);
  });

  it('--graph --vars: host and group variables in Python notation', async () => {
    const inv = await loadInventory([fixture('ini/hosts.ini')]);
    expect(inventoryGraph(inv, 'web', true)).toMatchInlineSnapshot(`
      "@web:
        |--web1
        |  |--{http_port = 8080}
        |  |--{opts = -a -b}
        |--web2
        |  |--{http_port = 8080}
        |  |--{opts = -a -b}
        |--web3
        |  |--{http_port = 8080}
        |  |--{opts = -a -b}
        |--web4
        |  |--{ansible_become = True}
        |  |--{flag = True}
        |  |--{mode = 0644}
        |  |--{ports = [80, 443]}
        |  |--{ratio = 0.5}
        |--{ansible_ssh_common_args = -o ProxyJump=jump}
        |--{max = 10}
        |--{raw = value with spaces # and a hash}
        |--{tier = web}"
    `);
  });

  it('--graph of an unknown group throws', async () => {
    const inv = await loadInventory(['a,']);
    expect(() => inventoryGraph(inv, 'nope')).toThrow("group 'nope' is not in the inventory");
  });

  it('--host: the merged variables, keys sorted', async () => {
    const inv = await loadInventory([fixture('dir')]);
    expect(inventoryHost(inv, 'web1')).toEqual({ dns: '192.0.2.53', port: 9000, role: 'web', tls: true });
    expect(Object.keys(inventoryHost(inv, 'web1'))).toEqual(['dns', 'port', 'role', 'tls']);
  });

  it('pyStr writes values as Python str() does', () => {
    expect(pyStr('text')).toBe('text');
    expect(pyStr(true)).toBe('True');
    expect(pyStr(null)).toBe('None');
    expect(pyStr([1, 'a', false])).toBe("[1, 'a', False]");
    expect(pyStr({ k: "it's" })).toBe(`{'k': "it's"}`);
  });
});
