/** shell: run a command string through /bin/sh (or `executable -c`), with command's options. */
import { z } from 'zod';
import { defineAction } from '../types.js';
import { sh } from '../../util/quote.js';
import { builtinAliases, stringish, shellString } from '../kit/args.js';
import { commandAction, notRunFailure, runOptionFields, runOptions } from '../kit/run-command.js';
import { liftFreeFormOptions } from '../kit/free-form.js';

export const shellSchema = z.preprocess(
  liftFreeFormOptions,
  z
    .object({
      cmd: stringish.optional(),
      ...runOptionFields,
      executable: shellString.min(1).optional(),
    })
    .strict(),
);

export type ShellArgs = z.infer<typeof shellSchema>;

/** Shell text that execs `executable -c cmd` (default /bin/sh). */
export function shellCommand(cmd: string, executable = '/bin/sh'): string {
  return sh`${executable} -c ${cmd}`;
}

export const shellModule = defineAction({
  name: 'shell',
  aliases: builtinAliases('shell'),
  schema: shellSchema,
  freeForm: 'cmd',
  ...commandAction((args: ShellArgs) => {
    // as command with _uses_shell: an empty command fails when it runs (rc 256)
    if (args.cmd === undefined || args.cmd.trim() === '') throw notRunFailure('no command given');
    return { command: shellCommand(args.cmd, args.executable), cmd: args.cmd, ...runOptions(args) };
  }),
});
