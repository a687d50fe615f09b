/**
 * reboot: reboot the host and wait until it is back. Records the boot id (boot_time_command), starts
 * the reboot detached (so the SSH channel closing is not a failure), then closes the connection and
 * reconnects with backoff until the boot id differs and test_command succeeds, within reboot_timeout.
 * Result {rebooted, elapsed} as Ansible's. Check mode: changed, nothing done.
 */
import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineModule, type ModuleContext, type ModuleResult } from '../types.js';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { withTimeout } from '../../util/timeout.js';
import { builtinAliases, nonNegative, stringish } from '../kit/args.js';

const positive = nonNegative.pipe(z.number().positive());

export const rebootSchema = z
  .object({
    reboot_timeout: positive.default(600),
    connect_timeout: positive.optional(),
    pre_reboot_delay: nonNegative.default(0),
    post_reboot_delay: nonNegative.default(0),
    test_command: stringish.default('whoami'),
    msg: stringish.default('Reboot initiated by machinist'),
    boot_time_command: stringish.default('cat /proc/sys/kernel/random/boot_id'),
    reboot_command: stringish.optional(),
    search_paths: z.unknown().optional(),
  })
  .strict();

export type RebootArgs = z.infer<typeof rebootSchema>;

/**
 * Shell text that starts the reboot in the background, detached from the session, after the delay,
 * and returns at once: systemctl where systemd runs, else shutdown, else reboot.
 */
export function rebootCommand(args: Pick<RebootArgs, 'pre_reboot_delay' | 'msg' | 'reboot_command'>): string {
  const delay = Math.floor(args.pre_reboot_delay);
  const how = args.reboot_command
    ? sh`/bin/sh -c ${args.reboot_command}`
    : sh`if [ -d /run/systemd/system ]; then systemctl reboot; else shutdown -r now ${args.msg} || reboot; fi`;
  const inner = `sleep ${delay + 1}; ${how}`;
  const detached = sh`/bin/sh -c ${inner}`;
  return `if command -v setsid >/dev/null 2>&1; then setsid ${detached} </dev/null >/dev/null 2>&1 & else nohup ${detached} </dev/null >/dev/null 2>&1 & fi\necho started\n`;
}

/** Backoff between reconnect attempts: 1, 2, 4, then every 5 s. */
export function backoffMs(attempt: number): number {
  return Math.min(5000, 1000 * 2 ** Math.min(attempt, 3));
}

async function bootId(ctx: ModuleContext, cmd: string, timeoutMs: number): Promise<string> {
  const r = await ctx.exec(cmd, { timeoutMs });
  const id = r.stdout.trim();
  if (r.rc !== 0 || !id) throw new Error(`boot time command failed (rc ${r.rc}): ${r.stderr.trim()}`);
  return id;
}

export async function doReboot(args: RebootArgs, ctx: ModuleContext, now = () => Date.now()): Promise<ModuleResult> {
  const start = now();
  const connectMs = (args.connect_timeout ?? 10) * 1000;
  let before: string;
  try {
    before = await bootId(ctx, args.boot_time_command, connectMs);
  } catch (e) {
    throw new ModuleFailure(`Failed to determine system last boot time: ${(e as Error).message}`, { rebooted: false });
  }
  const r = await ctx.exec(rebootCommand(args));
  if (r.rc !== 0) throw new ModuleFailure(`Reboot command failed: ${r.stderr.trim() || `rc ${r.rc}`}`, { rebooted: false, rc: r.rc, stderr: r.stderr });
  // the reboot starts a second after the command returned (plus the delay)
  await sleep((Math.floor(args.pre_reboot_delay) + 1 + args.post_reboot_delay) * 1000, undefined, { signal: ctx.signal });
  const deadline = start + (args.pre_reboot_delay + args.reboot_timeout) * 1000;
  let last = 'no attempt was made';
  let stage: 'boot' | 'test' = 'boot';
  for (let attempt = 0; ; attempt++) {
    ctx.signal.throwIfAborted();
    try {
      await ctx.conn.close().catch(() => {});
      await withTimeout(ctx.conn.connect(), connectMs, 'connect');
      if (stage === 'boot') {
        const id = await bootId(ctx, args.boot_time_command, connectMs);
        if (id === before) throw new Error('the host has not rebooted yet (same boot id)');
        stage = 'test';
      }
      const t = await ctx.exec(args.test_command, { timeoutMs: connectMs });
      if (t.rc !== 0) throw new Error(`test command failed (rc ${t.rc}): ${t.stderr.trim()}`);
      return { changed: true, rebooted: true, elapsed: Math.round((now() - start) / 1000) };
    } catch (e) {
      if (ctx.signal.aborted) throw e;
      last = (e as Error).message;
    }
    const wait = backoffMs(attempt);
    if (now() + wait > deadline) break;
    await sleep(wait, undefined, { signal: ctx.signal });
  }
  const what = stage === 'boot' ? 'last boot time check' : 'post-reboot test command';
  throw new ModuleFailure(`Timed out waiting for ${what} (timeout=${args.reboot_timeout}): ${last}`, {
    rebooted: true,
    elapsed: Math.round((now() - start) / 1000),
  });
}

export const rebootModule = defineModule({
  name: 'reboot',
  aliases: builtinAliases('reboot'),
  schema: rebootSchema,
  async plan(args, ctx) {
    if (ctx.check) return { changed: true, result: { changed: true, rebooted: true, elapsed: 0 } };
    return { changed: true, result: { changed: true }, apply: () => doReboot(args, ctx) };
  },
});
