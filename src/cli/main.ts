/**
 * Entry point: declares the commands and maps every error at this one edge to Ansible's exit codes
 * (4 validation, 5 options, 1 other known errors, 250 unexpected).
 */
import { Command, CommanderError } from 'commander';
import { OptionsError, UnreachableError, ValidationError, ValidationErrors, formatLocated } from '../util/errors.js';
import { ConfigError } from '../config/index.js';
import { EXIT } from './exit-codes.js';
import { registerAdhoc } from './adhoc.js';
import { registerInventory } from './inventory.js';
import { registerMachines } from './machines.js';
import { registerPlay } from './play.js';
import { registerExtraCommands } from './extra.js';
import { registerVault } from './vault.js';
import { installSettingsHook, registerConfig } from './config.js';

export function buildProgram(): Command {
  const program = new Command('machinist')
    .description('Provision fleets of systemd-nspawn containers over SSH, with Ansible inventories and playbooks')
    .version('0.1.0')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });
  registerPlay(program);
  registerAdhoc(program);
  registerInventory(program);
  registerMachines(program);
  registerVault(program);
  registerExtraCommands(program);
  registerConfig(program);
  installSettingsHook(program);
  for (const c of program.commands) c.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (e) {
    process.exitCode = reportError(e);
  }
}

export function reportError(e: unknown): number {
  if (e instanceof CommanderError) {
    if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
    return EXIT.badOptions;
  }
  if (e instanceof ConfigError) {
    process.stderr.write(`ERROR: ${formatLocated(e)}\n`);
    return EXIT.badOptions;
  }
  if (e instanceof ValidationErrors) {
    for (const err of e.errors) process.stderr.write(`ERROR: ${formatLocated(err)}\n`);
    process.stderr.write(`${e.errors.length} error${e.errors.length === 1 ? '' : 's'}; nothing was contacted or changed\n`);
    return EXIT.parseError;
  }
  if (e instanceof ValidationError) {
    process.stderr.write(`ERROR: ${formatLocated(e)}\nnothing was contacted or changed\n`);
    return EXIT.parseError;
  }
  if (e instanceof OptionsError) {
    process.stderr.write(`ERROR: ${e.message}\n`);
    return EXIT.badOptions;
  }
  if (e instanceof UnreachableError) {
    process.stderr.write(`ERROR: ${e.message}\n`);
    return EXIT.hostUnreachable;
  }
  const code = e instanceof Error ? (e as Error & { exitCode?: unknown }).exitCode : undefined;
  if (typeof code === 'number') {
    process.stderr.write(`ERROR: ${(e as Error).message}\n`);
    return code;
  }
  process.stderr.write(`ERROR: unexpected: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.unexpected;
}
