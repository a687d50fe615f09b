/**
 * getent: a name service database (passwd, group, hosts, services, ...) as facts:
 * ansible_facts.getent_DATABASE = {key: [fields...]}, split as Ansible splits (':' for passwd, shadow,
 * group, gshadow; whitespace otherwise, unless `split` says). One command; never changed.
 */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { boolish, builtinAliases, stringish } from '../kit/args.js';

export const getentSchema = z
  .object({
    database: z.string().regex(/^[a-z][a-z0-9_]*$/, 'database: a name service database such as passwd, group, hosts, services'),
    key: stringish.optional(),
    split: z.string().min(1).optional(),
    fail_key: boolish.default(true),
    service: z.string().regex(/^[a-z0-9_]+$/, 'service: an NSS service name such as files or systemd').optional(),
  })
  .strict();

const COLON = new Set(['passwd', 'shadow', 'group', 'gshadow']);

/** Parse getent's output as Ansible does: the first field is the key; a repeated key keeps a list of records. */
export function parseGetent(out: string, database: string, split?: string): Record<string, unknown> {
  const sep = split ?? (COLON.has(database) ? ':' : undefined);
  const res: Record<string, unknown> = {};
  const dups = new Set<string>();
  for (const line of out.split('\n')) {
    if (line.trim() === '') continue;
    const record = sep === undefined ? line.trim().split(/\s+/) : line.split(sep);
    const [k, ...rest] = record;
    if (k in res) {
      if (!dups.has(k)) {
        res[k] = [res[k]];
        dups.add(k);
      }
      (res[k] as unknown[]).push(rest);
    } else res[k] = rest;
  }
  return res;
}

export const getentModule = defineModule({
  name: 'getent',
  aliases: builtinAliases('getent'),
  schema: getentSchema,
  async plan(args, ctx) {
    const words = [...(args.service ? ['-s', args.service] : []), args.database, ...(args.key !== undefined ? [args.key] : [])];
    const r = await ctx.exec(sh`getent ${words}`);
    const facts = parseGetent(r.stdout, args.database, args.split);
    if (r.rc === 1) throw new ModuleFailure('Missing arguments, or database unknown.', { rc: 1, stderr: r.stderr });
    if (r.rc === 3) throw new ModuleFailure('Enumeration not supported on this database.', { rc: 3 });
    const result: Record<string, unknown> = { changed: false, ansible_facts: { [`getent_${args.database}`]: facts } };
    if (r.rc === 2) {
      const msg = 'One or more supplied key could not be found in the database.';
      if (args.fail_key) throw new ModuleFailure(msg, { rc: 2, ansible_facts: result.ansible_facts });
      if (args.key !== undefined && !(args.key in facts)) facts[args.key] = null;
      result.msg = msg;
    } else if (r.rc !== 0) throw new ModuleFailure(`getent failed with rc ${r.rc}: ${r.stderr.trim()}`, { rc: r.rc });
    return { changed: false, result };
  },
});
