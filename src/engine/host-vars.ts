/** Per-host variable objects for a play (inventory, facts, play vars, scopes, magic variables). */
import { addDynamicGroup, addDynamicHost, groupNames, groupsVar, hostVars } from '../inventory/index.js';
import { OMIT } from '../template/index.js';
import type { Common } from '../playbook/types.js';
import type { PlayCtx, Scope } from './context.js';
import { hostvarsProxy, layerVars, magicVars, type Vars } from './vars.js';

export function inventoryVars(pc: PlayCtx, host: string): Vars {
  let v = pc.invVars.get(host);
  if (!v) {
    v = pc.run.inv.hosts.has(host) ? hostVars(pc.run.inv, host, pc.extraDirs) : {};
    pc.invVars.set(host, v);
  }
  return v;
}

function magic(pc: PlayCtx, host: string, withHostvars: boolean, roleDir?: string, searchPath?: string[]): Vars {
  const run = pc.run;
  const active = (list: string[]) => list.filter((h) => pc.hosts.inPlay(h));
  return magicVars({
    host,
    groups: run.groups,
    groupNames: run.inv.hosts.has(host) ? groupNames(run.inv, host) : [],
    hostvars: withHostvars ? hostvarsProxy([...run.inv.hosts.keys()], (h) => otherHostVars(pc, h)) : {},
    playHostsAll: pc.hostsAll,
    playHosts: active(pc.hostsAll),
    playBatch: active(pc.batch),
    check: run.opts.check,
    diff: run.opts.diff,
    verbosity: run.opts.verbosity ?? 0,
    playbookDir: pc.book.dir,
    runTags: run.opts.tags,
    skipTags: run.opts.skipTags,
    omit: OMIT,
    playName: pc.name,
    roleDir,
    roleNames: pc.play.roleNames,
    searchPath,
  });
}

/** hostvars[h]: what a play-level lookup of another host sees (no task or block scope). */
function otherHostVars(pc: PlayCtx, host: string): Vars {
  return layerVars({
    roleDefaults: pc.play.roleDefaults,
    inventory: inventoryVars(pc, host),
    facts: pc.run.facts.get(host),
    play: pc.play.vars,
    varsFiles: pc.varsFiles.get(host),
    roleVars: pc.play.roleVars,
    included: pc.run.includedVars.get(host),
    hostScope: pc.run.hostScope.get(host),
    extra: pc.run.opts.extraVars,
    magic: magic(pc, host, false),
  });
}

/**
 * ansible_search_path, as Ansible's Task.get_search_path: the paths of the roles the task sits in
 * (innermost first), then the directory of the task's own file.
 */
function searchPath(scope: Scope | null, node: Pick<Common, 'roleDir' | 'dir'>): string[] {
  const roles = [...(scope?.chain ?? []).map((c) => c.roleDir), node.roleDir].filter((d): d is string => d !== undefined);
  const out = [...new Set(roles)].reverse();
  if (!out.includes(node.dir)) out.push(node.dir);
  return out;
}

/** Every variable a task sees on a host. */
export function taskVars(pc: PlayCtx, host: string, scope: Scope | null, task?: Vars, loop?: Vars, node?: Pick<Common, 'roleDir' | 'dir'>): Vars {
  return layerVars({
    roleDefaults: scope?.defaults?.length ? Object.assign({}, pc.play.roleDefaults, ...scope.defaults) : pc.play.roleDefaults,
    inventory: inventoryVars(pc, host),
    facts: pc.run.facts.get(host),
    play: pc.play.vars,
    varsFiles: pc.varsFiles.get(host),
    roleVars: pc.play.roleVars,
    blocks: scope?.blockVars,
    task,
    loop,
    included: pc.run.includedVars.get(host),
    hostScope: pc.run.hostScope.get(host),
    params: scope?.params,
    extra: pc.run.opts.extraVars,
    magic: magic(pc, host, true, node?.roleDir, node && searchPath(scope, node)),
  });
}

/** Play-level variables (no host): for task names and the hosts pattern. */
export function playLevelVars(pc: Pick<PlayCtx, 'play' | 'run'>): Vars {
  return { ...pc.play.roleDefaults, ...pc.play.vars, ...pc.run.opts.extraVars, omit: OMIT };
}

/** group_by and add_host: change the run's inventory; `groups` and inventory variables follow. */
export function inventoryChanges(pc: PlayCtx, host: string) {
  const after = (changed: boolean) => {
    if (changed) {
      pc.run.groups = groupsVar(pc.run.inv);
      pc.invVars.clear();
    }
    return changed;
  };
  return {
    addGroup: (group: string, parents: string[]) => after(addDynamicGroup(pc.run.inv, host, group, parents)),
    addHost: (name: string, groups: string[], vars: Vars) => after(addDynamicHost(pc.run.inv, name, groups, vars)),
  };
}

/** Set include_vars variables on a host. */
export function setIncludedVars(pc: PlayCtx, host: string, vars: Vars): void {
  const cur = pc.run.includedVars.get(host) ?? {};
  pc.run.includedVars.set(host, Object.assign(cur, vars));
}

/** Set host-scope variables (set_fact, register, ansible_failed_*). */
export function setHostVars(pc: PlayCtx, host: string, vars: Vars): void {
  const cur = pc.run.hostScope.get(host) ?? {};
  pc.run.hostScope.set(host, Object.assign(cur, vars));
}
