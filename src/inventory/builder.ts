/**
 * Accumulates groups, hosts and vars from every inventory source (later sources add to and override
 * earlier ones), then settles the implicit groups: `all` holds every host and every top-level group,
 * `ungrouped` the hosts that are in no other group. Vars may come with the located problems of their
 * literal connection values (conn-vars.ts), kept as long as the value that has them is.
 */
import { noteProblems, type ConnVarProblems as Problems } from './conn-vars.js';
import type { ConnProblems, Inventory, InventoryGroup, InventoryHost, VarsDirs } from './types.js';

export class InventoryBuilder {
  readonly hosts = new Map<string, InventoryHost>();
  readonly groups = new Map<string, InventoryGroup>();
  private readonly parents = new Map<string, Set<string>>();
  private readonly problems: ConnProblems = { group: new Map(), host: new Map() };

  constructor() {
    this.group('all');
    this.group('ungrouped');
  }

  /** The group of that name, created empty on first use. */
  group(name: string): InventoryGroup {
    let g = this.groups.get(name);
    if (!g) {
      g = { name, hosts: [], children: [], vars: {} };
      this.groups.set(name, g);
      this.parents.set(name, new Set());
    }
    return g;
  }

  /** The host of that name, created without vars on first use. */
  host(name: string): InventoryHost {
    let h = this.hosts.get(name);
    if (!h) {
      h = { name, vars: {} };
      this.hosts.set(name, h);
    }
    return h;
  }

  /** Add a host (with vars that override earlier ones key by key) to a group. */
  addHost(name: string, group: string, vars?: Record<string, unknown>, problems?: Problems): void {
    if (vars) this.setHostVars(name, vars, problems);
    else this.host(name);
    const g = this.group(group);
    if (!g.hosts.includes(name)) g.hosts.push(name);
  }

  /** Vars of a host, overriding earlier ones key by key. */
  setHostVars(name: string, vars: Record<string, unknown>, problems?: Problems): void {
    Object.assign(this.host(name).vars, vars);
    noteProblems(this.problems.host, name, vars, problems);
  }

  setGroupVars(group: string, vars: Record<string, unknown>, problems?: Problems): void {
    Object.assign(this.group(group).vars, vars);
    noteProblems(this.problems.group, group, vars, problems);
  }

  /** Make `child` a child group of `parent`; returns why not when that would be a loop. */
  addChild(parent: string, child: string): string | undefined {
    if (child === 'all') return `'all' cannot be a child of group '${parent}': every group is already under 'all'`;
    const loop = this.pathDown(child, parent);
    if (loop) {
      return parent === child
        ? `group '${child}' cannot be a child of itself`
        : `group '${child}' cannot be a child of '${parent}': that makes a loop (${[...loop, child].join(' → ')})`;
    }
    const p = this.group(parent);
    this.group(child);
    if (!p.children.includes(child)) p.children.push(child);
    this.parents.get(child)!.add(parent);
    return undefined;
  }

  /** A path of child links from `from` down to `to`, if there is one. */
  private pathDown(from: string, to: string, seen = new Set<string>()): string[] | undefined {
    if (from === to) return [from];
    if (seen.has(from)) return undefined;
    seen.add(from);
    for (const c of this.groups.get(from)?.children ?? []) {
      const rest = this.pathDown(c, to, seen);
      if (rest) return [from, ...rest];
    }
    return undefined;
  }

  /** Settle `all` and `ungrouped`, fold group_vars/host_vars into the vars, and hand the inventory out. */
  finish(sources: string[], varsDirs: VarsDirs[]): Inventory {
    const all = this.groups.get('all')!;
    const orphans = [...this.groups.keys()].filter((n) => n !== 'all' && n !== 'ungrouped' && this.parents.get(n)!.size === 0);
    all.children = ['ungrouped', ...all.children.filter((c) => c !== 'ungrouped'), ...orphans.filter((n) => !all.children.includes(n))];
    all.hosts = [...this.hosts.keys()];
    const grouped = new Set<string>();
    for (const g of this.groups.values()) {
      if (g.name !== 'all' && g.name !== 'ungrouped') for (const h of g.hosts) grouped.add(h);
    }
    this.groups.get('ungrouped')!.hosts = all.hosts.filter((h) => !grouped.has(h));
    for (const d of varsDirs) {
      for (const g of this.groups.values()) if (d.group[g.name]) Object.assign(g.vars, d.group[g.name]);
      for (const h of this.hosts.values()) if (d.host[h.name]) Object.assign(h.vars, d.host[h.name]);
    }
    return { sources: [...sources], hosts: this.hosts, groups: this.groups, varsDirs, problems: this.problems };
  }
}
