/** `machinist inventory -i INVENTORY --list | --graph [GROUP] | --host HOST`, like ansible-inventory. */
import type { Command } from 'commander';
import { loadInventory } from '../inventory/index.js';
import { inventoryGraph, inventoryHost, inventoryList } from '../inventory/show.js';
import { OptionsError, nearest } from '../util/errors.js';
import { addVaultOptions, collect, type VaultOptions } from './common.js';
import { useVaultOptions } from './vault-options.js';

interface InvOptions extends VaultOptions {
  inventory: string[];
  list?: boolean;
  graph?: boolean | string;
  host?: string;
  vars?: boolean;
}


export function registerInventory(program: Command): void {
  const cmd = program
    .command('inventory')
    .description('show the inventory as machinist reads it')
    .option('-i, --inventory <path>', 'inventory file, directory or host list (repeatable)', collect, [])
    .option('--list', 'all groups, hosts and host vars as JSON')
    .option('--graph [group]', 'the group tree')
    .option('--host <host>', "one host's variables as JSON")
    .option('--vars', 'with --graph: show variables too');
  addVaultOptions(cmd).action(async (o: InvOptions) => {
    const modes = [o.list, o.graph, o.host].filter((x) => x !== undefined && x !== false).length;
    if (modes !== 1) throw new OptionsError('give exactly one of --list, --graph or --host');
    if (!o.inventory.length) throw new OptionsError('no inventory given: use -i FILE');
    await useVaultOptions(o);
    const inv = await loadInventory(o.inventory);
    if (o.list) process.stdout.write(JSON.stringify(inventoryList(inv), null, 4) + '\n');
    else if (o.host) {
      if (!inv.hosts.has(o.host)) {
        const near = nearest(o.host, inv.hosts.keys());
        throw new OptionsError(`host '${o.host}' is not in the inventory${near ? ` (did you mean '${near}'?)` : ''}`);
      }
      process.stdout.write(JSON.stringify(inventoryHost(inv, o.host), null, 4) + '\n');
    } else {
      const group = typeof o.graph === 'string' ? o.graph : 'all';
      if (!inv.groups.has(group)) throw new OptionsError(`group '${group}' is not in the inventory`);
      process.stdout.write(inventoryGraph(inv, group, Boolean(o.vars)) + '\n');
    }
  });
}
