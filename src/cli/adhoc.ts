/** `machinist run PATTERN -m MODULE -a ARGS` and `machinist ping [PATTERN]`: one module on many hosts. */
import type { Command } from 'commander';
import { loadInventory, selectHosts } from '../inventory/index.js';
import type { Inventory } from '../inventory/types.js';
import { runAdhoc } from '../engine/index.js';
import { getModule, moduleNames } from '../modules/registry.js';
import { OptionsError, ValidationError, nearest } from '../util/errors.js';
import { addConnectionOptions, collect, type CommonOptions } from './common.js';
import { parseExtraVars } from './extra-vars.js';
import { runWithView } from './run-view.js';
import { useVaultOptions } from './vault-options.js';

interface AdhocOptions extends CommonOptions {
  moduleName: string;
  args?: string;
  check?: boolean;
  diff?: boolean;
  extraVars: string[];
}


export function registerAdhoc(program: Command): void {
  const run = program
    .command('run')
    .description('run one module on every matched host at once (like `ansible PATTERN -a CMD`)')
    .argument('<pattern>', 'host pattern: all, group, a:b, a:&b, a:!b, web*, ~regex');
  addConnectionOptions(run)
    .option('-m, --module-name <module>', 'module to run', 'command')
    .option('-a, --args <args>', 'module arguments: free-form for command/shell, else k=v or JSON')
    .option('-C, --check', 'check mode')
    .option('-D, --diff', 'show differences')
    .option('-e, --extra-vars <vars>', 'extra variables (repeatable)', collect, [])
    .action(async (pattern: string, o: AdhocOptions) => {
      process.exitCode = await adhoc(pattern, o.moduleName, o.args ?? '', o);
    });

  const ping = program
    .command('ping')
    .description('connect to each matched host, authenticate and run `true`')
    .argument('[pattern]', 'host pattern', 'all');
  addConnectionOptions(ping).action(async (pattern: string, o: AdhocOptions) => {
    process.exitCode = await adhoc(pattern, 'ping', '', { ...o, extraVars: [] });
  });
}

async function adhoc(pattern: string, module: string, args: string, o: AdhocOptions): Promise<number> {
  if (!getModule(module)) {
    const near = nearest(module, moduleNames());
    throw new OptionsError(`unknown module '${module}'${near ? ` (did you mean '${near}'?)` : ''}`);
  }
  await useVaultOptions(o);
  const extraVars = await parseExtraVars(o.extraVars);
  const inventory = await loadInventory(o.inventory);
  checkPattern(inventory, pattern, o.limit);
  return runWithView('adhoc', o, (shared) => runAdhoc({ ...shared, pattern, module, args, inventory, extraVars }));
}

/**
 * The host pattern (and --limit) must parse before anything is contacted: a malformed one (`all:&`)
 * is refused naming it (exit 4, as a malformed `hosts:` of a play); one that matches no host stays
 * a warning and runs nothing (exit 0), as Ansible's "Could not match supplied host pattern".
 */
function checkPattern(inventory: Inventory, pattern: string, limit: string | undefined): void {
  const named = (what: string, select: () => unknown) => {
    try {
      select();
    } catch (e) {
      if (e instanceof ValidationError) throw new ValidationError(`${what}: ${e.message}`, e.loc, e.hint);
      throw e;
    }
  };
  named(`host pattern '${pattern}'`, () => selectHosts(inventory, pattern));
  named(`--limit '${limit}'`, () => selectHosts(inventory, pattern, limit));
}
