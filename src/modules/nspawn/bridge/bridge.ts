/**
 * bridge: put the host's primary interface on a bridge (or take it off) without locking anyone out.
 * ONE probe reads the live network (ip -j addr/route/link) and the files; an unchanged host costs
 * that one round trip. When only files differ they are written atomically; when the live network
 * must change, the safe cut-over (cutover.ts) moves it detached from the SSH session and rolls back
 * by itself unless the controller confirms over a new connection. Check mode reports the plan and
 * the files' diff. The ifupdown backend needs bridge-utils (its bridge_ports hook): when it is
 * missing the task fails naming the package; nothing is installed silently.
 *
 * DHCP (address: dhcp, or keep on a port configured by DHCP): the script stops the old holder's
 * dhclient, moves the link, and runs dhclient on the bridge (the pid and lease files ifupdown uses).
 * The bridge has the port's MAC, so a DHCP server that keys leases on the MAC hands out the same
 * address; the controller then reconnects on the inventory address and confirms. When the address
 * changes, the controller cannot reach the host there, does not confirm, and the host goes back to
 * its previous configuration after confirm_timeout: the task fails saying so (seen on the lab, whose
 * DHCP range differs from the hosts' static addresses).
 *
 * Result: name, state, backend, ports, mac, address (CIDR or 'dhcp'), gateway, cutover ('none' when
 * nothing changed, 'files' when only files were written, 'committed' after a cut-over; 'planned' in
 * check mode), cutover_seconds, changed_files; a failed cut-over adds reason and cutover_log.
 */
import { defineModule, type FileDiff, type ModuleContext, type ModuleResult } from '../../types.js';
import { ModuleFailure } from '../../../util/errors.js';
import { sh } from '../../../util/quote.js';
import { bridgeSchema, type BridgeArgs } from './bridge-args.js';
import { bridgeProbeScript, parseBridgeProbe, type BridgeProbe } from './bridge-state.js';
import { BridgePlanError, decideBridge, type BridgeDecision } from './bridge-decide.js';
import { runCutover, type CutoverSpec } from './cutover.js';

export const DHCP_TIMEOUT = 40;

/** The diff: every file's before/after, and the live change as text. */
export function bridgeDiff(d: BridgeDecision): FileDiff[] {
  const out: FileDiff[] = d.files.map((f) => ({ before: f.before ?? '', after: f.after ?? '', before_header: f.path, after_header: f.after === undefined ? `${f.path} (deleted)` : f.path }));
  if (d.live && d.forward.length) out.push({ before: '', after: d.forward.join('\n') + '\n', before_header: 'live network', after_header: 'live network (ip -batch of the cut-over)' });
  return out;
}

export function cutoverSpec(a: BridgeArgs, d: BridgeDecision, p: BridgeProbe): CutoverSpec {
  const ports = (d.to.bridge?.ports ?? d.from.bridge?.ports ?? []).join(' ');
  return {
    name: a.name,
    files: d.files,
    forward: d.forward,
    rollback: d.rollback,
    vars: {
      DEV: d.checkDev,
      GW: d.gateway ?? '',
      TIMEOUT: a.confirm_timeout,
      // forward: stop the old holder's DHCP client, move, start the new one; rollback: the reverse
      DHCP_NEW: d.to.dhcp ? d.to.holder : '',
      DHCP_OLD: d.from.dhcp ? d.from.holder : '',
      DHCP_TIMEOUT,
      NETWORKD: d.networkd ? 1 : 0,
      NETWORKD_WAS: p.networkdEnabled ? 1 : 0,
      IFSTATE_UP: d.networkd ? '' : d.to.holder,
      IFSTATE_DOWN: d.to.bridge ? ports : a.name,
      GW_TRIES: 5,
    },
  };
}

async function writeFiles(ctx: ModuleContext, d: BridgeDecision): Promise<void> {
  for (const f of d.files) {
    if (f.after !== undefined) {
      await ctx.exec(sh`mkdir -p -- ${f.path.replace(/\/[^/]+$/, '')}`);
      await ctx.put(f.path, f.after, { mode: '0644' });
    } else {
      const r = await ctx.exec(sh`rm -f -- ${f.path}`);
      if (r.rc !== 0) throw new ModuleFailure(`could not delete ${f.path}: ${r.stderr.trim()}`);
    }
  }
}

export const bridgeModule = defineModule({
  name: 'bridge',
  aliases: ['machinist.nspawn.bridge'],
  schema: bridgeSchema,
  async plan(args, ctx) {
    const r = await ctx.exec(bridgeProbeScript(args.name));
    if (r.rc !== 0) throw new ModuleFailure(`could not read the network state of ${ctx.host}: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc, stderr: r.stderr });
    let p: BridgeProbe;
    try {
      p = parseBridgeProbe(r.stdout);
    } catch (e) {
      throw new ModuleFailure(`could not read the output of ip -j on ${ctx.host} (iproute2 with JSON output is needed): ${(e as Error).message}`);
    }
    if (p.cutoverActive) throw new ModuleFailure(`a cut-over of ${args.name} is still running on ${ctx.host} (unit machinist-bridge-${args.name}); try again when it has finished`);
    let d: BridgeDecision;
    try {
      d = decideBridge(args, p);
    } catch (e) {
      if (e instanceof BridgePlanError) throw new ModuleFailure(`${e.message}; nothing was changed`);
      throw e;
    }
    for (const w of d.warnings) ctx.warn(w);
    const result: ModuleResult = { ...d.result, changed: d.changed, cutover: 'none' };
    if (!d.changed) return { changed: false, result };
    if (args.state === 'present' && args.backend === 'ifupdown') {
      const missing = !p.ifup ? 'ifupdown' : !p.bridgeUtils ? 'bridge-utils' : undefined;
      if (missing) {
        const why = missing === 'ifupdown' ? 'the ifupdown backend needs ifup' : 'the ifupdown backend needs its bridge_ports hook';
        const msg = `the package ${missing} is not installed on ${ctx.host}: ${why} to bring ${args.name} up at boot (install ${missing} first, e.g. with apt; or use backend: networkd)`;
        if (!ctx.check) throw new ModuleFailure(`${msg}; nothing was changed`);
        ctx.warn(msg);
      }
    }
    const diff = bridgeDiff(d);
    const files = d.files.map((f) => f.path);
    return {
      changed: true,
      diff,
      result: { ...result, cutover: d.live ? 'planned' : 'files', changed_files: files },
      apply: async () => {
        if (!d.live) {
          await writeFiles(ctx, d);
          return { cutover: 'files' };
        }
        const out = await runCutover(ctx, cutoverSpec(args, d, p));
        return { cutover: out.status, cutover_seconds: out.seconds };
      },
    };
  },
});
