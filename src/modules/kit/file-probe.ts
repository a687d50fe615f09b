/**
 * The one-round-trip state probe of the paths a module reads or writes (the file modules, sysctl,
 * the nspawn settings, interfaces_file). One shell script (POSIX sh, dash; GNU coreutils as on
 * Debian) prints, for every path a task needs, its type, mode, owners, size, times, inode, link
 * target, a checksum and (when asked) the content as base64, plus the remote user and umask. A
 * module builds the script with probeScript(), runs it with ONE ctx.exec, and reads it back with
 * parseProbe() — which unit tests run on captured real output.
 *
 * Output lines (one record per path, introduced by "@ INDEX"):
 *   env UID GID UMASK USER GROUP
 *   @ 0
 *   absent                                   (nothing at the path)
 *   stat HEXMODE UID GID SIZE MTIME ATIME CTIME INODE DEV NLINK OWNER GROUP
 *   link BASE64(readlink)                    (the path itself is a symlink)
 *   real BASE64(readlink -m)                 (canonical path)
 *   sum HEX                                  (checksum of a regular file)
 *   data BASE64                              (content)
 *   skip REASON                              (content not sent: large / same / unreadable)
 *   err TEXT                                 (stat failed)
 */
import { sh, raw } from '../../util/quote.js';
import type { ModuleContext } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';

export type HashAlgo = 'md5' | 'sha1' | 'sha224' | 'sha256' | 'sha384' | 'sha512';
export type FileType = 'file' | 'directory' | 'link' | 'fifo' | 'socket' | 'char' | 'block' | 'unknown';

export interface ProbeSpec {
  path: string;
  /** stat the link's target instead of the link (dangling links fall back to the link itself). */
  follow?: boolean;
  /** Checksum of a regular file. */
  hash?: HashAlgo;
  /**
   * Send the content (regular files up to maxBytes): 'always', or 'ifDiffers' — only when the file's
   * sha256 differs from `expectSha256` (so a --diff costs nothing when nothing changes).
   */
  content?: 'always' | 'ifDiffers';
  expectSha256?: string;
  maxBytes?: number;
}

export interface PathState {
  path: string;
  exists: boolean;
  type?: FileType;
  /** Permission bits (07777). */
  mode?: number;
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  size?: number;
  mtime?: number;
  atime?: number;
  ctime?: number;
  inode?: number;
  dev?: number;
  nlink?: number;
  /** The path itself is a symlink (even when followed). */
  isLink?: boolean;
  /** readlink of the path when it is a symlink. */
  linkTarget?: string;
  /** Canonical absolute path (readlink -m). */
  real?: string;
  hash?: string;
  content?: Buffer;
  /** Why content was not sent ('large', 'same'). */
  contentSkipped?: string;
  error?: string;
}

export interface ProbeEnv {
  uid: number;
  gid: number;
  umask: number;
  user: string;
  group: string;
}

export interface ProbeResult {
  env: ProbeEnv;
  paths: PathState[];
  /** Lines "x KEY VALUE" printed by a module's extra script, by KEY. */
  extra: Record<string, string[]>;
}

export const DEFAULT_MAX_CONTENT = 1024 * 1024;

const FUNC = `_p() {
_i=$1; _f=$2; _h=$3; _c=$4; _x=$5; _m=$6; _q=$7
if [ "$_x" = stdin ]; then read -r _x || _x=-; fi
printf '@ %s\\n' "$_i"
if [ ! -e "$_q" ] && [ ! -L "$_q" ]; then echo absent; return 0; fi
if [ "$_f" = L ] && [ -e "$_q" ]; then _s=$(stat -L -c '%f %u %g %s %.9Y %.9X %.9Z %i %d %h %U %G' -- "$_q" 2>&1); else _s=$(stat -c '%f %u %g %s %.9Y %.9X %.9Z %i %d %h %U %G' -- "$_q" 2>&1); fi || { printf 'err %s\\n' "$_s" | head -n 1; return 0; }
echo "stat $_s"
if [ -L "$_q" ]; then printf 'link %s\\n' "$(readlink -- "$_q" | base64 -w0)"; fi
printf 'real %s\\n' "$(readlink -m -- "$_q" | base64 -w0)"
if [ -f "$_q" ] && { [ "$_f" = L ] || [ ! -L "$_q" ]; }; then
  if [ "$_h" != - ]; then _d=$(\${_h}sum < "$_q" 2>/dev/null) && echo "sum \${_d%% *}"; fi
  if [ "$_c" != - ]; then
    _z=$(stat -L -c %s -- "$_q")
    if [ "$_z" -gt "$_m" ]; then echo 'skip large'
    elif [ "$_c" = ifDiffers ] && [ "$(sha256sum < "$_q" | cut -d' ' -f1)" = "$_x" ]; then echo 'skip same'
    elif [ ! -r "$_q" ]; then echo 'skip unreadable'
    else printf 'data '; base64 -w0 < "$_q"; echo; fi
  fi
fi
}
printf 'env %s %s %s %s %s\\n' "$(id -u)" "$(id -g)" "$(umask)" "$(id -un 2>/dev/null || echo -)" "$(id -gn 2>/dev/null || echo -)"
`;

/**
 * The probe script for these paths (every path and value quoted; nothing interpolated raw). `extra`
 * is more shell text (built with `sh`) whose output lines read "x KEY VALUE".
 */
export function probeScript(specs: ProbeSpec[], extra = ''): string {
  const calls = specs.map((s, i) => {
    if (s.expectSha256 !== undefined && !/^[0-9a-f]{64}$/.test(s.expectSha256)) throw new Error('expectSha256 must be a sha256 hex digest');
    return sh`_p ${i} ${s.follow ? 'L' : 'P'} ${s.hash ?? '-'} ${s.content ?? '-'} ${s.expectSha256 ? 'stdin' : '-'} ${s.maxBytes ?? DEFAULT_MAX_CONTENT} ${s.path}`;
  });
  return sh`${raw(FUNC)}${raw(calls.join('\n'))}\n${raw(extra)}${raw(extra ? '\n' : '')}`;
}

const TYPES: Record<number, FileType> = {
  0o100000: 'file',
  0o040000: 'directory',
  0o120000: 'link',
  0o010000: 'fifo',
  0o140000: 'socket',
  0o020000: 'char',
  0o060000: 'block',
};

function b64text(s: string): string {
  // readlink ends its output with one newline, which is not part of the target
  return Buffer.from(s, 'base64').toString('utf8').replace(/\n$/, '');
}

/**
 * The probe's stdin: the expected digests, one a line in spec order. They travel on stdin, not in
 * the command line, so not even a digest of a secret's content shows in the host's process list.
 */
export function probeStdin(specs: ProbeSpec[]): string {
  return specs
    .filter((s) => s.expectSha256)
    .map((s) => s.expectSha256 + '\n')
    .join('');
}

/** Read the probe's output back. `paths` gives the path of each record (in spec order). */
export function parseProbe(out: string, paths: string[]): ProbeResult {
  let env: ProbeEnv | undefined;
  const extra: Record<string, string[]> = {};
  const states: PathState[] = paths.map((p) => ({ path: p, exists: false }));
  let cur: PathState | undefined;
  for (const line of out.split('\n')) {
    if (line === '') continue;
    const sp = line.indexOf(' ');
    const tag = sp < 0 ? line : line.slice(0, sp);
    const rest = sp < 0 ? '' : line.slice(sp + 1);
    if (tag === 'env') {
      const [uid, gid, umask, user, group] = rest.split(' ');
      env = { uid: Number(uid), gid: Number(gid), umask: parseInt(umask, 8), user, group };
    } else if (tag === 'x') {
      const sp2 = rest.indexOf(' ');
      const key = sp2 < 0 ? rest : rest.slice(0, sp2);
      (extra[key] ??= []).push(sp2 < 0 ? '' : rest.slice(sp2 + 1));
    } else if (tag === '@') {
      cur = states[Number(rest)];
      if (!cur) throw new Error(`probe output names an unknown path index ${rest}`);
    } else if (!cur) {
      continue;
    } else if (tag === 'absent') {
      cur.exists = false;
    } else if (tag === 'stat') {
      const f = rest.split(' ');
      const raw = parseInt(f[0], 16);
      cur.exists = true;
      cur.type = TYPES[raw & 0o170000] ?? 'unknown';
      cur.mode = raw & 0o7777;
      cur.uid = Number(f[1]);
      cur.gid = Number(f[2]);
      cur.size = Number(f[3]);
      cur.mtime = Number(f[4]);
      cur.atime = Number(f[5]);
      cur.ctime = Number(f[6]);
      cur.inode = Number(f[7]);
      cur.dev = Number(f[8]);
      cur.nlink = Number(f[9]);
      cur.owner = f[10];
      cur.group = f.slice(11).join(' ');
    } else if (tag === 'link') {
      cur.isLink = true;
      cur.linkTarget = b64text(rest);
    } else if (tag === 'real') {
      cur.real = b64text(rest);
    } else if (tag === 'sum') {
      cur.hash = rest.trim();
    } else if (tag === 'data') {
      cur.content = Buffer.from(rest.trim(), 'base64');
    } else if (tag === 'skip') {
      cur.contentSkipped = rest.trim();
    } else if (tag === 'err') {
      cur.exists = true;
      cur.error = rest;
    }
  }
  if (!env) throw new Error('probe output lacks the env line');
  return { env, paths: states, extra };
}

/** Run the probe for these paths in ONE exec and parse it. */
export async function probe(ctx: ModuleContext, specs: ProbeSpec[], extra = ''): Promise<ProbeResult> {
  const stdin = probeStdin(specs);
  const r = await ctx.exec(probeScript(specs, extra), stdin ? { stdin } : {});
  if (r.rc !== 0 || !r.stdout.includes('env ')) {
    throw new ModuleFailure(`could not read the state of ${specs.map((s) => s.path).join(', ')}: ${r.stderr.trim() || `rc ${r.rc}`}`, {
      rc: r.rc,
      stderr: r.stderr,
    });
  }
  return parseProbe(r.stdout, specs.map((s) => s.path));
}
