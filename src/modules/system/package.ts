/**
 * package: Ansible's generic package module. It picks the host's package manager (`use: auto`: the
 * pkg_mgr fact, read with one command when facts were not gathered) and hands every other argument to
 * that manager's module, as Ansible's package action does. machinist's hosts are Debian: the manager
 * is apt, whose arguments are checked when the playbook loads; a host with another manager (or `use:`
 * naming another) fails the task with the reason.
 */
import { z } from 'zod';
import { defineAction, type ModuleContext, type Outcome } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases } from '../kit/args.js';
import { aptModule, aptSchema, type AptArgs } from './apt.js';

export const packageSchema = z
  .object({ use: z.string().default('auto') })
  .passthrough()
  .transform((a, c) => {
    const { use, ...rest } = a as { use: string } & Record<string, unknown>;
    const apt = aptSchema.safeParse(rest);
    if (!apt.success) {
      for (const issue of apt.error.issues) c.addIssue(issue);
      return z.NEVER;
    }
    return { use, apt: apt.data as AptArgs };
  });

export type PackageArgs = z.infer<typeof packageSchema>;

/** The package manager the task uses: `use`, else the pkg_mgr fact, else what the host has. */
export async function packageManager(use: string, ctx: ModuleContext): Promise<string> {
  if (use !== 'auto') return use;
  const facts = ctx.vars.ansible_facts as Record<string, unknown> | undefined;
  const known = facts?.pkg_mgr ?? ctx.vars.ansible_pkg_mgr;
  if (typeof known === 'string' && known) return known;
  const r = await ctx.exec('if command -v apt-get >/dev/null 2>&1; then echo apt; else echo unknown; fi');
  return r.stdout.trim() || 'unknown';
}

async function manager(args: PackageArgs, ctx: ModuleContext): Promise<void> {
  const m = await packageManager(args.use, ctx);
  if (m !== 'apt') {
    const why = args.use === 'auto' ? `the host's package manager is ${m}` : `use: ${m}`;
    throw new ModuleFailure(`package: ${why}; machinist installs packages with apt (Debian hosts) only`);
  }
}

export const packageModule = defineAction({
  name: 'package',
  aliases: builtinAliases('package'),
  schema: packageSchema,
  run: async (args, ctx): Promise<Outcome> => {
    await manager(args, ctx);
    return aptModule.run(args.apt, ctx);
  },
  check: async (args, ctx) => {
    await manager(args, ctx);
    return aptModule.check!(args.apt, ctx);
  },
});
