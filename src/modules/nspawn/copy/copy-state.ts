/**
 * machine_copy: arguments, the ONE-round-trip probe and the pure decision. The probe finds the
 * guest's root (/proc/LEADER/root of a running machine, else its image directory), the UID the image
 * root is owned by (the base of a user-namespace shift), and the sha256 of the host file and of the
 * guest file (with their contents when small, for the diff). Guest paths are resolved as the guest
 * sees them first (copy-resolve.ts), so a guest's absolute symlink never makes the probe read a host
 * file.
 */
import { z } from 'zod';
import { sh } from '../../../util/quote.js';
import { IMAGE_DIRS } from '../../../transport/nspawn/names.js';
import { GUEST_RESOLVE } from './copy-resolve.js';
import { machineName } from '../common/names.js';
import { sectionMark, sections } from '../../../util/sections.js';
import { absPath, boolish } from '../../kit/args.js';
import { TOOL_PATH } from '../common/host-script.js';

const filePath = absPath
  .refine((p) => !p.endsWith('/') && p !== '/', 'expected a file path, not a directory')
  .refine((p) => !p.split('/').includes('..'), 'a path must not contain .. components');

export const machineCopySchema = z
  .object({
    name: machineName,
    src: filePath,
    dest: filePath,
    direction: z.enum(['to', 'from']).default('to'),
    mkdir: boolish.default(false),
  })
  .strict();

export type MachineCopyArgs = z.infer<typeof machineCopySchema>;

/** Files up to this size that are text are shown in the diff as text. */
export const DIFF_TEXT_MAX = 16 * 1024;

export function hostPathOf(a: MachineCopyArgs): string {
  return a.direction === 'to' ? a.src : a.dest;
}
export function guestPathOf(a: MachineCopyArgs): string {
  return a.direction === 'to' ? a.dest : a.src;
}
export function dirOf(p: string): string {
  return p.slice(0, p.lastIndexOf('/')) || '/';
}

/** Shell text printing `KIND SIZE MODE UID GID SHA256` (or `absent`/`notfile`) and, when small, base64 contents. */
function fileReport(pathExpr: string, withContent: boolean): string {
  return [
    `f=${pathExpr}`,
    'if [ -f "$f" ]; then',
    '  echo "file $(stat -L -c \'%s %a %u %g\' "$f") $(sha256sum < "$f" | cut -c1-64)"',
    withContent ? `  if [ "$(stat -L -c %s "$f")" -le ${DIFF_TEXT_MAX} ]; then base64 -w0 < "$f"; echo; fi` : '  true',
    'elif [ -e "$f" ]; then echo notfile; else echo absent; fi',
  ].join('\n');
}

export function copyProbe(a: MachineCopyArgs, withContent: boolean): string {
  const guest = guestPathOf(a);
  const host = hostPathOf(a);
  return [
    TOOL_PATH,
    sectionMark('machine'),
    'root=',
    sh`leader=$(machinectl show ${a.name} -p Leader --value 2>/dev/null || true)`,
    'if [ -n "$leader" ] && [ "$leader" != 0 ] && [ -d "/proc/$leader/root" ]; then root="/proc/$leader/root"; echo "running $leader"',
    'else',
    `  for d in ${IMAGE_DIRS.join(' ')}; do`,
    sh`    if [ -d "$d"/${a.name} ]; then root="$d"/${a.name}; echo "stopped $root"; break; fi`,
    sh`    if [ -e "$d"/${a.name}.raw ]; then echo "raw $d"/${a.name}.raw; break; fi`,
    '  done',
    'fi',
    sectionMark('owner'),
    'if [ -n "$root" ]; then stat -c \'%u %g\' "$root/"; fi',
    sectionMark('host'),
    fileReport(sh`${host}`, withContent),
    sectionMark('hostdir'),
    sh`if [ -d ${dirOf(host)} ]; then echo yes; fi`,
    // the guest's paths resolved as the guest sees them (its absolute links do not lead onto the host)
    GUEST_RESOLVE,
    sectionMark('guest'),
    'if [ -n "$root" ]; then',
    sh`gp=$(mx_resolve "$root" ${guest}) || exit 1`,
    fileReport('"$root$gp"', withContent),
    'fi',
    sectionMark('guestdir'),
    sh`if [ -n "$root" ]; then gd=$(mx_resolve "$root" ${dirOf(guest)}) || exit 1; if [ -d "$root$gd" ]; then echo yes; fi; fi`,
  ].join('\n') + '\n';
}

export interface FileInfo {
  kind: 'file' | 'absent' | 'notfile';
  size?: number;
  mode?: string;
  uid?: number;
  gid?: number;
  sha256?: string;
  content?: Buffer;
}

export interface CopyState {
  machine: { kind: 'running'; leader: number; root: string } | { kind: 'stopped'; root: string } | { kind: 'raw'; path: string } | { kind: 'missing' };
  /** Owner of the guest root as the host sees it (the UID/GID shift base; 0 when not shifted). */
  owner: { uid: number; gid: number };
  host: FileInfo;
  hostDir: boolean;
  guest: FileInfo;
  guestDir: boolean;
}

export function parseFileReport(text: string | undefined): FileInfo {
  const [head, content] = (text ?? '').split('\n');
  const m = /^file (\d+) ([0-7]+) (\d+) (\d+) ([0-9a-f]{64})$/.exec((head ?? '').trim());
  if (m) {
    const info: FileInfo = { kind: 'file', size: Number(m[1]), mode: m[2].padStart(4, '0'), uid: Number(m[3]), gid: Number(m[4]), sha256: m[5] };
    if (content !== undefined && content.trim() !== '' ) info.content = Buffer.from(content.trim(), 'base64');
    else if (content !== undefined && info.size === 0) info.content = Buffer.alloc(0);
    return info;
  }
  return { kind: (head ?? '').trim() === 'notfile' ? 'notfile' : 'absent' };
}

export function parseCopyProbe(out: string): CopyState {
  const s = sections(out);
  const mline = (s.machine ?? '').trim();
  let machine: CopyState['machine'] = { kind: 'missing' };
  let m: RegExpExecArray | null;
  if ((m = /^running (\d+)$/.exec(mline))) machine = { kind: 'running', leader: Number(m[1]), root: `/proc/${m[1]}/root` };
  else if ((m = /^stopped (\/.*)$/.exec(mline))) machine = { kind: 'stopped', root: m[1] };
  else if ((m = /^raw (\/.*)$/.exec(mline))) machine = { kind: 'raw', path: m[1] };
  const o = /^(\d+) (\d+)$/.exec((s.owner ?? '').trim());
  return {
    machine,
    owner: o ? { uid: Number(o[1]), gid: Number(o[2]) } : { uid: 0, gid: 0 },
    host: parseFileReport(s.host),
    hostDir: (s.hostdir ?? '').trim() === 'yes',
    guest: parseFileReport(s.guest),
    guestDir: (s.guestdir ?? '').trim() === 'yes',
  };
}

export type CopyDecision = { changed: false } | { changed: true; mkdir: boolean } | { error: string };

export function decideCopy(a: MachineCopyArgs, st: CopyState): CopyDecision {
  if (st.machine.kind === 'missing') return { error: `there is no machine or image ${a.name}` };
  if (st.machine.kind === 'raw') return { error: `${a.name} is a stopped raw disk image (${st.machine.path}): start it to copy files, or use a directory image` };
  const [from, to] = a.direction === 'to' ? [st.host, st.guest] : [st.guest, st.host];
  const where = (side: 'host' | 'guest') => (side === 'host' ? 'on the host' : `in ${a.name}`);
  const srcSide = a.direction === 'to' ? 'host' : 'guest';
  const destSide = a.direction === 'to' ? 'guest' : 'host';
  if (from.kind === 'absent') return { error: `${a.src} does not exist ${where(srcSide)}` };
  if (from.kind === 'notfile') return { error: `${a.src} ${where(srcSide)} is not a regular file (machine_copy copies files)` };
  if (to.kind === 'notfile') return { error: `${a.dest} ${where(destSide)} exists and is not a regular file` };
  if (to.kind === 'file' && to.sha256 === from.sha256) return { changed: false };
  const dirExists = a.direction === 'to' ? st.guestDir : st.hostDir;
  if (!dirExists && !a.mkdir) return { error: `the directory ${dirOf(a.dest)} does not exist ${where(destSide)} (set mkdir: true to create it)` };
  return { changed: true, mkdir: !dirExists };
}

function isText(b: Buffer): boolean {
  if (b.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

/** Before/after: the text when both sides are small text files, else the checksums. */
export function copyDiff(a: MachineCopyArgs, st: CopyState): { before: string; after: string; before_header: string; after_header: string } {
  const [from, to] = a.direction === 'to' ? [st.host, st.guest] : [st.guest, st.host];
  const header = a.direction === 'to' ? `${a.name}:${a.dest}` : a.dest;
  const text = (f: FileInfo) => (f.kind === 'absent' ? '' : f.content && isText(f.content) ? f.content.toString('utf8') : undefined);
  const b = text(to);
  const af = text(from);
  if (b !== undefined && af !== undefined) return { before: b, after: af, before_header: header, after_header: header };
  const sum = (f: FileInfo) => (f.kind === 'file' ? `sha256:${f.sha256} (${f.size} bytes)\n` : 'absent\n');
  return { before: sum(to), after: sum(from), before_header: header, after_header: header };
}
