/**
 * machine_image: machinectl's export-tar/-raw, import-tar/-raw and pull-tar/-raw, idempotent (an
 * export is made when the file is absent or force; an import or pull when the image is absent). One
 * probe reads the state; the transfer runs in one command that waits for it.
 *
 * - Exports are written to a temporary beside `path` (util/temp-files.ts: the one naming, stale ones
 *   removed first) that keeps its compression suffix (machinectl picks the compression from it), and
 *   renamed into place when complete.
 * - machinectl only detaches from a transfer on SIGINT/SIGTERM (it keeps running in importd), so the
 *   script traps the signals the transport sends on Ctrl-C or timeout (and the watchdog's on a lost
 *   channel) and hands the job to a detached cleanup: `machinectl cancel-transfer` until importd has
 *   dropped the job, then the image (or temporary export) the interrupted run produced is removed.
 * - An imported or pulled image gets a fresh machine-id (guests with equal ids get equal bridge MACs
 *   and fight over one DHCP lease): written into the tree of a directory image, copied into a raw
 *   image with systemd-dissect --copy-to.
 */
import { raw, sh } from '../../../util/quote.js';
import { tempScript } from '../../../util/temp-files.js';
import { ModuleFailure } from '../../../util/errors.js';
import { defineModule, type ModuleContext, type ModuleResult } from '../../types.js';
import { compressionOf, compressionSuffix, decideImage, formatOf, imageProbe, machineImageSchema, missingImageTool, parseImageProbe, transferCommand, transferVerb, type MachineImageArgs } from './image-args.js';
import { parseMachineIdLine, writeMachineIdScript } from '../common/image-id.js';
import { TOOL_PATH, WATCHDOG } from '../common/host-script.js';

/** What an interrupted transfer must undo once importd has really ended it. */
export interface CancelPlan {
  /** list-transfers TYPE and LOCAL of the job (found there when machinectl had not printed its id yet). */
  verb: string;
  name: string;
  /** The image did not exist before this run: remove it if the transfer still produced it. */
  removeImage: boolean;
  /** The temporary export file ("$t", passed to the cleanup as $2) to delete once the transfer has stopped writing it. */
  removeTemp?: boolean;
}

/**
 * Shell text run DETACHED (own session: the transport's kill of the script's process group, TERM then
 * KILL a second later, does not reach it) with the job id as $1: cancels the job until importd no
 * longer lists it (at most ~60 s), then removes what the interrupted run left. Measured on Debian 12
 * (systemd 252): `machinectl cancel-transfer` returns 0 while a local import-tar often goes on to
 * completion, so the image must be removed afterwards, or the next run would find it complete and
 * keep the source's machine-id; a job that was killed leaves importd's temporary tree, removed too.
 */
export function cancelCleanup(c: CancelPlan): string {
  const lines = [
    'id=$1',
    sh`[ -n "$id" ] || id=$(machinectl list-transfers --no-legend 2>/dev/null | awk -v t=${c.verb} -v l=${c.name} '$3 == t && $4 == l { print $1; exit }')`,
    'i=0',
    `while [ -n "$id" ] && [ "$i" -lt 120 ] && machinectl list-transfers --no-legend 2>/dev/null | awk -v id="$id" '$1 == id { f = 1 } END { exit !f }'; do`,
    '  if [ $((i % 4)) -eq 0 ]; then machinectl cancel-transfer "$id" >/dev/null 2>&1; fi',
    '  i=$((i + 1)); sleep 0.5',
    'done',
  ];
  if (c.removeImage) {
    lines.push(sh`if machinectl image-status ${c.name} >/dev/null 2>&1; then machinectl remove ${c.name} >/dev/null 2>&1; fi`);
    // importd's temporary tree of a killed job (.#NAME + 16 hex digits), which it leaves behind
    lines.push(`rm -rf --one-file-system ${sh`/var/lib/machines/.#${c.name}`}${'[0-9a-f]'.repeat(16)}`);
  }
  if (c.removeTemp) lines.push('rm -f -- "$2"');
  lines.push('true');
  return lines.join('\n');
}

/**
 * The transfer in the background of a shell that, when signalled (Ctrl-C, timeout, lost channel via
 * the watchdog) before `finish` has run, hands the job to the detached cancelCleanup and exits 130.
 * The trap stays until the end, so an interruption during `finish` (the fresh machine-id) also
 * removes the image: an interrupted import never leaves an image that looks finished.
 */
export function transferScript(cmd: string, c: CancelPlan, finish: string): string {
  return [
    'log=$(mktemp) || exit 1',
    'cancel() {',
    "  trap '' INT TERM HUP",
    '  id=$(sed -n \'s/^Enqueued transfer job \\([0-9][0-9]*\\).*/\\1/p\' "$log" | head -n 1)',
    sh`  setsid sh -c ${cancelCleanup(c)} mx-cancel "$id"${raw(c.removeTemp ? ' "$t"' : '')} </dev/null >/dev/null 2>&1 &`,
    '  rm -f "$log"; exit 130',
    '}',
    'trap cancel INT TERM HUP',
    `${cmd} </dev/null >"$log" 2>&1 &`,
    'wait $!',
    'rc=$?',
    // machinectl's own chatter (job id, progress) is not output worth keeping
    `grep -v -e "^Enqueued transfer job" -e "Press C-c" -e "^Exiting" -e "^Imported [0-9]*%" -e "^Exported [0-9]*%" -e "^Got [0-9]*% " "$log"; rm -f "$log"`,
    'if [ "$rc" -ne 0 ]; then',
    c.removeTemp ? '  rm -f -- "$t"' : '  true',
    '  exit "$rc"',
    'fi',
    finish,
    'trap - INT TERM HUP',
  ].join('\n');
}

/** Fresh machine-id for the imported/pulled image NAME (directory or raw). */
export function freshIdScript(name: string): string {
  const dir = `/var/lib/machines/${name}`;
  return [
    sh`if [ -d ${dir} ]; then (`,
    writeMachineIdScript(dir),
    ') || exit 1',
    sh`elif [ -f ${dir}.raw ]; then`,
    `  mid=$(tr -d '-' < /proc/sys/kernel/random/uuid); t=$(mktemp) && printf '%s\\n' "$mid" > "$t" &&`,
    sh`  systemd-dissect --copy-to ${dir}.raw "$t" /etc/machine-id >/dev/null 2>&1 && echo "machine_id=$mid" || echo 'machine_id_failed=1'`,
    '  rm -f "$t"',
    'fi',
  ].join('\n');
}

/** The whole transfer script; `existed`: the image was there before (a forced pull). */
export function applyScript(args: MachineImageArgs, existed = false): string {
  const lines = [TOOL_PATH, 'umask 022', WATCHDOG];
  const c: CancelPlan = { verb: transferVerb(args), name: args.name, removeImage: args.state !== 'exported' && !existed };
  if (args.state === 'exported') {
    const t = tempScript(args.path!, 't', compressionSuffix(args.path!));
    c.removeTemp = true;
    lines.push(t.setup, t.cleanup);
    lines.push(transferScript(transferCommand(args, raw('"$t"')), c, sh`mv -f -- "$t" ${args.path!} || { rm -f -- "$t"; exit 1; }`));
  } else {
    lines.push(transferScript(transferCommand(args), c, freshIdScript(args.name)));
  }
  return lines.join('\n');
}

async function transfer(ctx: ModuleContext, args: MachineImageArgs, existed: boolean): Promise<ModuleResult> {
  const started = Date.now();
  const r = await ctx.exec(applyScript(args, existed), { timeoutMs: (Math.max(1, args.timeout) + 30) * 1000, signal: ctx.signal });
  const cmd = transferCommand(args);
  if (r.timedOut) throw new ModuleFailure(`machinectl did not finish within ${args.timeout} s (the transfer was cancelled)`, { cmd, stdout: r.stdout, stderr: r.stderr });
  if (r.rc !== 0) {
    const detail = (r.stdout + '\n' + r.stderr).trim().split('\n').slice(-5).join('\n');
    throw new ModuleFailure(`${cmd} failed (rc ${r.rc}): ${detail}`, { cmd, rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  const out: ModuleResult = { duration: Math.round((Date.now() - started) / 100) / 10 };
  if (args.state !== 'exported') {
    out.machine_id = parseMachineIdLine(r.stdout);
    if (/^machine_id_failed=1$/m.test(r.stdout)) ctx.warn(`could not write a fresh machine-id into the raw image ${args.name}: give it one before cloning (guests with equal machine-ids get equal bridge MACs and fight over one DHCP lease)`);
  }
  return out;
}

export const machineImageModule = defineModule({
  name: 'machine_image',
  aliases: ['machinist.nspawn.machine_image'],
  schema: machineImageSchema,
  async plan(args, ctx) {
    const probe = await ctx.exec(imageProbe(args), { signal: ctx.signal });
    if (probe.rc !== 0) throw new ModuleFailure(`could not read the image state: ${probe.stderr.trim()}`, { rc: probe.rc });
    const st = parseImageProbe(probe.stdout);
    const format = formatOf(args);
    const result: ModuleResult = { name: args.name, state: args.state, format, cmd: transferCommand(args) };
    if (args.path) result.path = args.path;
    if (args.url) result.url = args.url;
    if (st.images[0]) result.image_path = st.images[0];
    if (args.state === 'exported') result.compression = compressionOf(args.path!);
    const missing = missingImageTool(st);
    // in check mode an earlier task (not run) may be the one installing systemd-container
    if (missing && !ctx.check) throw new ModuleFailure(missing, result);
    if (missing) ctx.warn(missing);
    const d = decideImage(args, st);
    if ('error' in d) {
      // in check mode an earlier task (not run) may have been meant to create the image or file
      if (!ctx.check) throw new ModuleFailure(d.error, result);
      ctx.warn(d.error);
      return { changed: true, result };
    }
    if (!d.changed) {
      if (args.state !== 'exported') result.machine_id = st.machineId;
      return { changed: false, result };
    }
    const target = args.state === 'exported' ? args.path! : `image ${args.name}`;
    const before = args.state === 'exported' ? (st.file ? `${args.path} (${st.file.size} bytes)` : 'absent') : st.images.length ? `image ${args.name} at ${st.images[0]}` : 'absent';
    const after =
      args.state === 'exported'
        ? `${args.path}: ${format} export of ${args.name} (${compressionOf(args.path!)})`
        : args.state === 'imported'
          ? `image ${args.name} imported (${format}) from ${args.path}, fresh machine-id`
          : `image ${args.name} pulled (${format}, verify=${args.verify}) from ${args.url}, fresh machine-id`;
    return {
      changed: true,
      diff: { before: `${before}\n`, after: `${after}\n`, before_header: target, after_header: target },
      result: { ...result, msg: d.why },
      apply: () => transfer(ctx, args, st.images.length > 0),
    };
  },
});
