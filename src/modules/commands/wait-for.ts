/**
 * wait_for: wait for a port to open/close/drain or a file to appear (with content)/disappear, checked
 * FROM the managed host in one remote loop (see wait-for-script.ts); with neither, just wait.
 */
import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineModule, type ModuleContext, type ModuleResult, type Plan } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { builtinAliases, nonNegative, numberish, stringList, shellString } from '../kit/args.js';
import { newNonce } from '../kit/run-script.js';
import { addressHexes, buildWaitScript, matchGroups, parseWaitOutput, TCP_STATES, type WaitSpec, type WaitState } from './wait-for-script.js';

const HOST_RE = /^(?!-)[A-Za-z0-9._:-]+$/;

export const waitForSchema = z
  .object({
    host: shellString.regex(HOST_RE, 'expected a host name or IP address').default('127.0.0.1'),
    port: numberish.pipe(z.number().int().min(1).max(65535)).optional(),
    path: shellString.min(1).optional(),
    search_regex: shellString.min(1).optional(),
    state: z.enum(['started', 'present', 'stopped', 'absent', 'drained']).default('started'),
    delay: nonNegative.default(0),
    timeout: nonNegative.default(300),
    sleep: nonNegative.pipe(z.number().positive()).default(1),
    connect_timeout: nonNegative.pipe(z.number().positive()).default(5),
    msg: shellString.optional(),
    exclude_hosts: stringList.optional(),
    active_connection_states: stringList
      .pipe(z.array(z.enum(Object.keys(TCP_STATES) as [string, ...string[]])))
      .default(['ESTABLISHED', 'FIN_WAIT1', 'FIN_WAIT2', 'SYN_RECV', 'SYN_SENT', 'TIME_WAIT']),
  })
  .strict()
  .superRefine((a, c) => {
    const bad = (message: string) => c.addIssue({ code: 'custom', message });
    if (a.port !== undefined && a.path !== undefined) bad('port and path parameter can not both be passed to wait_for');
    if (a.path !== undefined && a.state === 'stopped') bad('state=stopped should only be used for checking a port in the wait_for module');
    if (a.path !== undefined && a.state === 'drained') bad('state=drained should only be used for checking a port in the wait_for module');
    if (a.port !== undefined && a.state === 'absent') bad('state=absent should only be used for checking a file in the wait_for module');
    if (a.port === undefined && a.state === 'drained') bad('state=drained needs a port');
    if (a.exclude_hosts !== undefined && a.state !== 'drained') bad('exclude_hosts should only be with state=drained');
    if (a.search_regex !== undefined && (a.state === 'stopped' || a.state === 'absent' || a.state === 'drained'))
      bad(`search_regex cannot be used with state=${a.state}`);
    for (const h of a.exclude_hosts ?? []) {
      try {
        addressHexes(h);
      } catch (e) {
        bad((e as Error).message);
      }
    }
  });

export type WaitForArgs = z.infer<typeof waitForSchema>;

export function waitSpec(a: WaitForArgs): WaitSpec {
  return {
    host: a.host,
    port: a.port,
    path: a.path,
    searchRegex: a.search_regex,
    state: a.state as WaitState,
    delay: a.delay,
    timeout: a.timeout,
    sleep: a.sleep,
    connectTimeout: a.connect_timeout,
    excludeHosts: a.exclude_hosts ?? [],
    activeStates: a.active_connection_states,
  };
}

/** Ansible's timeout message for each kind of wait. */
export function timeoutMessage(a: WaitForArgs): string {
  if (a.msg) return a.msg;
  const where = a.path ?? `${a.host}:${a.port}`;
  if (a.path !== undefined) {
    if (a.state === 'absent') return `Timeout when waiting for ${a.path} to be absent.`;
    if (a.search_regex !== undefined) return `Timeout when waiting for search string ${a.search_regex} in ${a.path}`;
    return `Timeout when waiting for file ${a.path}`;
  }
  if (a.state === 'stopped') return `Timeout when waiting for ${where} to stop.`;
  if (a.state === 'drained') return `Timeout when waiting for ${where} to drain`;
  if (a.search_regex !== undefined) return `Timeout when waiting for search string ${a.search_regex} in ${where}`;
  return `Timeout when waiting for ${where}`;
}

/** The result fields Ansible returns for a successful wait. */
export function successResult(a: WaitForArgs, elapsedSec: number, data?: string): ModuleResult {
  const r: ModuleResult = { changed: false, elapsed: Math.floor(elapsedSec), state: a.state };
  if (a.path !== undefined) r.path = a.path;
  if (a.port !== undefined) {
    r.port = a.port;
    r.path = null;
  }
  if (a.search_regex !== undefined) {
    r.search_regex = a.search_regex;
    Object.assign(r, matchGroups(a.search_regex, data));
  } else if (a.port !== undefined || a.path !== undefined) Object.assign(r, { match_groups: [], match_groupdict: {} });
  return r;
}

async function justWait(a: WaitForArgs, ctx: ModuleContext): Promise<Plan> {
  const start = Date.now();
  await sleep((a.delay + a.timeout) * 1000, undefined, { signal: ctx.signal });
  return { changed: false, result: { changed: false, elapsed: Math.floor((Date.now() - start) / 1000) } };
}

export const waitForModule = defineModule({
  name: 'wait_for',
  aliases: builtinAliases('wait_for'),
  schema: waitForSchema,
  async plan(args, ctx) {
    if (args.port === undefined && args.path === undefined) return justWait(args, ctx);
    const nonce = newNonce();
    const spec = waitSpec(args);
    const guardMs = (args.delay + args.timeout + args.connect_timeout + 30) * 1000;
    const r = await ctx.exec(buildWaitScript(nonce, spec), { timeoutMs: guardMs });
    const out = parseWaitOutput(nonce, r.stdout);
    if (!out) throw new ModuleFailure(`wait_for: the wait loop failed (rc ${r.rc}): ${r.stderr.trim()}`, { failed: true, rc: r.rc, stderr: r.stderr });
    if (out.status === 'notool')
      throw new ModuleFailure(
        `wait_for: the host has no ${args.search_regex === undefined ? 'bash or nc' : 'bash'} to connect to ${args.host}:${args.port}`,
        { failed: true },
      );
    if (out.status === 'timeout') {
      const msg = timeoutMessage(args);
      throw new ModuleFailure(msg, { changed: false, failed: true, msg, elapsed: Math.floor(out.elapsed) });
    }
    return { changed: false, result: successResult(args, out.elapsed, out.data) };
  },
});
