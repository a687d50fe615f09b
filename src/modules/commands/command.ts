/**
 * command: run a program with arguments, NOT through a shell. The free-form string is split as
 * Python's shlex does and every word is quoted, so `echo $HOME > x` prints those words literally.
 */
import { z } from 'zod';
import { defineAction } from '../types.js';
import { quote } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, stringish } from '../kit/args.js';
import { shlexSplit, ShlexError } from '../../py/shlex.js';
import { commandAction, notRunFailure, runOptionFields, runOptions } from '../kit/run-command.js';
import { liftFreeFormOptions } from '../kit/free-form.js';

export const commandSchema = z.preprocess(
  liftFreeFormOptions,
  z
    .object({
      cmd: stringish.optional(),
      argv: z.array(stringish).optional(),
      /** Accepted and ignored with a warning, as Ansible has done since 2.4 (shell takes it). */
      executable: stringish.optional(),
      ...runOptionFields,
    })
    .strict(),
);

export type CommandArgs = z.infer<typeof commandSchema>;

/**
 * The argv a command task runs: argv as given, or the free-form string split with shlex rules.
 * Neither, or both, fail as Ansible's module does when it runs (rc 256).
 */
export function commandArgv(args: Pick<CommandArgs, 'cmd' | 'argv'>): string[] {
  const cmd = args.cmd !== undefined && args.cmd.trim() !== '' ? args.cmd : undefined;
  const argv = args.argv !== undefined && args.argv.length ? args.argv : undefined;
  if (cmd === undefined && argv === undefined) throw notRunFailure('no command given');
  if (args.cmd && argv) throw notRunFailure('only command or argv can be given, not both');
  if (argv !== undefined) return argv;
  try {
    return shlexSplit(args.cmd ?? '');
  } catch (e) {
    if (e instanceof ShlexError) throw new ModuleFailure(`cannot split the command: ${e.message}`, { failed: true });
    throw e;
  }
}

/** Shell text that execs the argv with every word quoted (dash's exec takes no options). */
export function argvShell(argv: string[]): string {
  return argv.map((w) => quote(w)).join(' ');
}

/** Ansible's warning for command's `executable` (modules/command.py), word for word. */
export function executableWarning(executable: string): string {
  return `As of Ansible 2.4, the parameter 'executable' is no longer supported with the 'command' module. Not using '${executable}'.`;
}

const action = commandAction((args: CommandArgs) => {
  const argv = commandArgv(args);
  return { command: argvShell(argv), cmd: argv, ...runOptions(args) };
});

export const commandModule = defineAction({
  name: 'command',
  aliases: builtinAliases('command'),
  schema: commandSchema,
  freeForm: 'cmd',
  run: (args: CommandArgs, ctx) => {
    if (args.executable) ctx.warn(executableWarning(args.executable));
    return action.run(args, ctx);
  },
  check: (args: CommandArgs, ctx) => {
    if (args.executable) ctx.warn(executableWarning(args.executable));
    return action.check(args, ctx);
  },
});
