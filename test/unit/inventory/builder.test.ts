import { describe, expect, it } from 'vitest';
import { InventoryBuilder } from '../../../src/inventory/builder.js';

describe('InventoryBuilder', () => {
  it('starts with all and ungrouped and settles them on finish', () => {
    const b = new InventoryBuilder();
    b.addHost('h1', 'web', { a: 1 });
    b.addHost('h2', 'ungrouped');
    b.addHost('h3', 'all');
    b.addChild('web', 'nginx');
    b.addHost('h1', 'nginx', { b: 2 });
    const inv = b.finish(['x'], []);
    expect([...inv.groups.keys()]).toEqual(['all', 'ungrouped', 'web', 'nginx']);
    expect(inv.groups.get('all')).toMatchObject({ hosts: ['h1', 'h2', 'h3'], children: ['ungrouped', 'web'] });
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['h2', 'h3']);
    expect(inv.hosts.get('h1')!.vars).toEqual({ a: 1, b: 2 });
    expect(inv.sources).toEqual(['x']);
  });

  it('takes a host out of ungrouped when it is also in a real group', () => {
    const b = new InventoryBuilder();
    b.addHost('h', 'ungrouped');
    b.addHost('h', 'db');
    expect(b.finish([], []).groups.get('ungrouped')!.hosts).toEqual([]);
  });

  it('refuses loops, self-children and all as a child, changing nothing', () => {
    const b = new InventoryBuilder();
    expect(b.addChild('a', 'b')).toBeUndefined();
    expect(b.addChild('b', 'c')).toBeUndefined();
    expect(b.addChild('c', 'a')).toBe("group 'a' cannot be a child of 'c': that makes a loop (a → b → c → a)");
    expect(b.addChild('a', 'a')).toBe("group 'a' cannot be a child of itself");
    expect(b.addChild('a', 'all')).toMatch(/'all' cannot be a child/);
    expect(b.groups.get('c')!.children).toEqual([]);
    expect(b.addChild('a', 'b')).toBeUndefined();
    expect(b.groups.get('a')!.children).toEqual(['b']);
  });

  it('folds group_vars and host_vars over the inline vars and keeps them for layering', () => {
    const b = new InventoryBuilder();
    b.addHost('h', 'web', { x: 'inline', y: 'inline' });
    b.setGroupVars('web', { g: 'inline' });
    const dirs = [{ group: { web: { g: 'file' }, other: { z: 1 } }, host: { h: { x: 'file' } } }];
    const inv = b.finish([], dirs);
    expect(inv.hosts.get('h')!.vars).toEqual({ x: 'file', y: 'inline' });
    expect(inv.groups.get('web')!.vars).toEqual({ g: 'file' });
    expect(inv.groups.has('other')).toBe(false);
    expect(inv.varsDirs).toBe(dirs);
  });
});
