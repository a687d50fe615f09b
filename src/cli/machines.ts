/**
 * `machinist machines -i INVENTORY [PATTERN]`: every machine on every matched host in one concurrent
 * sweep, run by the engine (runSweep: the machine_info module on each host, one connection and ONE
 * probe exec per host) and shown by a view of its events: one table or one JSON document on stdout,
 * with a play's progress beside it. Unreachable hosts are listed and the others still shown; the exit
 * code is a play's: 4 when a host was unreachable, else 2 when a probe failed.
 */
import type { Command } from 'commander';
import { runSweep } from '../engine/index.js';
import { loadInventory } from '../inventory/index.js';
import { addConnectionOptions, type CommonOptions } from './common.js';
import { runWithView } from './run-view.js';
import { useVaultOptions } from './vault-options.js';

export function registerMachines(program: Command): void {
  const cmd = program
    .command('machines')
    .description('list every nspawn machine (running or not) on every matched host, in one sweep')
    .argument('[pattern]', 'host pattern', 'all');
  addConnectionOptions(cmd).action(async (pattern: string, o: CommonOptions) => {
    process.exitCode = await machinesCommand(pattern, o);
  });
}

async function machinesCommand(pattern: string, o: CommonOptions): Promise<number> {
  await useVaultOptions(o);
  const inventory = await loadInventory(o.inventory);
  return runWithView('machines', o, (shared) => runSweep({ ...shared, pattern, inventory }));
}
