/**
 * machine: a systemd-nspawn machine's lifecycle on a host: started / stopped / restarted / present
 * / absent, enabled at boot (with machines.target on systemd < 253, whose `machinectl enable` leaves
 * it off, so the machine would not start at boot), cloned from another image with a fresh machine-id
 * (equal ids give equal bridge MACs and one DHCP lease fought over), restarted when its .nspawn file
 * changed after it started. ONE probe round trip reads everything (state.ts); the decision is pure
 * (machine-decide.ts); the change is ONE script that also waits for the guest's own systemd
 * (machine-script.ts) and ends with the probe the result fields come from.
 */
import { z } from 'zod';
import { defineModule, type ModuleResult } from '../../types.js';
import { ModuleFailure } from '../../../util/errors.js';
import { decideMachine, MACHINE_STATES, removedPaths, targetEnabled, type MachineDecision } from './machine-decide.js';
import { machineChangeScript, parseChangeOutput } from './machine-script.js';
import { machineName, notThereYetInCheckMode } from '../common/names.js';
import { machineProbeScript, parseHostProbe, type HostInfo, type MachineInfo } from './state.js';
import { boolish, numberish } from '../../kit/args.js';

const seconds = (what: string, max: number) =>
  numberish.pipe(z.number().int(`${what} is a whole number of seconds`).positive(`${what} must be at least 1 second`).max(max, `${what} is at most ${max} seconds`));

export const machineSchema = z
  .object({
    name: machineName,
    state: z.enum(MACHINE_STATES).default('present'),
    enabled: boolish.optional(),
    timeout: seconds('timeout', 3600).default(120),
    stop_timeout: seconds('stop_timeout', 3600).default(60),
    clone: machineName.optional(),
    restart_on_change: boolish.default(true),
  })
  .strict()
  .superRefine((a, c) => {
    if (a.state === 'absent' && a.clone !== undefined) c.addIssue({ code: 'custom', path: ['clone'], message: 'clone cannot be used with state=absent' });
    if (a.state === 'absent' && a.enabled === true) c.addIssue({ code: 'custom', path: ['enabled'], message: 'enabled=true cannot be used with state=absent' });
    if (a.clone !== undefined && a.clone === a.name) c.addIssue({ code: 'custom', path: ['clone'], message: 'a machine cannot be cloned from itself' });
  });

/** Result fields of a probed machine (what the module reports). */
export function machineResult(host: HostInfo, m: MachineInfo | undefined): ModuleResult {
  const out: ModuleResult = { machines_target_enabled: targetEnabled(host.machinesTarget) };
  if (!m || (!m.image && m.runState === 'stopped')) return { ...out, state: 'absent', enabled: m?.enabled ?? false };
  out.state = m.runState === 'running' ? 'started' : m.runState;
  out.enabled = m.enabled;
  if (m.image) out.image = { path: m.image.path, type: m.image.type, read_only: m.image.readOnly };
  if (m.os !== undefined) out.os = m.os;
  if (m.leader !== undefined) out.leader = m.leader;
  if (m.guest) {
    out.guest_state = m.guest.state;
    if (m.guest.machineId) out.machine_id = m.guest.machineId;
    out.addresses = m.guest.addresses;
  }
  return out;
}

function probeFailure(out: { rc: number; stdout: string; stderr: string }, host: HostInfo): void {
  if (!host.machinectl) {
    throw new ModuleFailure('machinectl is not installed on this host (install the systemd-container package)', { rc: out.rc, stderr: out.stderr });
  }
  if (out.rc !== 0) throw new ModuleFailure(`could not read the machine's state: ${out.stderr.trim() || `rc ${out.rc}`}`, { rc: out.rc, stderr: out.stderr });
}

export const machineModule = defineModule({
  name: 'machine',
  aliases: ['machinist.nspawn.machine'],
  schema: machineSchema,
  async plan(args, ctx) {
    const names = args.clone !== undefined ? [args.name, args.clone] : [args.name];
    const probe = await ctx.exec(machineProbeScript(names, { diskUsage: args.state === 'absent' }));
    const p = parseHostProbe(probe.stdout);
    if (ctx.check && !p.host.machinectl) return notThereYetInCheckMode(ctx, 'machinectl (package systemd-container)', { name: args.name });
    probeFailure(probe, p.host);
    const m = p.machines.find((x) => x.name === args.name);
    const src = args.clone !== undefined ? p.machines.find((x) => x.name === args.clone) : undefined;
    const d: MachineDecision = decideMachine(args, p.host, m, src, m?.diskUsage);
    if (d.fail && ctx.check && !m?.image && args.clone === undefined && args.state !== 'absent') return notThereYetInCheckMode(ctx, `the image ${args.name}`, { name: args.name });
    if (d.fail) throw new ModuleFailure(d.fail, { changed: false, name: args.name });
    const base: ModuleResult = { name: args.name, ...machineResult(p.host, m) };
    if (d.restarted) base.restarted = true;
    if (d.msg) base.msg = d.msg;
    if (d.actions.includes('remove')) base.removed = m ? removedPaths(m).map((x) => x.path) : [];
    const diff = d.before || d.after ? { before: d.before, after: d.after, before_header: `machine ${args.name}`, after_header: `machine ${args.name}` } : undefined;

    const runChange = async (): Promise<ModuleResult> => {
      const script = machineChangeScript({
        name: args.name,
        actions: d.actions,
        wait: d.waitOnly,
        clone: args.clone,
        timeout: args.timeout,
        stopTimeout: args.stop_timeout,
      });
      const budget = (args.timeout + (d.actions.includes('stop') ? args.stop_timeout + 40 : 0) + 120) * 1000;
      const x = await ctx.exec(script, { timeoutMs: budget });
      const o = parseChangeOutput(x.stdout);
      const after = parseHostProbe(x.stdout);
      const fields: ModuleResult = { ...base };
      if (o.terminated) fields.terminated = true;
      if (o.machineId) fields.cloned = { from: args.clone, machine_id: o.machineId };
      if (o.fail || x.rc !== 0) {
        const last = o.waitState ? ` (last state seen: ${o.waitState})` : '';
        throw new ModuleFailure(`${o.fail ?? `the change script failed (rc ${x.rc})`}${last}${x.stderr.trim() ? `: ${x.stderr.trim()}` : ''}`, {
          ...fields, rc: x.rc, stdout: x.stdout, stderr: x.stderr,
        });
      }
      const now = after.machines.find((y) => y.name === args.name);
      return { ...fields, ...machineResult(after.host, now), ...(d.actions.includes('remove') ? { state: 'absent' } : {}) };
    };

    if (!d.changed) {
      if (!d.waitOnly || ctx.check) return { changed: false, result: { ...base, changed: false } };
      // someone else is starting it: wait until its guest is up (no change)
      return { changed: false, result: { ...(await runChange()), changed: false } };
    }
    return { changed: true, diff, result: { ...base, changed: true }, apply: runChange };
  },
});
