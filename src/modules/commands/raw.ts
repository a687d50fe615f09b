/**
 * raw: the string runs as is (only the transport's own wrapping), or as `executable -c string`.
 * Always changed. An action module without check mode (Ansible's raw does not support it): in
 * check mode the task is skipped.
 */
import { z } from 'zod';
import { defineAction, type ModuleResult } from '../types.js';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, stringish, shellString } from '../kit/args.js';
import { withLines } from '../kit/run-result.js';

export const rawSchema = z
  .object({
    cmd: stringish.refine((s) => s.trim() !== '', 'no command given'),
    executable: shellString.min(1).optional(),
  })
  .strict();

export function rawCommand(cmd: string, executable?: string): string {
  return executable ? sh`${executable} -c ${cmd}` : cmd;
}

export const rawModule = defineAction({
  name: 'raw',
  aliases: builtinAliases('raw'),
  schema: rawSchema,
  freeForm: 'cmd',
  // no `check`: raw never runs in check mode
  async run(args, ctx) {
    const r = await ctx.exec(rawCommand(args.cmd, args.executable));
    const result: ModuleResult = withLines({ changed: true, rc: r.rc, stdout: r.stdout, stderr: r.stderr });
    if (r.rc !== 0) {
      result.failed = true;
      result.msg = 'non-zero return code';
      throw new ModuleFailure('non-zero return code', result);
    }
    return { changed: true, result };
  },
});
