/**
 * machine_image: machinectl's export-tar/-raw, import-tar/-raw and pull-tar/-raw, idempotent (an
 * export is made when the file is absent or force; an import or pull when the image is absent). One
 * probe reads the state; the transfer runs in one command that waits for it.
 *
 * - Exports are written to a hidden temporary file beside `path` that keeps its suffix (machinectl
 *   picks the compression from it) and renamed into place when complete.
 * - machinectl only detaches from a transfer on SIGINT/SIGTERM (it keeps running in importd), so the
 *   script traps the signals the transport sends on Ctrl-C or timeout and runs `machinectl
 *   cancel-transfer` for its job.
 * - An imported or pulled image gets a fresh machine-id (pitfall 5): written into the tree of a
 *   directory image, copied into a raw image with systemd-dissect --copy-to.
 */
import { randomBytes } from 'node:crypto';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { defineModule, type ModuleContext, type ModuleResult } from '../types.js';
import { compressionOf, decideImage, formatOf, imageProbe, machineImageSchema, missingImageTool, parseImageProbe, transferCommand, type MachineImageArgs } from './image-args.js';
import { parseMachineIdLine, writeMachineIdScript } from './image-id.js';
import { TOOL_PATH } from './debootstrap-state.js';
import { WATCHDOG } from './debootstrap-watch.js';

/** The transfer in the background of a shell that cancels it when signalled. */
export function transferScript(cmd: string, cleanup = 'true'): string {
  return [
    'log=$(mktemp) || exit 1',
    'cancel() {',
    '  id=$(sed -n \'s/^Enqueued transfer job \\([0-9][0-9]*\\).*/\\1/p\' "$log" | head -n 1)',
    '  if [ -n "$id" ]; then machinectl cancel-transfer "$id" >/dev/null 2>&1; fi',
    `  ${cleanup}; rm -f "$log"; exit 130`,
    '}',
    "trap cancel INT TERM HUP",
    `${cmd} </dev/null >"$log" 2>&1 &`,
    'wait $!',
    'rc=$?',
    'trap - INT TERM HUP',
    'grep -v -e "^Enqueued transfer job" -e "Press C-c" -e "^Exiting" "$log"; rm -f "$log"',
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

export function applyScript(args: MachineImageArgs, tmp?: string): string {
  const lines = [TOOL_PATH, 'umask 022', WATCHDOG];
  if (args.state === 'exported') {
    lines.push(sh`rm -f ${tmp!}`);
    lines.push(transferScript(transferCommand(args, tmp), sh`rm -f ${tmp!}`));
    lines.push(sh`if [ "$rc" -ne 0 ]; then rm -f ${tmp!}; exit "$rc"; fi`);
    lines.push(sh`mv -f ${tmp!} ${args.path!} || { rm -f ${tmp!}; exit 1; }`);
  } else {
    lines.push(transferScript(transferCommand(args)));
    lines.push('if [ "$rc" -ne 0 ]; then exit "$rc"; fi');
    lines.push(freshIdScript(args.name));
  }
  return lines.join('\n');
}

async function transfer(ctx: ModuleContext, args: MachineImageArgs): Promise<ModuleResult> {
  let tmp: string | undefined;
  if (args.state === 'exported') {
    const p = args.path!;
    const i = p.lastIndexOf('/');
    tmp = `${p.slice(0, i)}/.mx-${randomBytes(4).toString('hex')}-${p.slice(i + 1)}`;
  }
  const started = Date.now();
  const r = await ctx.exec(applyScript(args, tmp), { timeoutMs: (Math.max(1, args.timeout) + 30) * 1000, signal: ctx.signal });
  const cmd = transferCommand(args);
  if (r.timedOut) throw new ModuleFailure(`machinectl did not finish within ${args.timeout} s (the transfer was cancelled)`, { cmd, stdout: r.stdout, stderr: r.stderr });
  if (r.rc !== 0) {
    const detail = (r.stdout + '\n' + r.stderr).trim().split('\n').slice(-5).join('\n');
    throw new ModuleFailure(`${cmd.replace(/^machinectl --quiet /, 'machinectl ')} failed (rc ${r.rc}): ${detail}`, { cmd, rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  const out: ModuleResult = { duration: Math.round((Date.now() - started) / 100) / 10 };
  if (args.state !== 'exported') {
    out.machine_id = parseMachineIdLine(r.stdout);
    if (/^machine_id_failed=1$/m.test(r.stdout)) ctx.warn(`could not write a fresh machine-id into the raw image ${args.name}: give it one before cloning (pitfall: equal machine-ids)`);
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
      apply: () => transfer(ctx, args),
    };
  },
});
