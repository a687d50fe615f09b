/**
 * Variable scopes, built per host per task as one plain object whose values may still be templates
 * (the template engine resolves them lazily). Precedence, lowest first:
 *   role defaults < inventory (with playbook-side group_vars/host_vars) < facts < play vars
 *   < vars_files < roles' vars < block vars (outer to inner) < task vars (include vars) < include_vars < registered vars /
 *   set_fact < role parameters < extra vars < loop variables < magic variables (which nobody may override).
 * The loop variable sits above extra vars as in Ansible, whose TaskExecutor sets it on the task's
 * finished variables: a set_fact or -e named `item` must not replace the item being looped over.
 */
import * as path from 'node:path';

export type Vars = Record<string, unknown>;

export interface VarLayers {
  roleDefaults?: Vars;
  inventory: Vars;
  /** Facts modules returned (gathered ones with the ansible_ prefix), under the names they returned. */
  facts?: Vars;
  play?: Vars;
  varsFiles?: Vars[];
  /** Every role's vars in the play (private_role_vars off). */
  roleVars?: Vars;
  /** Outermost first. */
  blocks?: Vars[];
  task?: Vars;
  loop?: Vars;
  /** include_vars results (host scope, persist across plays). */
  included?: Vars;
  /** set_fact and register results (host scope, persist across plays). */
  hostScope?: Vars;
  /** Role parameters (outermost first): above set_fact, below extra vars. */
  params?: Vars[];
  extra: Vars;
  magic: Vars;
}

/**
 * Every fact as a variable under the name the module returned it (INJECT_FACTS_AS_VARS: setup's
 * ansible_distribution, getent's getent_passwd), plus ansible_facts: the same without the ansible_
 * prefix (Ansible's namespace_facts).
 */
export function factVars(facts: Vars | undefined): Vars {
  if (!facts) return { ansible_facts: {} };
  return { ...facts, ansible_facts: unprefixFacts(facts) };
}

/** Strip the ansible_ prefix of fact keys, as Ansible stores them under ansible_facts. */
export function unprefixFacts(facts: Vars): Vars {
  const out: Vars = {};
  for (const [k, v] of Object.entries(facts)) out[k.startsWith('ansible_') ? k.slice('ansible_'.length) : k] = v;
  return out;
}

export function layerVars(l: VarLayers): Vars {
  return Object.assign(
    {},
    l.roleDefaults,
    l.inventory,
    factVars(l.facts),
    l.play,
    ...(l.varsFiles ?? []),
    l.roleVars,
    ...(l.blocks ?? []),
    l.task,
    l.included,
    l.hostScope,
    ...(l.params ?? []),
    l.extra,
    l.loop,
    l.magic,
  );
}

/**
 * `hostvars`: every inventory host's variables, computed only when a template looks one up.
 * Keys are the inventory host names; values are plain objects (templates resolved by the engine
 * that reads them).
 */
export function hostvarsProxy(hosts: string[], compute: (host: string) => Vars): Record<string, Vars> {
  const cache = new Map<string, Vars>();
  const known = new Set(hosts);
  const get = (h: string) => {
    let v = cache.get(h);
    if (!v) {
      v = compute(h);
      cache.set(h, v);
    }
    return v;
  };
  return new Proxy({} as Record<string, Vars>, {
    get(_t, key) {
      if (typeof key !== 'string' || !known.has(key)) return undefined;
      return get(key);
    },
    has(_t, key) {
      return typeof key === 'string' && known.has(key);
    },
    ownKeys() {
      return [...known];
    },
    getOwnPropertyDescriptor(_t, key) {
      if (typeof key !== 'string' || !known.has(key)) return undefined;
      return { enumerable: true, configurable: true, writable: false, value: get(key) };
    },
  });
}

export interface MagicInputs {
  host: string;
  groups: Record<string, string[]>;
  groupNames: string[];
  hostvars: Record<string, Vars>;
  playHostsAll: string[];
  playHosts: string[];
  playBatch: string[];
  check: boolean;
  diff: boolean;
  verbosity: number;
  playbookDir: string;
  runTags: string[];
  skipTags: string[];
  omit: string;
  playName?: string;
  roleDir?: string;
  /** The play's roles and the roles they depend on (Play.roleNames). */
  roleNames?: { play: string[]; dependent: string[] };
  /** ansible_search_path: where a task's relative files are looked for (its roles' paths, its own file's directory). */
  searchPath?: string[];
}

export function magicVars(m: MagicInputs): Vars {
  const v: Vars = {
    inventory_hostname: m.host,
    inventory_hostname_short: m.host.split('.')[0],
    groups: m.groups,
    group_names: m.groupNames,
    hostvars: m.hostvars,
    play_hosts: m.playBatch,
    ansible_play_hosts: m.playHosts,
    ansible_play_hosts_all: m.playHostsAll,
    ansible_play_batch: m.playBatch,
    ansible_check_mode: m.check,
    ansible_diff_mode: m.diff,
    ansible_verbosity: m.verbosity,
    playbook_dir: m.playbookDir,
    ansible_run_tags: m.runTags.length ? m.runTags : ['all'],
    ansible_skip_tags: m.skipTags,
    omit: m.omit,
  };
  if (m.playName !== undefined) v.ansible_play_name = m.playName;
  if (m.roleNames) {
    // as Ansible's VariableManager._get_magic_variables
    const { play, dependent } = m.roleNames;
    v.ansible_role_names = [...new Set([...dependent, ...play])];
    v.ansible_play_role_names = [...play];
    v.ansible_dependent_role_names = [...dependent];
    v.role_names = [...play];
  }
  if (m.roleDir) {
    v.role_path = m.roleDir;
    v.role_name = path.basename(m.roleDir);
    v.ansible_role_name = v.role_name;
  }
  if (m.searchPath) v.ansible_search_path = m.searchPath;
  return v;
}
