/**
 * service: Ansible's generic service module. On systemd hosts (systemd's runtime directory exists)
 * it is the systemd module with name/state/enabled; on a host without systemd it drives the SysV
 * init script (`service NAME ACTION`, `update-rc.d NAME enable|disable`), as Ansible's sysv backend.
 */
import { z } from 'zod';
import { setTimeout as sleep } from 'node:timers/promises';
import { defineModule, type ModuleContext, type Plan } from '../types.js';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { planSystemd, unitName, STATES } from './systemd.js';
import { shlexSplit } from '../../py/shlex.js';
import { sectionMark, sections } from '../../util/sections.js';
import { boolish, builtinAliases, nonNegative, renameAliases, shellString } from '../kit/args.js';

export const serviceSchema = z.preprocess(
  renameAliases({ name: ['service'], arguments: ['args'] }),
  z
    .object({
      name: unitName,
      state: z.enum(STATES).optional(),
      enabled: boolish.optional(),
      sleep: nonNegative.optional(),
      pattern: z.string().optional(),
      runlevel: z.string().optional(),
      arguments: shellString.default(''),
      use: z.enum(['auto', 'systemd', 'sysv', 'service']).default('auto'),
    })
    .strict()
    .superRefine((a, c) => {
      if (a.state === undefined && a.enabled === undefined) c.addIssue({ code: 'custom', message: 'one of the following is required: state, enabled' });
    }),
);

export type ServiceArgs = z.infer<typeof serviceSchema>;

export function sysvProbeScript(name: string): string {
  return [
    sectionMark('script'),
    sh`if [ -x /etc/init.d/${name} ]; then echo yes; else echo no; fi`,
    sectionMark('status'),
    sh`service ${name} status >/dev/null 2>&1; echo "$?"`,
    sectionMark('links'),
    sh`for _l in /etc/rc2.d/S*${name} /etc/rc3.d/S*${name} /etc/rc4.d/S*${name} /etc/rc5.d/S*${name}; do [ -e "$_l" ] && echo "$_l"; done; true`,
  ].join('\n') + '\n';
}

export interface SysvState {
  script: boolean;
  running: boolean;
  enabled: boolean;
}

export function parseSysvProbe(out: string, name: string): SysvState {
  const s = sections(out);
  const links = (s.links ?? '').split('\n').filter((l) => new RegExp(`/S\\d\\d${name.replace(/[.+^${}()|[\]\\*?]/g, '\\$&')}$`).test(l));
  return { script: (s.script ?? '').trim() === 'yes', running: (s.status ?? '').trim() === '0', enabled: links.length > 0 };
}

export function decideSysv(args: Pick<ServiceArgs, 'state' | 'enabled'>, st: SysvState): { actions: string[]; state?: string } {
  const actions: string[] = [];
  if (args.enabled !== undefined && args.enabled !== st.enabled) actions.push(args.enabled ? 'enable' : 'disable');
  let state: string | undefined;
  if (args.state === 'started') {
    if (!st.running) actions.push('start');
    state = 'started';
  } else if (args.state === 'stopped') {
    if (st.running) actions.push('stop');
    state = 'stopped';
  } else if (args.state === 'restarted') {
    actions.push(st.running ? 'restart' : 'start');
    state = 'started';
  } else if (args.state === 'reloaded') {
    actions.push(st.running ? 'reload' : 'start');
    state = 'started';
  }
  return { actions, state };
}

async function planSysv(args: ServiceArgs, ctx: ModuleContext): Promise<Plan> {
  const r = await ctx.exec(sysvProbeScript(args.name));
  const st = parseSysvProbe(r.stdout, args.name);
  if (!st.script) throw new ModuleFailure(`Could not find the requested service ${args.name}: no systemd on this host and no /etc/init.d/${args.name}`);
  const d = decideSysv(args, st);
  const result: Record<string, unknown> = { name: args.name, changed: d.actions.length > 0 };
  if (d.state) result.state = d.state;
  if (args.enabled !== undefined) result.enabled = args.enabled;
  if (!d.actions.length) return { changed: false, result };
  let extra: string[];
  try {
    extra = shlexSplit(args.arguments);
  } catch (e) {
    throw new ModuleFailure(`cannot split arguments: ${(e as Error).message}`);
  }
  return {
    changed: true,
    result,
    apply: async () => {
      for (const a of d.actions) {
        if (a === 'restart' && args.sleep) {
          await runSysv(ctx, sh`service ${args.name} stop`, 'stop', args.name);
          await sleep(args.sleep * 1000, undefined, { signal: ctx.signal });
          await runSysv(ctx, sh`service ${args.name} start ${extra}`, 'start', args.name);
          continue;
        }
        const cmd =
          a === 'enable'
            ? sh`update-rc.d ${args.name} defaults >/dev/null 2>&1; update-rc.d ${args.name} enable`
            : a === 'disable'
              ? sh`update-rc.d ${args.name} disable`
              : sh`service ${args.name} ${a} ${extra}`;
        await runSysv(ctx, cmd, a, args.name);
      }
    },
  };
}

async function runSysv(ctx: ModuleContext, cmd: string, action: string, name: string): Promise<void> {
  const x = await ctx.exec(cmd);
  if (x.rc !== 0) throw new ModuleFailure(`Unable to ${action} service ${name}: ${(x.stderr || x.stdout).trim()}`, { rc: x.rc, stdout: x.stdout, stderr: x.stderr });
}

export const serviceModule = defineModule({
  name: 'service',
  aliases: builtinAliases('service'),
  schema: serviceSchema,
  async plan(args, ctx) {
    if (args.use === 'sysv' || args.use === 'service') return planSysv(args, ctx);
    return planSystemd({ name: args.name, state: args.state, enabled: args.enabled, scope: 'system' }, ctx, args.use === 'systemd' ? undefined : () => planSysv(args, ctx));
  },
});
