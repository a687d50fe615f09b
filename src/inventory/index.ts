/**
 * The inventory: Ansible's YAML/INI inventories, directories of them and "h1,h2," host lists, with
 * group_vars/ and host_vars/, read into one Inventory; variable precedence, group magic and host
 * patterns on top.
 */
import path from 'node:path';
import { problemsOf, ValidationError, ValidationErrors } from '../util/errors.js';
import { InventoryBuilder } from './builder.js';
import { masked } from './located.js';
import { addSource } from './sources.js';
import type { Inventory, VarsDirs } from './types.js';
import { loadVarsDirs } from './vars-dirs.js';

export type { ConnProblems, Inventory, InventoryGroup, InventoryHost, VarsDirs } from './types.js';
export { loadVarsDirs } from './vars-dirs.js';
export { hostVars, hostConnProblems, groupNames, groupsVar } from './merge.js';
export { selectHosts, type Selection } from './patterns.js';
export { addDynamicGroup, addDynamicHost } from './dynamic.js';
export { inventoryGraph, inventoryHost, inventoryList } from './show.js';

/**
 * Read every source (file, directory or "h1,h2," list) in order — later ones add hosts and groups
 * and override vars — plus the group_vars/ and host_vars/ beside each. Every problem of every source
 * is thrown at once as ValidationErrors; nothing is returned then.
 */
export async function loadInventory(sources: string[]): Promise<Inventory> {
  const b = new InventoryBuilder();
  const errors: ValidationError[] = [];
  const bases: string[] = [];
  for (const s of sources) {
    const base = await addSource(s, b, errors);
    if (base !== undefined && !bases.some((x) => path.resolve(x) === path.resolve(base))) bases.push(base);
  }
  const dirs: VarsDirs[] = [];
  for (const base of bases) {
    try {
      dirs.push(await loadVarsDirs(base));
    } catch (e) {
      errors.push(...problemsOf(e));
    }
  }
  if (errors.length) throw new ValidationErrors(masked(errors));
  return b.finish(sources, dirs);
}
