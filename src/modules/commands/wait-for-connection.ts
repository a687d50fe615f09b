/**
 * wait_for_connection: reconnect (close, then connect) until a trivial command runs on the host,
 * e.g. after a reboot or a network change. Skipped in check mode, as Ansible does.
 */
import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineModule, type ModuleContext } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, nonNegative } from '../kit/args.js';
import { withTimeout } from '../../util/timeout.js';

export const waitForConnectionSchema = z
  .object({
    delay: nonNegative.default(0),
    sleep: nonNegative.pipe(z.number().positive()).default(1),
    timeout: nonNegative.default(600),
    connect_timeout: nonNegative.pipe(z.number().positive()).default(5),
  })
  .strict();

/** One attempt: fresh connection, then `true`. Throws with the reason on failure. */
async function attempt(ctx: ModuleContext, connectTimeoutMs: number): Promise<void> {
  await ctx.conn.close().catch(() => {});
  await withTimeout(ctx.conn.connect(), connectTimeoutMs, 'connect');
  const r = await ctx.exec('true', { timeoutMs: connectTimeoutMs });
  if (r.rc !== 0) throw new Error(`test command failed with rc ${r.rc}: ${r.stderr.trim()}`);
}

export const waitForConnectionModule = defineModule({
  name: 'wait_for_connection',
  aliases: builtinAliases('wait_for_connection'),
  schema: waitForConnectionSchema,
  async plan(args, ctx) {
    if (ctx.check) return { changed: false, skipInCheckMode: true };
    const start = Date.now();
    if (args.delay > 0) await sleep(args.delay * 1000, undefined, { signal: ctx.signal });
    const deadline = start + (args.delay + args.timeout) * 1000;
    let last = 'no attempt was made';
    for (;;) {
      ctx.signal.throwIfAborted();
      try {
        await attempt(ctx, args.connect_timeout * 1000);
        return { changed: false, result: { changed: false, elapsed: Math.floor((Date.now() - start) / 1000) } };
      } catch (e) {
        if (ctx.signal.aborted) throw e;
        last = (e as Error).message;
      }
      if (Date.now() + args.sleep * 1000 > deadline) break;
      await sleep(args.sleep * 1000, undefined, { signal: ctx.signal });
    }
    const elapsed = Math.floor((Date.now() - start) / 1000);
    const msg = `timed out waiting for ping module test: ${last}`;
    throw new ModuleFailure(msg, { failed: true, msg, elapsed });
  },
});
