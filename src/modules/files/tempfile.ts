/**
 * tempfile: create a fresh temporary file (0600) or directory (0700) and return its path, as
 * Ansible's modules/tempfile.py (mkstemp/mkdtemp): in `path`, else the host's TMPDIR or /tmp; named
 * prefix (default "ansible.") + random characters + suffix. Always changed; like Ansible's, it has
 * no check mode (the task is skipped there).
 */
import { z } from 'zod';
import { defineAction } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { sh } from '../../util/quote.js';
import { builtinAliases, stringish } from '../kit/args.js';
import { pathArg } from './args.js';

export const tempfileSchema = z
  .object({
    state: z.enum(['file', 'directory']).default('file'),
    path: pathArg.optional(),
    prefix: stringish.default('ansible.'),
    suffix: stringish.default(''),
  })
  .strict()
  .superRefine((a, c) => {
    if (a.prefix.includes('/') || a.suffix.includes('/')) c.addIssue({ code: 'custom', path: ['prefix'], message: 'prefix and suffix cannot contain "/"' });
  });

type TempfileArgs = z.infer<typeof tempfileSchema>;

/** The mktemp command (GNU coreutils): the random part is 8 characters, as Python's. */
export function tempfileCommand(a: TempfileArgs): string {
  const words = [...(a.state === 'directory' ? ['-d'] : []), ...(a.path === undefined ? ['--tmpdir'] : ['-p', a.path]), `--suffix=${a.suffix}`, '--', a.prefix + 'XXXXXXXX'];
  return sh`LC_ALL=C mktemp ${words}`;
}

export const tempfileModule = defineAction({
  name: 'tempfile',
  aliases: builtinAliases('tempfile'),
  schema: tempfileSchema,
  async run(args, ctx) {
    const r = await ctx.exec(tempfileCommand(args));
    const made = r.stdout.trim();
    if (r.rc !== 0 || !made) {
      const why = r.stderr.trim().replace(/^mktemp: /, '') || `mktemp exited with ${r.rc}`;
      throw new ModuleFailure(why);
    }
    return { changed: true, result: { changed: true, path: made } };
  },
});
