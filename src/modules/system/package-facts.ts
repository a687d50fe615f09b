/**
 * package_facts: the installed Debian packages as ansible_facts.packages = {name: [{name, version,
 * arch, category, source: 'apt'}]} (a list per name: several architectures or versions may be
 * installed). One dpkg-query; never changed.
 */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, stringList } from '../kit/args.js';

export const packageFactsSchema = z
  .object({
    manager: stringList.default(['auto']),
    strategy: z.enum(['first', 'all']).default('first'),
  })
  .strict()
  .superRefine((a, c) => {
    for (const m of a.manager) {
      if (!['auto', 'apt', 'dpkg'].includes(m)) c.addIssue({ code: 'custom', path: ['manager'], message: `manager ${m} is not supported (Debian hosts: auto, apt)` });
    }
  });

export const PACKAGE_FORMAT = '${db:Status-Abbrev}\\t${Package}\\t${Version}\\t${Architecture}\\t${Section}\\n';

export interface PackageFact {
  name: string;
  version: string;
  arch: string;
  category: string;
  source: 'apt';
}

export function parsePackageList(out: string): Record<string, PackageFact[]> {
  const res: Record<string, PackageFact[]> = {};
  for (const line of out.split('\n')) {
    const f = line.split('\t');
    if (f.length < 5 || !'iWt'.includes(f[0][1] ?? '')) continue;
    (res[f[1]] ??= []).push({ name: f[1], version: f[2], arch: f[3], category: f[4], source: 'apt' });
  }
  return res;
}

export const packageFactsModule = defineModule({
  name: 'package_facts',
  aliases: builtinAliases('package_facts'),
  schema: packageFactsSchema,
  async plan(_args, ctx) {
    const r = await ctx.exec(sh`dpkg-query -W -f ${PACKAGE_FORMAT}`, { env: { LC_ALL: 'C' } });
    if (r.rc !== 0) throw new ModuleFailure(`Could not detect a supported package manager: dpkg-query failed: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc });
    return { changed: false, result: { changed: false, ansible_facts: { packages: parsePackageList(r.stdout) } } };
  },
});
