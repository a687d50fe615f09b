import { describe, expect, it } from 'vitest';
import { addDynamicGroup, addDynamicHost } from '../../../src/inventory/dynamic.js';
import { groupNames, groupsVar, hostVars } from '../../../src/inventory/index.js';
import { parseIniInventory } from '../../../src/inventory/ini-source.js';
import { parseWith } from './helpers.js';

const INI = 'lone\n\n[web]\nw1\n\n[db]\nd1 role=db\n';
const inv = () => parseWith(parseIniInventory, INI, 'hosts.ini').inv;

// changed as Ansible's InventoryManager.add_dynamic_group / add_dynamic_host decides it
describe('group_by (add_dynamic_group)', () => {
  it.each<[string, Array<[string, string, string[]]>, boolean[], Record<string, string[]>]>([
    ['a new group under all', [['w1', 'new', ['all']]], [true], { new: ['w1'] }],
    ['the same again changes nothing', [['w1', 'new', ['all']], ['w1', 'new', ['all']]], [true, false], { new: ['w1'] }],
    ['a second host joins', [['w1', 'new', ['all']], ['d1', 'new', ['all']]], [true, true], { new: ['w1', 'd1'] }],
    ['an existing group the host is in', [['w1', 'web', ['all']]], [false], { web: ['w1'] }],
    ['a new parent group', [['w1', 'web', ['top']]], [true], { top: ['w1'], web: ['w1'] }],
    ['an ungrouped host leaves ungrouped', [['lone', 'g', ['all']]], [true], { g: ['lone'], ungrouped: [] }],
  ])('%s', (_what, calls, changed, groups) => {
    const i = inv();
    expect(calls.map(([h, g, p]) => addDynamicGroup(i, h, g, p))).toEqual(changed);
    expect(groupsVar(i)).toMatchObject(groups);
  });

  it('the host then has the group among its group_names', () => {
    const i = inv();
    addDynamicGroup(i, 'w1', 'new', ['all']);
    expect(groupNames(i, 'w1')).toEqual(['new', 'web']);
  });
});

describe('add_host (add_dynamic_host)', () => {
  it.each<[string, Array<[string, string[], Record<string, unknown>]>, boolean[], Record<string, string[]>]>([
    ['a new host', [['n1', [], {}]], [true], { ungrouped: ['lone', 'n1'] }],
    ['a new host in a new group', [['n1', ['g1', 'g2'], {}]], [true], { g1: ['n1'], g2: ['n1'], ungrouped: ['lone'] }],
    ['the same again changes nothing', [['n1', ['g1'], { a: 1 }], ['n1', ['g1'], { a: 1 }]], [true, false], { g1: ['n1'] }],
    ['a known host, new variables', [['d1', [], { x: 1 }]], [true], { db: ['d1'] }],
    ['a known host, the same variables', [['d1', [], { role: 'db' }]], [false], { db: ['d1'] }],
    ['a known host into a known group', [['w1', ['db'], {}]], [true], { db: ['d1', 'w1'] }],
  ])('%s', (_what, calls, changed, groups) => {
    const i = inv();
    expect(calls.map(([h, g, v]) => addDynamicHost(i, h, g, v))).toEqual(changed);
    expect(groupsVar(i)).toMatchObject({ all: expect.arrayContaining(calls.map((c) => c[0])), ...groups });
  });

  it("a host's variables are laid over the ones it has", () => {
    const i = inv();
    addDynamicHost(i, 'd1', [], { x: 1 });
    expect(hostVars(i, 'd1')).toMatchObject({ role: 'db', x: 1 });
  });
});
