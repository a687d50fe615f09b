/**
 * A host's inventory variables with Ansible's precedence (default hash_behaviour=replace, so each
 * layer replaces whole keys):
 *   `all` inline vars < other groups' inline vars (by depth, ansible_group_priority, name)
 *   < group_vars/all (inventory side, then playbook side) < group_vars/GROUP (inventory, then playbook)
 *   < host inline vars < host_vars/HOST (inventory, then playbook).
 * Magic variables (inventory_hostname, groups, ...) are the engine's.
 */
import { groupHosts, hostGroups, sortGroups } from './graph.js';
import { LOCALHOST_NAMES } from './names.js';
import type { Inventory, VarsDirs } from './types.js';

type Vars = Record<string, unknown>;

export function hostVars(inv: Inventory, host: string, extra: VarsDirs[] = []): Vars {
  const h = inv.hosts.get(host);
  if (!h && !LOCALHOST_NAMES.has(host)) throw new Error(`host '${host}' is not in the inventory`);
  const out: Vars = {};
  const put = (v: Vars | undefined) => {
    if (v) for (const k of Object.keys(v)) out[k] = v[k];
  };
  const invDirs = inv.varsDirs ?? [];
  const groups = h ? sortGroups(inv, hostGroups(inv, host)) : [];

  put(inv.groups.get('all')?.vars);
  for (const g of groups) put(inv.groups.get(g)?.vars);
  for (const d of invDirs) put(d.group.all);
  for (const d of extra) put(d.group.all);
  for (const d of invDirs) for (const g of groups) put(d.group[g]);
  for (const d of extra) for (const g of groups) put(d.group[g]);
  put(h?.vars);
  for (const d of invDirs) put(d.host[host]);
  for (const d of extra) put(d.host[host]);
  return structuredClone(out);
}

/** Ansible's group_names: the host's groups (also through child groups), sorted, without 'all'. */
export function groupNames(inv: Inventory, host: string): string[] {
  return [...hostGroups(inv, host)].sort();
}

/** Ansible's `groups`: every group → its hosts, those of child groups included. */
export function groupsVar(inv: Inventory): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const g of inv.groups.keys()) out[g] = groupHosts(inv, g);
  return out;
}
