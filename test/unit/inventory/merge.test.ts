import { describe, expect, it } from 'vitest';
import { loadInventory, loadVarsDirs } from '../../../src/inventory/index.js';
import { groupNames, groupsVar, hostVars } from '../../../src/inventory/merge.js';
import type { Inventory, InventoryGroup } from '../../../src/inventory/types.js';
import { fixture } from './helpers.js';

describe('hostVars precedence', () => {
  it('layers inline vars, group_vars and host_vars of inventory and playbook as Ansible does', async () => {
    const inv = await loadInventory([fixture('precedence/inv/hosts.yml')]);
    const play = await loadVarsDirs(fixture('precedence/play'));
    expect(hostVars(inv, 'h1', [play])).toEqual({
      layer: 'host-inline', // host < child < parent < all
      only_all: 'all-inline',
      from_parent: 'parent',
      child_vs_parent: 'child',
      inline_vs_allfile: 'all-file', // group_vars/all beats any group's inline vars (Ansible's order)
      same_depth: 'beta', // equal depth: alphabetical, later wins
      prio: 'aaa-high', // ansible_group_priority 10 beats the default 1
      ansible_group_priority: 10,
      allfile_vs_groupfile: 'inv-parent', // inventory group_vars/GROUP beats playbook group_vars/all
      pb_vs_inv_all: 'play-all', // playbook side wins at the same level
      parent_file_vs_child_file: 'inv-child',
      pb_vs_inv_group: 'play-child',
      inline_vs_hostfile: 'host-file',
      hostfile: 'play',
    });
  });

  it('gives a host only the vars of its own groups', async () => {
    const inv = await loadInventory([fixture('precedence/inv/hosts.yml')]);
    expect(hostVars(inv, 'h2')).toEqual({
      layer: 'child-inline',
      only_all: 'all-inline',
      from_parent: 'parent',
      child_vs_parent: 'child',
      inline_vs_allfile: 'all-file',
      allfile_vs_groupfile: 'inv-parent',
      pb_vs_inv_all: 'inv-all',
      parent_file_vs_child_file: 'inv-child',
      pb_vs_inv_group: 'inv-child',
    });
  });

  it('uses the depth from all, so a deeper group wins even when listed first', () => {
    const inv = handMade(
      [
        { name: 'all', hosts: ['h'], children: ['zz', 'mid'], vars: { v: 'all' } },
        { name: 'zz', hosts: ['h'], children: [], vars: { v: 'zz' } },
        { name: 'mid', hosts: [], children: ['deep'], vars: { v: 'mid' } },
        { name: 'deep', hosts: ['h'], children: [], vars: { v: 'deep' } },
      ],
      ['h'],
    );
    expect(hostVars(inv, 'h').v).toBe('deep');
  });

  it('replaces whole values per key (no deep merge) and returns a copy', () => {
    const inv = handMade(
      [
        { name: 'all', hosts: ['h'], children: ['g'], vars: { d: { a: 1, b: 1 } } },
        { name: 'g', hosts: ['h'], children: [], vars: { d: { b: 2 } } },
      ],
      ['h'],
    );
    const v = hostVars(inv, 'h');
    expect(v).toEqual({ d: { b: 2 } });
    (v.d as Record<string, number>).b = 99;
    expect(inv.groups.get('g')!.vars).toEqual({ d: { b: 2 } });
  });

  it('honours a string ansible_group_priority from INI', async () => {
    const inv = handMade(
      [
        { name: 'all', hosts: ['h'], children: ['a', 'b'], vars: {} },
        { name: 'a', hosts: ['h'], children: [], vars: { v: 'a', ansible_group_priority: '5' } },
        { name: 'b', hosts: ['h'], children: [], vars: { v: 'b' } },
      ],
      ['h'],
    );
    expect(hostVars(inv, 'h').v).toBe('a');
  });

  it('gives the implicit localhost the all group and its host_vars; refuses unknown hosts', async () => {
    const inv = await loadInventory([fixture('precedence/inv/hosts.yml')]);
    expect(hostVars(inv, 'localhost', [{ group: {}, host: { localhost: { x: 1 } } }])).toMatchObject({ only_all: 'all-inline', inline_vs_allfile: 'all-file', x: 1 });
    expect(() => hostVars(inv, 'nope')).toThrow("host 'nope' is not in the inventory");
  });
});

describe('groupNames and groupsVar', () => {
  it('lists a host’s groups, ancestors included, sorted, without all', async () => {
    const inv = await loadInventory([fixture('precedence/inv/hosts.yml')]);
    expect(groupNames(inv, 'h1')).toEqual(['aaa', 'alpha', 'beta', 'child', 'parent', 'zeta']);
    expect(groupNames(inv, 'h2')).toEqual(['child', 'parent']);
  });

  it('keeps ungrouped in group_names of ungrouped hosts, as Ansible does', async () => {
    const inv = await loadInventory(['solo,']);
    expect(groupNames(inv, 'solo')).toEqual(['ungrouped']);
  });

  it('maps every group to its hosts, those of child groups included', async () => {
    const inv = await loadInventory([fixture('yaml/hosts.yml')]);
    const g = groupsVar(inv);
    expect(g.all).toEqual([...inv.hosts.keys()]);
    expect(g.ungrouped).toEqual(['bastion.example.com']);
    expect(g.web).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com', 'web-a', 'web-b']);
    expect(g.nginx).toEqual(['web01.example.com']);
    expect(g.empty).toEqual([]);
    expect(Object.keys(g)).toEqual(['all', 'ungrouped', 'web', 'nginx', 'db', 'staging', 'empty']);
  });
});

function handMade(groups: InventoryGroup[], hosts: string[]): Inventory {
  const gs = new Map(groups.map((g) => [g.name, g]));
  if (!gs.has('ungrouped')) gs.set('ungrouped', { name: 'ungrouped', hosts: [], children: [], vars: {} });
  return { sources: [], hosts: new Map(hosts.map((h) => [h, { name: h, vars: {} }])), groups: gs };
}
