/**
 * interfaces_file (community.general.interfaces_file): one option of one stanza of an interfaces(5)
 * file, added, changed or removed; every other line and comment kept. ONE probe reads the file (and
 * its attributes); the edit is pure (interfaces-parse.ts); the file is written atomically (ctx.put,
 * through write.ts: backup, mode/owner/group). Returns {dest, ifaces} as the original module does.
 * Unlike the original, mode/owner/group are applied (it accepts them and ignores them), a content
 * diff is returned, and an option added after a last line without a newline gets its own line.
 */
import { z } from 'zod';
import { defineModule } from '../../types.js';
import { ModuleFailure } from '../../../util/errors.js';
import { probe } from '../../kit/file-probe.js';
import { applyWrite, decideWrite } from '../../kit/file-write.js';
import { ifacesOf, InterfacesError, parseInterfaces, renderInterfaces, setOption } from './interfaces-parse.js';
import { boolish } from '../../kit/args.js';
import { fileCommon } from '../../kit/file-args.js';

/** A value as Ansible's type=str makes it (Python's str(): True/False for booleans). */
const strValue = z.preprocess(
  (v) => (typeof v === 'boolean' ? (v ? 'True' : 'False') : typeof v === 'number' ? String(v) : v),
  z.string().regex(/^[^\n\r\0]*$/, 'a value cannot contain a newline'),
);

const word = (what: string) =>
  z.string().min(1, `${what} is empty`).regex(/^[^\s#\0]+$/, `${what} must be one word (no spaces, no '#')`);

export const interfacesFileSchema = z
  .object({
    dest: z.string().regex(/^\/[^\0\n]*$/, 'dest must be an absolute path').default('/etc/network/interfaces'),
    iface: word('iface').optional(),
    address_family: word('address_family').optional(),
    option: word('option').optional(),
    value: strValue.optional(),
    backup: boolish.default(false),
    state: z.enum(['present', 'absent']).default('present'),
    ...fileCommon,
  })
  .strict()
  .superRefine((a, c) => {
    if (a.option !== undefined && a.iface === undefined) c.addIssue({ code: 'custom', message: "missing parameter(s) required by 'option': iface" });
    if (a.option !== undefined && a.state === 'present' && a.value === undefined) {
      c.addIssue({ code: 'custom', message: "Value must be set if option is defined and state is 'present'" });
    }
  });

export const interfacesFileModule = defineModule({
  name: 'interfaces_file',
  aliases: ['community.general.interfaces_file', 'machinist.nspawn.interfaces_file'],
  schema: interfacesFileSchema,
  async plan(args, ctx) {
    const dest = args.dest;
    const { env, paths } = await probe(ctx, [{ path: dest, follow: true, hash: 'sha256', content: 'always', maxBytes: 4 * 1024 * 1024 }]);
    const st = paths[0];
    if (!st.exists) throw new ModuleFailure(`${dest} does not exist`, { dest });
    if (st.type !== 'file') throw new ModuleFailure(`${dest} is a ${st.type}, not a file`, { dest });
    if (st.content === undefined) throw new ModuleFailure(`could not read ${dest} (${st.contentSkipped ?? st.error ?? 'unreadable'})`, { dest });
    const before = st.content.toString('utf8');
    let lines;
    let changed = false;
    try {
      lines = parseInterfaces(before);
      if (args.option !== undefined) {
        ({ changed, lines } = setOption(lines, args.iface!, args.option, args.value, args.state, args.address_family));
      }
    } catch (e) {
      if (e instanceof InterfacesError) throw new ModuleFailure(e.message, { dest });
      throw e;
    }
    const ifaces = ifacesOf(lines);
    const after = changed ? renderInterfaces(lines) : before;
    const content = Buffer.from(after, 'utf8');
    const target = st.real ?? dest;
    const attrs = { mode: args.mode, owner: args.owner, group: args.group };
    const d = decideWrite({ dest: target, st, env, content, args: attrs, before: st.content });
    const result = { dest, ifaces, changed: d.changed };
    if (!d.changed) return { changed: false, result };
    return {
      changed: true,
      diff: d.diff,
      result,
      apply: async () => applyWrite(ctx, d, content, { ...attrs, backup: args.backup }),
    };
  },
});
