/**
 * debootstrap: a Debian/Ubuntu (or Arch, with pacstrap) tree for a guest, in /var/lib/machines/NAME or
 * any `dest`. One probe reads everything (see debootstrap-state.ts); the image is built in a hidden
 * partial directory beside it (`.NAME.partial`, ignored by machined), given its own machine-id, and
 * renamed into place only when the bootstrap succeeded: an interrupted run (Ctrl-C, controller killed,
 * connection lost) leaves only the partial directory, which the next run removes and redoes.
 *
 * Concurrency decision: a bootstrap whose SSH channel is gone ends itself (a watchdog, see
 * debootstrap-watch.ts, notices the closed pipe within ~2 s and TERMs the process group; Ctrl-C and
 * the task timeout also make the transport end it). Against what remains (a run of another
 * controller, or a stale one in the seconds before its watchdog fires) the whole build runs under
 * `flock` on `.NAME.lock` beside the image: the next run does not kill the holder, it WAITS for the
 * lock (bounded by `timeout`) and then looks again under the lock: an image finished meanwhile is
 * left alone (changed=false), a partial directory left by a dead run is removed (after unmounting
 * what debootstrap had mounted inside it) and rebuilt. debootstrap's output goes to a log file beside
 * the image, shown (tail) when it fails. The lock file stays (removing it would let two runs lock
 * different files).
 */
import { sh } from '../../../util/quote.js';
import { ModuleFailure } from '../../../util/errors.js';
import { defineModule, type ModuleContext, type ModuleResult } from '../../types.js';
import { bootstrapCommand, debootstrapSchema, displayCommand, layoutOf, type DebootstrapArgs, type Layout, type Resolved } from './debootstrap-args.js';
import { debootstrapProbe, decide, describe, missingTool, parseDebootstrapProbe, resolve } from './debootstrap-state.js';
import { parseMachineIdLine, writeMachineIdScript } from '../common/image-id.js';
import { MACHINES_DIR } from '../common/names.js';
import { TOOL_PATH, WATCHDOG } from '../common/host-script.js';

export const ENSURE_MACHINES_DIR = sh`mkdir -p ${MACHINES_DIR} && chown root:root ${MACHINES_DIR} && chmod 0700 ${MACHINES_DIR}`;

/** Shell text that removes a partial tree, unmounting (deepest first) what is mounted inside it. */
export function removePartialScript(partial: string): string {
  return [
    sh`awk -v p=${partial + '/'} 'index($5, p) == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || umount "$m"; done`,
    sh`rm -rf --one-file-system ${partial} || { echo ${`could not remove the partial bootstrap ${partial}`} >&2; exit 1; }`,
  ].join('\n');
}

/** The build: lock, re-check, clean a leftover, bootstrap into the partial dir, machine-id, rename. */
export function buildScript(args: DebootstrapArgs, r: Resolved, l: Layout, fixDir: boolean): string {
  const lockWait = Math.max(1, Math.floor(args.timeout));
  return [
    TOOL_PATH,
    'umask 022',
    WATCHDOG,
    fixDir ? `${ENSURE_MACHINES_DIR} || exit 1` : 'true',
    sh`mkdir -p ${l.parent} || exit 1`,
    sh`exec 9>>${l.lock} || exit 1`,
    sh`flock -w ${lockWait} 9 || { echo ${`another bootstrap into ${l.dest} still holds ${l.lock}`} >&2; exit 75; }`,
    sh`if [ -e ${l.dest} ] || [ -L ${l.dest} ]; then echo result=exists; exit 0; fi`,
    sh`if [ -e ${l.partial} ] || [ -L ${l.partial} ]; then`,
    removePartialScript(l.partial),
    'echo result=removed-partial',
    'fi',
    sh`mkdir -m 0755 ${l.partial} || exit 1`,
    `${bootstrapCommand(args, r, l.partial)} </dev/null >${sh`${l.log}`} 2>&1`,
    'rc=$?',
    'if [ "$rc" -ne 0 ]; then',
    sh`  echo "bootstrap failed (rc $rc); last lines of its output:" >&2; tail -n 40 ${l.log} >&2`,
    sh`  if [ -f ${l.partial}/debootstrap/debootstrap.log ]; then echo '--- debootstrap.log:' >&2; tail -n 20 ${l.partial}/debootstrap/debootstrap.log >&2; fi`,
    '  exit "$rc"',
    'fi',
    sh`tail -n 5 ${l.log}`,
    '(',
    writeMachineIdScript(l.partial),
    ') || exit 1',
    sh`mv -T ${l.partial} ${l.dest} || exit 1`,
    sh`rm -f ${l.log}`,
    'echo result=created',
  ].join('\n');
}

function tail(text: string, n = 40): string {
  return text.split('\n').slice(-n).join('\n');
}

async function build(ctx: ModuleContext, args: DebootstrapArgs, r: Resolved, l: Layout, fixDir: boolean): Promise<ModuleResult> {
  const timeoutMs = (Math.max(1, args.timeout) + 60) * 1000;
  const started = Date.now();
  const res = await ctx.exec(buildScript(args, r, l, fixDir), { timeoutMs, signal: ctx.signal });
  const cmd = displayCommand(args, r, l.dest);
  if (res.timedOut) throw new ModuleFailure(`the bootstrap of ${l.dest} did not finish within ${args.timeout} s (the partial tree stays in ${l.partial})`, { cmd, rc: res.rc, stdout: tail(res.stdout), stderr: tail(res.stderr) });
  if (res.rc !== 0) {
    throw new ModuleFailure(
      res.rc === 75 ? res.stderr.trim() : `bootstrap of ${l.dest} failed (rc ${res.rc}): ${tail(res.stderr.trim(), 3)}`,
      { cmd, rc: res.rc, stdout: tail(res.stdout), stderr: tail(res.stderr) },
    );
  }
  const outcome = /^result=(\S+)$/m.exec(res.stdout.split('\n').filter((x) => x.startsWith('result=')).pop() ?? '')?.[1];
  const removed = /^result=removed-partial$/m.test(res.stdout);
  if (outcome === 'exists') {
    return { changed: fixDir, msg: `${l.dest} was completed meanwhile by another run`, partial_removed: false };
  }
  return {
    machine_id: parseMachineIdLine(res.stdout),
    partial_removed: removed,
    duration: Math.round((Date.now() - started) / 100) / 10,
    stdout: tail(res.stdout, 10),
    msg: removed ? `removed the partial bootstrap left in ${l.partial}, then bootstrapped ${l.dest}` : `bootstrapped ${l.dest}`,
  };
}

export const debootstrapModule = defineModule({
  name: 'debootstrap',
  aliases: ['machinist.nspawn.debootstrap'],
  schema: debootstrapSchema,
  async plan(args, ctx) {
    const l = layoutOf(args);
    const probe = await ctx.exec(debootstrapProbe(l, args.name !== undefined), { signal: ctx.signal });
    if (probe.rc !== 0) throw new ModuleFailure(`could not read the host's state: ${probe.stderr.trim()}`, { rc: probe.rc });
    const st = parseDebootstrapProbe(probe.stdout);
    const r = resolve(args, st);
    if ('error' in r) throw new ModuleFailure(r.error);
    const d = decide(l, st);
    const result: ModuleResult = {
      dest: l.dest,
      suite: r.suite,
      mirror: r.mirror,
      variant: r.variant,
      distribution: r.distribution,
      cmd: displayCommand(args, r, l.dest),
    };
    if (d.action === 'none') {
      result.machine_id = st.machineId;
      if (!d.fixDir) return { changed: false, result };
      return {
        changed: true,
        diff: { before: `${MACHINES_DIR}: ${st.machinesDir || 'absent'}\n`, after: `${MACHINES_DIR}: 700 root root\n` },
        result,
        apply: async () => {
          await ctx.exec(ENSURE_MACHINES_DIR).then((x) => {
            if (x.rc !== 0) throw new ModuleFailure(`could not set ${MACHINES_DIR} to root:root 0700: ${x.stderr.trim()}`);
          });
        },
      };
    }
    const missing = missingTool(r, st);
    if (missing && !ctx.check) throw new ModuleFailure(missing, result);
    if (missing) ctx.warn(missing);
    const diff = { ...describe(l, r, d), before_header: l.dest, after_header: l.dest };
    return { changed: true, diff, result, apply: () => build(ctx, args, r, l, d.fixDir) };
  },
});
