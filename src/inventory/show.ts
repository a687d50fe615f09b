/**
 * The inventory as `ansible-inventory` shows it: --list (JSON with _meta.hostvars), --graph (the
 * @group tree, optionally with variables) and --host (one host's merged variables). A `!vault`
 * value shows as Ansible's JSON shows it ({"__ansible_vault": envelope}), other vault-revealed
 * text masked.
 */
import { pyStr } from '../py/repr.js';
import { concealVault } from '../vault/index.js';
import { groupHosts } from './graph.js';
import { hostVars } from './merge.js';
import type { Inventory } from './types.js';

type Json = Record<string, unknown>;

/** ansible-inventory --list: groups with hosts/children (empty ones left out), merged vars per host. */
export function inventoryList(inv: Inventory): Json {
  const groups: Json = {};
  const seen = new Set<string>();
  const visit = (name: string) => {
    const g = inv.groups.get(name);
    if (!g) return;
    const entry: Json = {};
    if (name !== 'all' && g.hosts.length) entry.hosts = [...g.hosts];
    if (g.children.length) entry.children = [...g.children];
    if (Object.keys(entry).length) groups[name] = entry;
    for (const c of g.children) {
      if (!seen.has(c)) {
        seen.add(c);
        visit(c);
      }
    }
  };
  seen.add('all');
  visit('all');
  const hostvars: Json = {};
  for (const h of groupHosts(inv, 'all')) {
    const v = concealVault(hostVars(inv, h)) as Json;
    if (Object.keys(v).length) hostvars[h] = v;
  }
  return sortKeys({ _meta: { hostvars }, ...groups }) as Json;
}

/** ansible-inventory --graph [GROUP] [--vars]: child groups and hosts sorted by name. */
export function inventoryGraph(inv: Inventory, group = 'all', withVars = false): string {
  if (!inv.groups.has(group)) throw new Error(`group '${group}' is not in the inventory`);
  const lines: string[] = [];
  const name = (text: string, depth: number) => (depth ? '  |'.repeat(depth) + '--' + text : text);
  const vars = (raw: Record<string, unknown>, depth: number) => {
    if (!withVars) return;
    const v = concealVault(raw) as Record<string, unknown>;
    for (const k of Object.keys(v).sort()) lines.push(name(`{${k} = ${pyStr(v[k])}}`, depth));
  };
  const walk = (g: string, depth: number, path: Set<string>) => {
    const grp = inv.groups.get(g);
    if (!grp) return;
    lines.push(name(`@${g}:`, depth));
    const d = depth + 1;
    for (const c of [...grp.children].sort()) if (!path.has(c)) walk(c, d, new Set(path).add(c));
    if (g !== 'all') {
      for (const h of [...grp.hosts].sort()) {
        lines.push(name(h, d));
        vars(inv.hosts.get(h)?.vars ?? {}, d + 1);
      }
    }
    vars(grp.vars, d);
  };
  walk(group, 0, new Set([group]));
  return lines.join('\n');
}

/** ansible-inventory --host HOST: the host's merged inventory variables. */
export function inventoryHost(inv: Inventory, host: string): Json {
  return sortKeys(concealVault(hostVars(inv, host))) as Json;
}

/** Keys in sorted order at every level, as ansible-inventory prints them (json sort_keys). */
function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort().map((k) => [k, sortKeys(o[k])]));
  }
  return v;
}
