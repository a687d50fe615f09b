/** Every module machinist knows, by name and alias (ansible.builtin.x, ansible.posix.x, ...). */
import type { ModuleDef } from './types.js';
import { fileModules } from './files/index.js';
import { commandModules } from './commands/index.js';
import { systemModules } from './system/index.js';
import { nspawnModules } from './nspawn/index.js';

const byName = new Map<string, ModuleDef>();

export function registerModule(def: ModuleDef): void {
  for (const n of [def.name, ...(def.aliases ?? [])]) {
    if (byName.has(n) && byName.get(n) !== def) throw new Error(`module name registered twice: ${n}`);
    byName.set(n, def);
  }
}

for (const def of [...fileModules, ...commandModules, ...systemModules, ...nspawnModules]) registerModule(def);

/** Look a module up by its short name or any alias. */
export function getModule(name: string): ModuleDef | undefined {
  return byName.get(name);
}

/** Every accepted name (short names and aliases), for validation and "did you mean". */
export function moduleNames(): string[] {
  return [...byName.keys()];
}
