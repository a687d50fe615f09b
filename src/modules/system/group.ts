/**
 * group: local groups with Ansible's arguments (name, gid, state, system, non_unique, force) and
 * result ({name, state, gid, system}). ONE round trip reads the entry; groupadd/groupmod/groupdel
 * run with every argument quoted.
 */
import { z } from 'zod';
import { defineModule, type ModuleResult } from '../types.js';
import { quote } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { dictDiff } from '../kit/diff.js';
import { accountName, idArg } from './args.js';
import { parseGroup, type GroupEntry } from './accounts.js';
import { sectionMark, sections } from '../../util/sections.js';
import { boolish, builtinAliases } from '../kit/args.js';

export const groupSchema = z
  .object({
    name: accountName,
    gid: idArg.optional(),
    state: z.enum(['present', 'absent']).default('present'),
    system: boolish.default(false),
    non_unique: boolish.default(false),
    force: boolish.default(false),
    local: boolish.optional(),
  })
  .strict()
  .superRefine((a, c) => {
    if (a.non_unique && a.gid === undefined) c.addIssue({ code: 'custom', message: 'non_unique is True but all of the following are missing: gid' });
  });

export type GroupArgs = z.infer<typeof groupSchema>;

/** The groupadd/groupmod/groupdel argv, or undefined when the group is already as asked. */
export function decideGroup(a: GroupArgs, cur: GroupEntry | undefined): string[] | undefined {
  if (a.state === 'absent') return cur ? ['groupdel', ...(a.force ? ['-f'] : []), a.name] : undefined;
  if (!cur) {
    return ['groupadd', ...(a.gid !== undefined ? ['-g', String(a.gid), ...(a.non_unique ? ['-o'] : [])] : []), ...(a.system ? ['-r'] : []), a.name];
  }
  if (a.gid !== undefined && a.gid !== cur.gid) return ['groupmod', '-g', String(a.gid), ...(a.non_unique ? ['-o'] : []), a.name];
  return undefined;
}

function script(argv: string[] | undefined, name: string): string {
  const lines: string[] = [];
  if (argv) lines.push(argv.map((w) => quote(w)).join(' '), '_rc=$?');
  else lines.push('_rc=0');
  lines.push(sectionMark('group'), `getent group -- ${quote(name)} || true`, 'exit "$_rc"');
  return lines.join('\n') + '\n';
}

export const groupModule = defineModule({
  name: 'group',
  aliases: builtinAliases('group'),
  schema: groupSchema,
  async plan(args, ctx) {
    const read = async (argv?: string[]) => {
      const r = await ctx.exec(script(argv, args.name));
      const entry = (sections(r.stdout).group ?? '').split('\n').map(parseGroup).find(Boolean);
      return { r, entry };
    };
    const { entry: cur } = await read();
    const argv = decideGroup(args, cur);
    const result: ModuleResult = { name: args.name, state: args.state, changed: argv !== undefined };
    if (args.state === 'present') Object.assign(result, { system: args.system, ...(cur ? { gid: cur.gid } : {}) });
    if (!argv) return { changed: false, result };
    const diff = dictDiff(
      { name: args.name, state: cur ? 'present' : 'absent', ...(cur ? { gid: cur.gid } : {}) },
      { name: args.name, state: args.state, ...(args.state === 'present' && args.gid !== undefined ? { gid: args.gid } : {}) },
      { before: `group ${args.name}`, after: `group ${args.name}` },
    );
    return {
      changed: true,
      diff,
      result,
      apply: async () => {
        const { r, entry } = await read(argv);
        if (r.rc !== 0) throw new ModuleFailure(`${argv[0]} failed: ${r.stderr.trim() || `rc ${r.rc}`}`, { ...result, rc: r.rc, stderr: r.stderr });
        return args.state === 'present' && entry ? { gid: entry.gid } : {};
      },
    };
  },
});
