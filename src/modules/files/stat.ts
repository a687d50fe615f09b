/**
 * stat: facts about a remote path with Ansible's field names (exists, mode '0644', isdir, isreg,
 * islnk, lnk_source, pw_name, checksum, ...), read with one probe. Never changed.
 */
import { z } from 'zod';
import { renameAliases, boolish, builtinAliases } from '../kit/args.js';
import { defineModule } from '../types.js';
import { sh } from '../../util/quote.js';
import { pathArg } from './args.js';
import { formatMode } from '../kit/file-perms.js';
import { probe, type HashAlgo, type PathState } from '../kit/file-probe.js';

export const statSchema = z.preprocess(
  renameAliases({ path: ['dest', 'name'], checksum_algorithm: ['checksum', 'checksum_algo'] }),
  z
    .object({
      path: pathArg,
      follow: boolish.default(false),
      get_checksum: boolish.default(true),
      checksum_algorithm: z.enum(['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']).default('sha1'),
      get_md5: boolish.default(false),
      get_mime: boolish.default(true),
      get_attributes: boolish.default(true),
    })
    .strict(),
);

/** Ansible's stat dict from the probed state and the access checks ("r w x" as 0/1). */
export function statResult(path: string, st: PathState, access: string | undefined, algo: HashAlgo): Record<string, unknown> {
  if (!st.exists) return { exists: false };
  const m = st.mode ?? 0;
  const t = st.type;
  const [r, w, x] = (access ?? '0 0 0').split(' ').map((c) => c === '1');
  const out: Record<string, unknown> = {
    exists: true,
    path,
    mode: formatMode(m),
    isdir: t === 'directory',
    ischr: t === 'char',
    isblk: t === 'block',
    isreg: t === 'file',
    isfifo: t === 'fifo',
    islnk: t === 'link',
    issock: t === 'socket',
    uid: st.uid,
    gid: st.gid,
    size: st.size,
    inode: st.inode,
    dev: st.dev,
    nlink: st.nlink,
    atime: st.atime,
    mtime: st.mtime,
    ctime: st.ctime,
    wusr: Boolean(m & 0o200),
    rusr: Boolean(m & 0o400),
    xusr: Boolean(m & 0o100),
    wgrp: Boolean(m & 0o020),
    rgrp: Boolean(m & 0o040),
    xgrp: Boolean(m & 0o010),
    woth: Boolean(m & 0o002),
    roth: Boolean(m & 0o004),
    xoth: Boolean(m & 0o001),
    isuid: Boolean(m & 0o4000),
    isgid: Boolean(m & 0o2000),
    pw_name: st.owner,
    gr_name: st.group,
    readable: r,
    writeable: w,
    executable: x,
  };
  if (t === 'link') {
    out.lnk_source = st.real;
    out.lnk_target = st.linkTarget;
  }
  if (st.hash !== undefined) {
    out.checksum = st.hash;
    if (algo === 'md5') out.md5 = st.hash;
  }
  return out;
}

/** The probe line that runs `file` as Ansible does for get_mime (nothing when `file` is missing or fails). */
export function mimeProbe(p: string): string {
  return sh`if command -v file >/dev/null 2>&1 && _m=$(file --mime-type --mime-encoding ${p} 2>/dev/null); then printf 'x mime %s\n' "$(printf %s "$_m" | tr '\n' ' ')"; fi`;
}

/** mimetype and charset from `file --mime-type --mime-encoding` output, parsed as Ansible's stat does; 'unknown' otherwise. */
export function mimeFields(out: string | undefined): { mimetype: string; charset: string } {
  const unknown = { mimetype: 'unknown', charset: 'unknown' };
  if (out === undefined) return unknown;
  const colon = out.lastIndexOf(':');
  if (colon < 0) return unknown;
  const parts = out.slice(colon + 1).split(';');
  const cs = parts[1]?.split('=');
  if (parts.length !== 2 || cs === undefined || cs.length < 2) return unknown;
  return { mimetype: (parts[0] as string).trim(), charset: (cs[1] as string).trim() };
}

export const statModule = defineModule({
  name: 'stat',
  aliases: builtinAliases('stat'),
  schema: statSchema,
  async plan(args, ctx) {
    const algo = args.checksum_algorithm as HashAlgo;
    const p = args.path;
    const access = sh`_a() { if [ "$1" "$2" ]; then printf 1; else printf 0; fi; }; printf 'x access %s %s %s\\n' "$(_a -r ${p})" "$(_a -w ${p})" "$(_a -x ${p})"`;
    const script = args.get_mime ? `${access}\n${mimeProbe(p)}` : access;
    const { paths, extra } = await probe(ctx, [{ path: p, follow: args.follow, ...(args.get_checksum ? { hash: algo } : {}) }], script);
    const stat = statResult(p, paths[0], extra.access?.[0], algo);
    if (args.get_mime && stat.exists) Object.assign(stat, mimeFields(extra.mime?.[0]));
    return { changed: false, result: { changed: false, stat } };
  },
});
