/**
 * machine_config (machinist.nspawn.machine_config): configures the inside of guest NAME from its
 * host, whether the machine runs or not (guest-exec.ts: nsenter into a running machine, a
 * non-booting systemd-nspawn with the host's network for a stopped one): hostname, root_password
 * (a crypt hash, masked everywhere), root_authorized_keys (exclusive or added), network (networkd:
 * systemd-networkd enabled, which ships 80-container-host0.network; ifupdown: `auto host0 / iface
 * host0 inet dhcp` in /etc/network/interfaces.d/host0 with a DHCP client present; none: left as
 * is), packages (apt-get inside the guest with the guest's own sources.list, non-interactive; the
 * host's Acquire::http::Proxy is passed on when the guest has none; for a stopped guest apt runs
 * with the host's network), timezone, getty_term (a container-getty@.service drop-in setting TERM)
 * and securetty (pts/0..pts/N-1 added to /etc/securetty when the guest has that file: Arch's
 * pam_securetty). ONE probe round trip reads the state, ONE apply round trip makes every change.
 */
import { ModuleFailure } from '../../../util/errors.js';
import { defineModule, type FileDiff } from '../../types.js';
import { machineConfigSchema } from './config-args.js';
import { applyScript, applyWarnings, decideConfig } from './config-decide.js';
import { configProbe, parseConfigProbe } from './config-state.js';
import { guestExec, parseGuestUnavailable } from '../../../transport/nspawn/guest-exec.js';
import { notThereYetInCheckMode } from '../common/names.js';

function unavailable(name: string, host: string, why: string): ModuleFailure {
  if (why === 'raw') return new ModuleFailure(`${name} is a stopped raw disk image: machine_config works on directory images (or start the machine)`);
  return new ModuleFailure(`there is no machine or image ${name} on ${host}`);
}

export const machineConfigModule = defineModule({
  name: 'machine_config',
  aliases: ['machinist.nspawn.machine_config'],
  schema: machineConfigSchema,
  secretArgs: ['root_password'],
  async plan(args, ctx) {
    const probe = configProbe(args);
    const r = await ctx.exec(probe.command);
    const why = parseGuestUnavailable(r.rc, r.stderr, probe.marker);
    if (why === 'missing' && ctx.check) return notThereYetInCheckMode(ctx, `the machine ${args.name}`, { name: args.name });
    if (why) throw unavailable(args.name, ctx.host, why);
    if (r.rc !== 0) throw new ModuleFailure(`could not read the state of ${args.name}: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc, stderr: r.stderr });
    const st = parseConfigProbe(r.stdout);
    const d = decideConfig(args, st);
    for (const w of d.warnings) ctx.warn(w);
    if (d.errors.length) throw new ModuleFailure(`${args.name}: ${d.errors.join('; ')}`);
    const result = { name: args.name, running: st.running, changes: d.changes.map((c) => c.item), packages_installed: d.install };
    if (!d.changes.length) return { changed: false, result: { ...result, packages_installed: [] } };
    const diff: FileDiff = {
      before: d.changes.map((c) => c.before + '\n').join(''),
      after: d.changes.map((c) => c.after + '\n').join(''),
      before_header: `${args.name} (${st.running ? 'running' : 'stopped'})`,
      after_header: `${args.name} (${st.running ? 'running' : 'stopped'})`,
    };
    return {
      changed: true,
      diff,
      result,
      apply: async () => {
        const g = guestExec(args.name, applyScript(d), { running: st.running ? 'require' : 'any' });
        const a = await ctx.exec(g.command, d.stdin !== undefined ? { stdin: d.stdin } : {});
        const gone = parseGuestUnavailable(a.rc, a.stderr, g.marker);
        if (gone === 'not-running') throw new ModuleFailure(`${args.name} stopped while it was being configured; run the task again`);
        if (gone) throw unavailable(args.name, ctx.host, gone);
        if (a.rc !== 0) {
          throw new ModuleFailure(`configuring ${args.name} failed: ${a.stderr.trim().split('\n').slice(-5).join('\n') || `rc ${a.rc}`}`, { rc: a.rc, stdout: a.stdout, stderr: a.stderr });
        }
        for (const w of applyWarnings(a.stdout)) ctx.warn(w);
      },
    };
  },
});
