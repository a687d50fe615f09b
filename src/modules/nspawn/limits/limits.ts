/**
 * machine_limits: resource limits of a machine's unit (systemd-nspawn@NAME.service) with
 * `systemctl set-property` — persistent drop-ins in /etc/systemd/system.control, or with
 * `runtime: true` in /run/systemd/system.control (gone at reboot).
 *
 * ONE probe reads `systemctl show` and both control directories; values are compared in normal form
 * (MemoryMax=1G is shown as 1073741824, CPUQuota=50% as CPUQuotaPerSecUSec=500ms). Setting works
 * whether the machine runs or not: on systemd 252 `set-property` loads an inactive unit, writes its
 * drop-in and applies the value to a running one at once (checked on Debian 12). A key set to null
 * (or every named key with `state: absent`) is removed: its set-property drop-in is deleted and
 * systemd reloaded, which returns a running unit to its default. After a change the values are read
 * back in the same command, and a value that did not take (overridden by another drop-in) fails the
 * task.
 */
import { z } from 'zod';
import { defineModule, type ModuleContext, type Plan } from '../../types.js';
import { raw, sh } from '../../../util/quote.js';
import { ModuleFailure } from '../../../util/errors.js';
import { machineName, machineUnit, notThereYetInCheckMode } from '../common/names.js';
import { canonicalKeys, isPlainObject } from './limits-keys.js';
import { LIMIT_KEYS, LimitValueError, displayLimit, normalizeLimit, normalizeShown, SHOW_PROPERTY, type LimitKey, type LimitValue } from './limits-values.js';
import { controlDir, decideLimits, limitsAfter, limitsProbeScript, parseLimitsProbe, showCommand, withPercentages, type LimitsDecision } from './limits-state.js';
import { keyValueLines, sectionMark, sections } from '../../../util/sections.js';
import { boolish } from '../../kit/args.js';

type Wanted = Partial<Record<LimitKey, LimitValue | null>>;

/** `limits`: a mapping key → value (null removes the key), or with state=absent a list of keys. */
const limitsArg = z.unknown().transform((v, ctx): Wanted | string[] => {
  if (Array.isArray(v)) {
    const keys: string[] = [];
    const known = canonicalKeys(Object.fromEntries(v.map((k) => [String(k), null])), LIMIT_KEYS, 'limits', ctx);
    for (const k of known.keys()) keys.push(k);
    return keys;
  }
  if (!isPlainObject(v)) {
    ctx.addIssue({ code: 'custom', message: `expected a mapping of limits (${LIMIT_KEYS.join(', ')})` });
    return z.NEVER;
  }
  const out: Wanted = {};
  for (const [key, value] of canonicalKeys(v, LIMIT_KEYS, 'limits', ctx)) {
    const k = key as LimitKey;
    if (value === null || value === undefined || value === '') {
      out[k] = null;
      continue;
    }
    if (typeof value !== 'string' && typeof value !== 'number' && !(k === 'AllowedCPUs' && Array.isArray(value))) {
      ctx.addIssue({ code: 'custom', path: [k], message: `${k}: expected a value (string or number) or null to remove it` });
      continue;
    }
    try {
      out[k] = normalizeLimit(k, value as string | number | Array<string | number>);
    } catch (e) {
      if (!(e instanceof LimitValueError)) throw e;
      ctx.addIssue({ code: 'custom', path: [k], message: e.message });
    }
  }
  return out;
});

export const machineLimitsSchema = z
  .object({
    name: machineName,
    limits: limitsArg.optional(),
    runtime: boolish.default(false),
    state: z.enum(['present', 'absent']).default('present'),
  })
  .strict()
  .superRefine((a, c) => {
    if (a.state === 'present' && (a.limits === undefined || Array.isArray(a.limits)))
      c.addIssue({ code: 'custom', path: ['limits'], message: 'state=present needs limits as a mapping (e.g. {MemoryMax: 1G, CPUQuota: 50%})' });
  });

export type MachineLimitsArgs = z.infer<typeof machineLimitsSchema>;

/** What the arguments ask for each named key (state=absent: every named key, or all, removed). */
export function wantedLimits(args: MachineLimitsArgs): Wanted {
  if (args.state === 'present') return args.limits as Wanted;
  const keys = args.limits === undefined ? [...LIMIT_KEYS] : Array.isArray(args.limits) ? (args.limits as LimitKey[]) : (Object.keys(args.limits) as LimitKey[]);
  return Object.fromEntries(keys.map((k) => [k, null]));
}

function shown(key: LimitKey, norm: string | null): string {
  return displayLimit(key, norm) ?? '(not set)';
}

/** The before/after text of the changed keys. */
export function limitsDiff(unit: string, before: Record<LimitKey, string | null>, after: Record<LimitKey, string | null>, d: LimitsDecision) {
  const keys = LIMIT_KEYS.filter((k) => d.set.some((s) => s.key === k) || d.remove.some((r) => r.key === k));
  return {
    before: keys.map((k) => `${k}=${shown(k, before[k])}\n`).join(''),
    after: keys.map((k) => `${k}=${shown(k, after[k])}\n`).join(''),
    before_header: `${unit} (limits)`,
    after_header: `${unit} (limits)`,
  };
}

/** The shell text of the change: removals (then daemon-reload), one set-property, and the values read back. */
export function limitsApplyScript(name: string, d: LimitsDecision, runtime: boolean): string {
  const lines: string[] = [];
  const dir = controlDir(name, runtime);
  const files = d.remove.flatMap((r) => r.files.map((f) => `${dir}/${f}`));
  if (files.length) lines.push(sh`rm -f -- ${files} || exit $?`, 'systemctl daemon-reload || exit $?');
  if (d.set.length) {
    lines.push(sh`systemctl set-property ${raw(runtime ? '--runtime ' : '')}${machineUnit(name)} ${d.set.map((s) => `${s.key}=${s.value.arg}`)} || exit $?`);
  }
  lines.push(sectionMark('show'), showCommand(name));
  return lines.join('\n') + '\n';
}

export async function planMachineLimits(args: MachineLimitsArgs, ctx: ModuleContext): Promise<Plan> {
  const unit = machineUnit(args.name);
  const r = await ctx.exec(limitsProbeScript(args.name));
  if (r.rc !== 0) throw new ModuleFailure(`could not read the limits of ${unit}: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc, stderr: r.stderr });
  const state = parseLimitsProbe(r.stdout);
  if (state.loadState === 'not-found' && ctx.check) return notThereYetInCheckMode(ctx, `${unit} (package systemd-container)`, { name: args.name, unit });
  if (state.loadState === 'not-found') throw new ModuleFailure(`${unit} not found: is systemd-container installed on this host?`);
  const d = decideLimits(state, wantedLimits(args), args.runtime);
  if (d.errors.length) throw new ModuleFailure(d.errors.join('; '));
  for (const w of d.warnings) ctx.warn(w);
  const running = ['active', 'activating', 'reloading'].includes(state.activeState);
  const display = (vals: Record<LimitKey, string | null>) => Object.fromEntries(LIMIT_KEYS.map((k) => [k, displayLimit(k, vals[k])]));
  const base = { name: args.name, unit, runtime: args.runtime, running };
  const changed = d.set.length > 0 || d.remove.length > 0;
  if (!changed) return { changed: false, result: { changed: false, ...base, limits: display(withPercentages(state.live, state)) } };
  const after = limitsAfter(state, d, args.runtime);
  return {
    changed: true,
    diff: limitsDiff(unit, state.live, after, d),
    result: { changed: true, ...base, limits: display(after) },
    apply: async () => {
      const a = await ctx.exec(limitsApplyScript(args.name, d, args.runtime));
      if (a.rc !== 0) throw new ModuleFailure(`setting the limits of ${unit} failed: ${a.stderr.trim() || `rc ${a.rc}`}`, { rc: a.rc, stdout: a.stdout, stderr: a.stderr });
      const show = keyValueLines(sections(a.stdout).show ?? '');
      const live = Object.fromEntries(LIMIT_KEYS.map((k) => [k, normalizeShown(k, show[SHOW_PROPERTY[k]])])) as Record<LimitKey, string | null>;
      const missed = d.set.filter((s) => !s.value.norm.endsWith('%') && live[s.key] !== s.value.norm);
      if (missed.length) {
        throw new ModuleFailure(
          `${unit}: ${missed.map((s) => `${s.key} is ${shown(s.key, live[s.key])}, not ${shown(s.key, s.value.norm)}`).join('; ')} after set-property: another drop-in overrides it (see systemctl cat ${unit})`,
        );
      }
      return { limits: display(withPercentages(live, state, d)) };
    },
  };
}

export const machineLimitsModule = defineModule({
  name: 'machine_limits',
  aliases: ['machinist.nspawn.machine_limits'],
  schema: machineLimitsSchema,
  async plan(args, ctx) {
    return planMachineLimits(args, ctx);
  },
});
