/** shell: run a command string through /bin/sh (or `executable -c`), with command's options. */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { sh } from '../../util/quote.js';
import { boolish, builtinAliases, stringish, shellString } from './schema.js';
import { planRun } from './runner.js';
import { liftFreeFormOptions } from './free-form.js';

export const shellSchema = z.preprocess(
  liftFreeFormOptions,
  z
    .object({
      cmd: stringish.refine((s) => s.trim() !== '', 'no command given'),
      chdir: shellString.optional(),
      creates: shellString.optional(),
      removes: shellString.optional(),
      stdin: stringish.optional(),
      stdin_add_newline: boolish.default(true),
      strip_empty_ends: boolish.default(true),
      executable: shellString.min(1).optional(),
    })
    .strict(),
);

export type ShellArgs = z.infer<typeof shellSchema>;

/** Shell text that execs `executable -c cmd` (default /bin/sh). */
export function shellCommand(cmd: string, executable = '/bin/sh'): string {
  return sh`${executable} -c ${cmd}`;
}

export const shellModule = defineModule({
  name: 'shell',
  aliases: builtinAliases('shell'),
  schema: shellSchema,
  freeForm: 'cmd',
  async plan(args, ctx) {
    return planRun(
      {
        command: shellCommand(args.cmd, args.executable),
        cmd: args.cmd,
        chdir: args.chdir,
        creates: args.creates,
        removes: args.removes,
        stdin: args.stdin,
        stdinAddNewline: args.stdin_add_newline,
        stripEmptyEnds: args.strip_empty_ends,
      },
      ctx,
    );
  },
});
