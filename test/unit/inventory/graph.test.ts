import { describe, expect, it } from 'vitest';
import { groupHosts, groupIndex, hostGroups, sortGroups } from '../../../src/inventory/graph.js';
import { InventoryBuilder } from '../../../src/inventory/builder.js';

function sample() {
  const b = new InventoryBuilder();
  b.addChild('dc', 'rack1');
  b.addChild('dc', 'rack2');
  b.addChild('rack1', 'gpu');
  b.addHost('r1a', 'rack1');
  b.addHost('g1', 'gpu');
  b.addHost('r2a', 'rack2');
  b.addHost('d0', 'dc');
  b.addHost('g1', 'special');
  return b.finish([], []);
}

describe('group graph', () => {
  it('computes depth as the longest path from all', () => {
    const { depth } = groupIndex(sample());
    expect(Object.fromEntries(depth)).toEqual({ all: 0, ungrouped: 1, dc: 1, rack1: 2, rack2: 2, gpu: 3, special: 1 });
  });

  it('finds a host’s groups with their ancestors', () => {
    expect([...hostGroups(sample(), 'g1')].sort()).toEqual(['dc', 'gpu', 'rack1', 'special']);
  });

  it('lists a group’s hosts breadth first: own hosts, then children’s, then grandchildren’s', () => {
    expect(groupHosts(sample(), 'dc')).toEqual(['d0', 'r1a', 'r2a', 'g1']);
  });

  it('sorts groups by depth, priority and name', () => {
    const inv = sample();
    inv.groups.get('special')!.vars.ansible_group_priority = 3;
    expect(sortGroups(inv, ['gpu', 'special', 'rack2', 'dc', 'rack1'])).toEqual(['dc', 'special', 'rack1', 'rack2', 'gpu']);
  });

  it('recomputes when the inventory changes shape', () => {
    const inv = sample();
    expect(groupIndex(inv).depth.get('gpu')).toBe(3);
    inv.groups.get('gpu')!.children.push('tiny');
    inv.groups.set('tiny', { name: 'tiny', hosts: [], children: [], vars: {} });
    expect(groupIndex(inv).depth.get('tiny')).toBe(4);
  });
});
