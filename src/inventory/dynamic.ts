/**
 * Changes a run makes to the inventory, as Ansible's InventoryManager.add_dynamic_group (group_by)
 * and add_dynamic_host (add_host): each says whether it changed anything, which is the task's
 * `changed`. New groups hang under `all`; a host in a group of its own leaves `ungrouped`
 * (Ansible's reconcile_inventory).
 */
import { groupHosts } from './graph.js';
import type { Inventory, InventoryGroup } from './types.js';

type Vars = Record<string, unknown>;

function newGroup(inv: Inventory, name: string): InventoryGroup {
  const g: InventoryGroup = { name, hosts: [], children: [], vars: {} };
  inv.groups.set(name, g);
  return g;
}

/** The groups a new group hangs under when nothing else holds it, and a host leaves `ungrouped`. */
function reconcile(inv: Inventory): void {
  const all = inv.groups.get('all') ?? newGroup(inv, 'all');
  const held = new Set<string>();
  for (const g of inv.groups.values()) for (const c of g.children) held.add(c);
  for (const g of inv.groups.keys()) if (g !== 'all' && !held.has(g) && !all.children.includes(g)) all.children.push(g);
  const ungrouped = inv.groups.get('ungrouped');
  if (!ungrouped) return;
  const grouped = new Set<string>();
  for (const g of inv.groups.values()) if (g.name !== 'all' && g.name !== 'ungrouped') for (const h of g.hosts) grouped.add(h);
  ungrouped.hosts = ungrouped.hosts.filter((h) => !grouped.has(h));
}

/** group_by: put `host` in `group`, itself a child of each of `parents` (created as needed). */
export function addDynamicGroup(inv: Inventory, host: string, group: string, parents: string[]): boolean {
  let changed = false;
  const g = inv.groups.get(group) ?? newGroup(inv, group);
  for (const p of parents) {
    if (!inv.groups.has(p)) {
      newGroup(inv, p);
      changed = true;
    }
  }
  for (const p of parents) {
    const pg = inv.groups.get(p)!;
    if (p !== group && !pg.children.includes(group)) {
      pg.children.push(group);
      changed = true;
    }
  }
  if (!groupHosts(inv, group).includes(host)) {
    g.hosts.push(host);
    changed = true;
  }
  if (changed) reconcile(inv);
  return changed;
}

/** add_host: the host (new ones in `all`), its variables laid over the ones it has, and its groups. */
export function addDynamicHost(inv: Inventory, name: string, groups: string[], vars: Vars): boolean {
  let changed = false;
  let h = inv.hosts.get(name);
  if (!h) {
    h = { name, vars: {} };
    inv.hosts.set(name, h);
    const ungrouped = inv.groups.get('ungrouped') ?? newGroup(inv, 'ungrouped');
    ungrouped.hosts.push(name);
    const all = inv.groups.get('all') ?? newGroup(inv, 'all');
    if (!all.hosts.includes(name)) all.hosts.push(name);
    changed = true;
  }
  const combined = { ...h.vars, ...vars };
  if (JSON.stringify(combined) !== JSON.stringify(h.vars)) {
    h.vars = combined;
    changed = true;
  }
  for (const gname of groups) {
    const g = inv.groups.get(gname) ?? ((changed = true), newGroup(inv, gname));
    if (!g.hosts.includes(name)) {
      g.hosts.push(name);
      changed = true;
    }
  }
  if (changed) reconcile(inv);
  return changed;
}
