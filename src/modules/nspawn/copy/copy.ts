/**
 * machine_copy: one file between the host and a machine, `direction: to` (host → guest, default) or
 * `from`. One probe compares the sha256 of both sides (see copy-state.ts); the copy runs only when
 * they differ, and always lands as a temporary file beside the destination renamed into place.
 *
 * - Running machine: `machinectl copy-to`/`copy-from` (machined shifts UIDs of a user-namespaced
 *   guest), into a temporary beside the destination (util/temp-files.ts: the one naming, stale
 *   ones removed first) that is then renamed through /proc/LEADER/root (the same mount, so the
 *   rename is atomic).
 * - Stopped machine: the file is copied into/out of the image directory. Into the image it is owned
 *   by the image root's owner (the base of its UID shift, 0 when not shifted), so the guest sees it
 *   as root; out of the image it is owned by root on the host.
 * - Every guest path is resolved as the guest sees it (copy-resolve.ts) before the host touches it:
 *   a guest's absolute symlink leads inside the guest, never onto the host.
 */
import { sh } from '../../../util/quote.js';
import { tempScript } from '../../../util/temp-files.js';
import { ModuleFailure } from '../../../util/errors.js';
import { defineModule, type ModuleContext, type ModuleResult } from '../../types.js';
import { GUEST_RESOLVE } from './copy-resolve.js';
import { copyDiff, copyProbe, decideCopy, dirOf, machineCopySchema, parseCopyProbe, type CopyState, type MachineCopyArgs } from './copy-state.js';
import { TOOL_PATH } from '../common/host-script.js';

/** Every ancestor directory of `dir` below /, shortest first ('/a/b' → ['/a', '/a/b']). */
export function ancestors(dir: string): string[] {
  const parts = dir.split('/').filter(Boolean);
  return parts.map((_, i) => '/' + parts.slice(0, i + 1).join('/'));
}

/**
 * Shell text creating the missing directories of `dir` under `root` ('' for the host), owned uid:gid.
 * Under a guest root each level is resolved as the guest sees it (mx_resolve) before it is made, so
 * a guest's symlink leads to a directory inside the guest, never onto the host.
 */
export function mkdirScript(root: string, dir: string, uid: number, gid: number): string {
  const list = ancestors(dir);
  if (list.length === 0) return 'true';
  const own = `${uid}:${gid}`;
  if (root === '') return sh`for p in ${list}; do if [ ! -d "$p" ]; then mkdir -m 0755 "$p" && chown ${own} "$p" || exit 1; fi; done`;
  return sh`for p in ${list}; do q=$(mx_resolve ${root} "$p") || exit 1; if [ ! -d ${root}"$q" ]; then mkdir -m 0755 ${root}"$q" && chown ${own} ${root}"$q" || exit 1; fi; done`;
}

/** Shell text: cd into the guest directory `dir` (resolved as the guest sees it) under `root`. */
export function cdGuestScript(root: string, dir: string): string {
  return sh`gd=$(mx_resolve ${root} ${dir}) && cd ${root}"$gd" || { echo ${`cannot enter ${dir} in the machine`} >&2; exit 1; }`;
}

export function copyScript(a: MachineCopyArgs, st: CopyState, mkdir: boolean): string {
  const base = a.dest.slice(a.dest.lastIndexOf('/') + 1);
  const destDir = dirOf(a.dest);
  const lines = [TOOL_PATH, 'umask 022', GUEST_RESOLVE];
  const m = st.machine;
  if (m.kind !== 'running' && m.kind !== 'stopped') throw new Error('no machine root');
  const root = m.root;
  if (a.direction === 'to') {
    if (mkdir) lines.push(mkdirScript(root, destDir, st.owner.uid, st.owner.gid));
    // the temporary "$t" is named relative to the guest directory, entered first: the stale ones
    // are removed there, and the rename is made from within it (cwd), so no path is looked up
    // through /proc/LEADER/root afterwards
    const t = tempScript(base, 't');
    if (m.kind === 'running') {
      // machinectl copies a symlink as a symlink: give it the resolved paths of both sides
      lines.push(sh`hs=$(realpath -e ${a.src}) && gd=$(mx_resolve ${root} ${destDir}) || exit 1`);
      lines.push(cdGuestScript(root, destDir), t.setup, t.cleanup);
      lines.push(sh`machinectl copy-to ${a.name} "$hs" "\${gd%/}/$t" || exit 1`);
      lines.push(sh`mv -f -- "$t" ./${base} || { rm -f -- "$t"; exit 1; }`);
    } else {
      lines.push(cdGuestScript(root, destDir), t.setup, t.cleanup);
      lines.push(sh`cp --preserve=mode,timestamps ${a.src} "$t" && chown ${`${st.owner.uid}:${st.owner.gid}`} "$t" && mv -f -- "$t" ./${base} || { rm -f -- "$t"; exit 1; }`);
    }
  } else {
    if (mkdir) lines.push(mkdirScript('', destDir, 0, 0));
    const t = tempScript(a.dest, 't');
    lines.push(t.setup, t.cleanup);
    if (m.kind === 'running') {
      lines.push(sh`gs=$(mx_resolve ${root} ${a.src}) || exit 1`);
      lines.push(sh`machinectl copy-from ${a.name} "$gs" "$t" || exit 1`);
      lines.push(sh`if [ -L "$t" ] || [ ! -f "$t" ]; then rm -rf -- "$t"; echo ${`${a.src} in ${a.name} is not a regular file`} >&2; exit 1; fi`);
    } else {
      lines.push(sh`gs=$(mx_resolve ${root} ${a.src}) || exit 1`);
      lines.push(sh`cp --preserve=mode,timestamps ${root}"$gs" "$t" && chown 0:0 "$t" || { rm -f -- "$t"; exit 1; }`);
    }
    lines.push(sh`mv -f -- "$t" ${a.dest} || { rm -f -- "$t"; exit 1; }`);
  }
  return lines.join('\n');
}

async function copy(ctx: ModuleContext, a: MachineCopyArgs, st: CopyState, mkdir: boolean): Promise<ModuleResult> {
  const r = await ctx.exec(copyScript(a, st, mkdir), { signal: ctx.signal, timeoutMs: 600_000 });
  if (r.rc !== 0) {
    throw new ModuleFailure(`copying ${a.src} ${a.direction === 'to' ? 'to' : 'from'} ${a.name} failed: ${(r.stderr.trim() || r.stdout.trim()).split('\n').slice(-3).join('\n')}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  return {};
}

export const machineCopyModule = defineModule({
  name: 'machine_copy',
  aliases: ['machinist.nspawn.machine_copy'],
  schema: machineCopySchema,
  async plan(args, ctx) {
    const probe = await ctx.exec(copyProbe(args, ctx.diff), { signal: ctx.signal });
    if (probe.rc !== 0) throw new ModuleFailure(`could not read the files: ${probe.stderr.trim()}`, { rc: probe.rc });
    const st = parseCopyProbe(probe.stdout);
    const src = args.direction === 'to' ? st.host : st.guest;
    const result: ModuleResult = {
      name: args.name,
      src: args.src,
      dest: args.dest,
      direction: args.direction,
      machine_state: st.machine.kind,
      checksum: src.sha256,
    };
    const d = decideCopy(args, st);
    if ('error' in d) throw new ModuleFailure(d.error, result);
    if (!d.changed) return { changed: false, result };
    return { changed: true, diff: copyDiff(args, st), result, apply: () => copy(ctx, args, st, d.mkdir) };
  },
});
