/**
 * Derived views of the group tree: parents, depth (longest path from `all`), the groups a host is
 * in (with ancestors), and a group's hosts including those of its descendants. Computed once per
 * inventory and recomputed when the inventory changes shape.
 */
import type { Inventory } from './types.js';

export interface GroupIndex {
  parents: Map<string, string[]>;
  depth: Map<string, number>;
  /** host → groups it is directly in */
  direct: Map<string, string[]>;
  /** host → position in inventory order */
  order: Map<string, number>;
}

const cache = new WeakMap<Inventory, { sig: string; index: GroupIndex }>();

function signature(inv: Inventory): string {
  let n = 0;
  for (const g of inv.groups.values()) n = (n * 31 + g.hosts.length * 7 + g.children.length) % 1_000_000_007;
  return `${inv.hosts.size}/${inv.groups.size}/${n}`;
}

export function groupIndex(inv: Inventory): GroupIndex {
  const sig = signature(inv);
  const hit = cache.get(inv);
  if (hit && hit.sig === sig) return hit.index;
  const parents = new Map<string, string[]>();
  const direct = new Map<string, string[]>();
  for (const g of inv.groups.values()) {
    if (!parents.has(g.name)) parents.set(g.name, []);
    for (const c of g.children) {
      if (!parents.has(c)) parents.set(c, []);
      parents.get(c)!.push(g.name);
    }
    for (const h of g.hosts) {
      if (g.name === 'all') continue;
      if (!direct.has(h)) direct.set(h, []);
      direct.get(h)!.push(g.name);
    }
  }
  const depth = new Map<string, number>();
  const depthOf = (g: string, stack: Set<string>): number => {
    const known = depth.get(g);
    if (known !== undefined) return known;
    if (g === 'all') return 0;
    if (stack.has(g)) return 1; // a loop (refused by the loaders; tolerated in hand-made inventories)
    stack.add(g);
    const ps = parents.get(g) ?? [];
    const d = ps.length ? 1 + Math.max(...ps.map((p) => depthOf(p, stack))) : 1;
    stack.delete(g);
    depth.set(g, d);
    return d;
  };
  depth.set('all', 0);
  for (const g of inv.groups.keys()) depthOf(g, new Set());
  const order = new Map<string, number>();
  let i = 0;
  for (const h of inv.hosts.keys()) order.set(h, i++);
  const index = { parents, depth, direct, order };
  cache.set(inv, { sig, index });
  return index;
}

/** Every group the host is in, directly or through a child group, without 'all'. */
export function hostGroups(inv: Inventory, host: string): Set<string> {
  const idx = groupIndex(inv);
  const out = new Set<string>();
  const visit = (g: string) => {
    if (g === 'all' || out.has(g)) return;
    out.add(g);
    for (const p of idx.parents.get(g) ?? []) visit(p);
  };
  for (const g of idx.direct.get(host) ?? []) visit(g);
  return out;
}

/** A group's hosts then its descendants' hosts, breadth first, each once (Ansible's get_hosts). */
export function groupHosts(inv: Inventory, group: string): string[] {
  const out: string[] = [];
  const seenHosts = new Set<string>();
  const seenGroups = new Set<string>([group]);
  let level = [group];
  while (level.length) {
    const next: string[] = [];
    for (const g of level) {
      const grp = inv.groups.get(g);
      if (!grp) continue;
      for (const h of grp.hosts) {
        if (!seenHosts.has(h)) {
          seenHosts.add(h);
          out.push(h);
        }
      }
      for (const c of grp.children) {
        if (!seenGroups.has(c)) {
          seenGroups.add(c);
          next.push(c);
        }
      }
    }
    level = next;
  }
  return out;
}

/** Ansible's group priority: ansible_group_priority (default 1). */
export function priorityOf(inv: Inventory, group: string): number {
  const v = inv.groups.get(group)?.vars.ansible_group_priority;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+\s*$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : 1;
}

/** Groups in the order their vars are layered: by depth, then priority, then name (later wins). */
export function sortGroups(inv: Inventory, groups: Iterable<string>): string[] {
  const { depth } = groupIndex(inv);
  const key = (g: string) => [depth.get(g) ?? 1, priorityOf(inv, g)] as const;
  return [...groups].sort((a, b) => {
    const [da, pa] = key(a);
    const [db, pb] = key(b);
    if (da !== db) return da - db;
    if (pa !== pb) return pa - pb;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}
