/**
 * A role instance's variables, as Ansible's Role computes them (playbook/role/__init__.py) from its
 * dependency chain (the roles that pulled it in as a dependency, outermost first):
 * - vars (get_vars without params): the chain's entry vars and vars/main.yml, then every dependency's
 *   vars (recursively), then its own entry `vars:` and vars/main.yml;
 * - params (get_role_params): the chain's parameters, then its own (the entry's non-keyword keys);
 *   they sit above set_fact and registered results;
 * - defaults (get_default_vars): its dependencies' defaults, the chain's, then its own.
 * Every role of a play also contributes its vars (without params) to the whole play, after vars_files
 * (Ansible's default, private_role_vars off), and its defaults below the inventory.
 */
import type { Vars } from '../playbook/types.js';

export interface RoleInstance {
  name: string;
  dir: string;
  /** `vars:` on the role entry (or on an import_role/include_role task). */
  entryVars: Vars;
  /** The entry's other keys that are not keywords: role parameters. */
  params: Vars;
  /** vars/main.yml (or vars_from). */
  roleVars: Vars;
  /** defaults/main.yml (or defaults_from). */
  defaults: Vars;
  deps: RoleInstance[];
}

export function roleVarsOf(r: RoleInstance, chain: RoleInstance[] = []): Vars {
  const v: Vars = {};
  for (const p of chain) Object.assign(v, p.entryVars, p.roleVars);
  for (const d of r.deps) Object.assign(v, roleVarsOf(d));
  return Object.assign(v, r.entryVars, r.roleVars);
}

export function roleParamsOf(r: RoleInstance, chain: RoleInstance[] = []): Vars {
  return Object.assign({}, ...chain.map((p) => p.params), r.params) as Vars;
}

export function roleDefaultsOf(r: RoleInstance, chain: RoleInstance[] = []): Vars {
  const v: Vars = {};
  for (const d of r.deps) Object.assign(v, roleDefaultsOf(d));
  for (const p of chain) Object.assign(v, p.defaults);
  return Object.assign(v, r.defaults);
}
