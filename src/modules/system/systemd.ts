/**
 * systemd / systemd_service: units with Ansible's arguments and result ({name, state, enabled,
 * masked, status}). ONE round trip reads everything (after daemon-reload when asked): whether systemd
 * runs, `systemctl show UNIT` (the `status` dict) and `systemctl is-enabled UNIT`; the decision is
 * pure (systemd-parse.ts); the changes run as one more script, in Ansible's order.
 */
import { z } from 'zod';
import { defineModule, type ModuleContext, type Plan } from '../types.js';
import { raw, sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { decideSystemd, parseIsEnabled, parseSystemctlShow, type SystemdDecision, type SystemdWant } from './systemd-parse.js';
import { sectionMark, sections } from '../../util/sections.js';
import { boolish, builtinAliases, renameAliases } from '../kit/args.js';

/** Unit names as systemd accepts them (templates and instances too; no leading '-'). */
export const unitName = z
  .string({ invalid_type_error: 'expected a unit name (string)' })
  .regex(/^[A-Za-z0-9:_.@\\][A-Za-z0-9:_.@\\-]*$/, 'not a valid unit name (letters, digits, : _ . @ - \\)')
  .max(256);

export const STATES = ['started', 'stopped', 'restarted', 'reloaded'] as const;

export const systemdSchema = z.preprocess(
  renameAliases({ name: ['service', 'unit'], daemon_reload: ['daemon-reload'], daemon_reexec: ['daemon-reexec'] }),
  z
    .object({
      name: unitName.optional(),
      state: z.enum(STATES).optional(),
      enabled: boolish.optional(),
      force: boolish.optional(),
      masked: boolish.optional(),
      daemon_reload: boolish.default(false),
      daemon_reexec: boolish.default(false),
      scope: z.enum(['system', 'user', 'global']).default('system'),
      no_block: boolish.default(false),
    })
    .strict()
    .superRefine((a, c) => {
      if ((a.state !== undefined || a.enabled !== undefined || a.masked !== undefined) && a.name === undefined)
        c.addIssue({ code: 'custom', message: 'missing parameter(s) required by state, enabled or masked: name' });
      if (a.name === undefined && !a.daemon_reload && !a.daemon_reexec)
        c.addIssue({ code: 'custom', message: 'one of the following is required: name, daemon_reload, daemon_reexec' });
      if (a.scope === 'global' && a.state !== undefined) c.addIssue({ code: 'custom', message: 'state cannot be used with scope=global (global units are only enabled or masked)' });
    }),
);

export interface SystemdRun extends SystemdWant {
  daemon_reload?: boolean;
  daemon_reexec?: boolean;
  scope: 'system' | 'user' | 'global';
  no_block?: boolean;
  force?: boolean;
}

/** systemctl with the scope's flag; user scope gets its XDG_RUNTIME_DIR as Ansible sets it. */
function systemctl(scope: SystemdRun['scope']): string {
  return scope === 'user' ? 'systemctl --user' : scope === 'global' ? 'systemctl --global' : 'systemctl';
}

export function systemdProbeScript(r: SystemdRun, check: boolean): string {
  const sc = systemctl(r.scope);
  const lines: string[] = [];
  if (r.scope === 'user') lines.push(': "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"; export XDG_RUNTIME_DIR');
  lines.push(sectionMark('pid1'), 'if [ -d /run/systemd/system ]; then echo systemd; else echo other; fi');
  if (!check && (r.daemon_reload || r.daemon_reexec)) {
    const verb = r.daemon_reexec ? 'daemon-reexec' : 'daemon-reload';
    lines.push(sectionMark('reload'), `${sc} ${verb}; echo "$?"`);
    if (r.daemon_reexec && r.daemon_reload) lines.push(`${sc} daemon-reload || echo 1`);
  }
  if (r.name !== undefined && r.scope !== 'global') {
    lines.push(sectionMark('show'), sh`${raw(sc)} show ${r.name}; _rc=$?; ${raw(sectionMark('showrc'))}; echo "$_rc"`);
  } else if (r.name !== undefined) {
    // --global has no running manager to ask: read the unit files' state only
    lines.push(sectionMark('show'), sh`${raw('systemctl')} show ${r.name} -p LoadState -p UnitFileState 2>/dev/null; ${raw(sectionMark('showrc'))}; echo 0`);
  }
  if (r.name !== undefined) lines.push(sectionMark('enabled'), sh`${raw(sc)} is-enabled ${r.name} 2>/dev/null; _rc=$?; ${raw(sectionMark('enabledrc'))}; echo "$_rc"`);
  return lines.join('\n') + '\n';
}

export interface SystemdProbe {
  systemd: boolean;
  reloadRc?: number;
  status: Record<string, string>;
  showRc: number;
  enabled: boolean;
}

export function parseSystemdProbe(out: string): SystemdProbe {
  const s = sections(out);
  return {
    systemd: (s.pid1 ?? '').trim() === 'systemd',
    reloadRc: s.reload !== undefined ? Number(s.reload.trim().split('\n').pop()) : undefined,
    status: parseSystemctlShow(s.show ?? ''),
    showRc: Number((s.showrc ?? '0').trim()),
    enabled: parseIsEnabled(s.enabled ?? '', Number((s.enabledrc ?? '1').trim())),
  };
}

/** The change script: each action in order; the first failure stops it and names the action. */
export function systemdActionScript(r: SystemdRun, actions: SystemdDecision['actions']): string {
  const sc = systemctl(r.scope);
  const lines: string[] = [];
  if (r.scope === 'user') lines.push(': "${XDG_RUNTIME_DIR:=/run/user/$(id -u)}"; export XDG_RUNTIME_DIR');
  for (const a of actions) {
    const flags: string[] = [];
    if (r.no_block && ['start', 'stop', 'restart', 'reload'].includes(a)) flags.push('--no-block');
    if (r.force && ['enable', 'disable', 'mask', 'unmask'].includes(a)) flags.push('--force');
    lines.push(sh`${raw([sc, ...flags].join(' '))} ${a} ${r.name!} || { _rc=$?; echo ${a} >&2; exit "$_rc"; }`);
  }
  return lines.join('\n') + '\n';
}

const VERB: Record<string, string> = { mask: 'mask', unmask: 'unmask', enable: 'enable', disable: 'disable' };

/** Read, decide, and (not in check mode) apply. `notSystemd` handles hosts without systemd (service). */
export async function planSystemd(r: SystemdRun, ctx: ModuleContext, notSystemd?: () => Promise<Plan>): Promise<Plan> {
  const out = await ctx.exec(systemdProbeScript(r, ctx.check));
  const p = parseSystemdProbe(out.stdout);
  if (!p.systemd && r.scope !== 'global') {
    if (notSystemd) return notSystemd();
    throw new ModuleFailure(`systemd is not running on this host (no /run/systemd/system): cannot manage ${r.name ?? 'units'}`, { rc: 1, stderr: out.stderr });
  }
  if (p.reloadRc !== undefined && p.reloadRc !== 0) {
    throw new ModuleFailure(`failure ${p.reloadRc} during daemon-reload: ${out.stderr.trim()}`, { rc: p.reloadRc, stderr: out.stderr });
  }
  if (r.name === undefined) return { changed: false, result: { changed: false } };
  if (p.showRc !== 0) {
    throw new ModuleFailure(`failure ${p.showRc} running systemctl show for '${r.name}': ${out.stderr.trim()}`, { rc: p.showRc, stderr: out.stderr });
  }
  const d = decideSystemd(r, p.status, p.enabled, out.stderr);
  if (d.fail) throw new ModuleFailure(d.fail, { ...d.result, changed: false });
  const result = { ...d.result, changed: d.changed };
  if (!d.changed) return { changed: false, result };
  return {
    changed: true,
    result,
    apply: async () => {
      const x = await ctx.exec(systemdActionScript(r, d.actions));
      if (x.rc !== 0) {
        const lines = x.stderr.trimEnd().split('\n');
        const failed = lines.pop() ?? '';
        const verb = VERB[failed] ?? failed;
        throw new ModuleFailure(`Unable to ${verb} service ${r.name}: ${lines.join('\n').trim()}`, { ...result, rc: x.rc, stdout: x.stdout, stderr: x.stderr });
      }
    },
  };
}

export const systemdModule = defineModule({
  name: 'systemd',
  aliases: [...builtinAliases('systemd'), 'systemd_service', ...builtinAliases('systemd_service')],
  schema: systemdSchema,
  async plan(args, ctx) {
    return planSystemd(args, ctx);
  },
});
