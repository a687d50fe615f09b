/** ping: one round trip to the host; returns {ping: data}. data 'crash' fails, as Ansible's does. */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, stringish } from '../kit/args.js';

export const pingSchema = z.object({ data: stringish.default('pong') }).strict();

export const pingModule = defineModule({
  name: 'ping',
  aliases: builtinAliases('ping'),
  schema: pingSchema,
  async plan(args, ctx) {
    // `true` is a dash builtin: the round trip proves the connection, the shell and become work.
    const r = await ctx.exec('true');
    if (r.rc !== 0) throw new ModuleFailure(`the host did not answer the ping: rc ${r.rc} ${r.stderr.trim()}`.trim(), { failed: true, rc: r.rc, stderr: r.stderr });
    if (args.data === 'crash') throw new ModuleFailure('boom', { failed: true, exception: 'Exception: boom' });
    return { changed: false, result: { changed: false, ping: args.data } };
  },
});
