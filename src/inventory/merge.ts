/**
 * A host's inventory variables with Ansible's precedence (default hash_behaviour=replace, so each
 * layer replaces whole keys):
 *   `all` inline vars < other groups' inline vars (by depth, ansible_group_priority, name)
 *   < group_vars/all (inventory side, then playbook side) < group_vars/GROUP (inventory, then playbook)
 *   < host inline vars < host_vars/HOST (inventory, then playbook).
 * The same layers decide which located problem of a literal connection value (conn-vars.ts) is the
 * host's: the one of the value in effect. Magic variables (inventory_hostname, groups, ...) are the engine's.
 */
import type { ValidationError } from '../util/errors.js';
import { problemsInEffect } from './conn-vars.js';
import { groupHosts, hostGroups, sortGroups } from './graph.js';
import { masked } from './located.js';
import { LOCALHOST_NAMES } from './names.js';
import type { ConnProblems, Inventory, VarsDirs } from './types.js';

type Vars = Record<string, unknown>;

/** One layer of a host's variables, with the located problems of the values it sets. */
interface Layer {
  vars?: Vars;
  problems?: Map<string, ValidationError>;
}

/** The host's layers, lowest first. */
function layers(inv: Inventory, host: string, extra: VarsDirs[]): Layer[] {
  const h = inv.hosts.get(host);
  if (!h && !LOCALHOST_NAMES.has(host)) throw new Error(`host '${host}' is not in the inventory`);
  const out: Layer[] = [];
  const group = (g: string, p?: ConnProblems) => ({ problems: p?.group.get(g) });
  const invDirs = inv.varsDirs ?? [];
  const groups = h ? sortGroups(inv, hostGroups(inv, host)) : [];

  out.push({ vars: inv.groups.get('all')?.vars, ...group('all', inv.problems) });
  for (const g of groups) out.push({ vars: inv.groups.get(g)?.vars, ...group(g, inv.problems) });
  for (const d of [...invDirs, ...extra]) out.push({ vars: d.group.all, ...group('all', d.problems) });
  for (const d of invDirs) for (const g of groups) out.push({ vars: d.group[g], ...group(g, d.problems) });
  for (const d of extra) for (const g of groups) out.push({ vars: d.group[g], ...group(g, d.problems) });
  out.push({ vars: h?.vars, problems: inv.problems?.host.get(host) });
  for (const d of [...invDirs, ...extra]) out.push({ vars: d.host[host], problems: d.problems?.host.get(host) });
  return out;
}

export function hostVars(inv: Inventory, host: string, extra: VarsDirs[] = []): Vars {
  const out: Vars = {};
  for (const { vars } of layers(inv, host, extra)) if (vars) for (const k of Object.keys(vars)) out[k] = vars[k];
  return structuredClone(out);
}

/**
 * The located problems of the host's literal connection values that a connection to it would meet
 * (excerpts masked), by variable: those of the values in effect after precedence, `over` (variables
 * that win over the inventory's, such as -e) laid on top.
 */
export function hostConnProblems(inv: Inventory, host: string, extra: VarsDirs[] = [], over: Vars = {}): Map<string, ValidationError> {
  const vars: Vars = {};
  const problems = new Map<string, ValidationError>();
  for (const layer of [...layers(inv, host, extra), { vars: over }]) {
    if (!layer.vars) continue;
    for (const k of Object.keys(layer.vars)) {
      vars[k] = layer.vars[k];
      const e = layer.problems?.get(k);
      if (e) problems.set(k, e);
      else problems.delete(k);
    }
  }
  const met = problemsInEffect(vars, problems);
  const shown = masked([...met.values()]);
  return new Map([...met.keys()].map((k, i) => [k, shown[i]]));
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
