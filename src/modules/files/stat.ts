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

export const statModule = defineModule({
  name: 'stat',
  aliases: builtinAliases('stat'),
  schema: statSchema,
  async plan(args, ctx) {
    const algo = args.checksum_algorithm as HashAlgo;
    const p = args.path;
    const access = sh`_a() { if [ "$1" "$2" ]; then printf 1; else printf 0; fi; }; printf 'x access %s %s %s\\n' "$(_a -r ${p})" "$(_a -w ${p})" "$(_a -x ${p})"`;
    const { paths, extra } = await probe(ctx, [{ path: p, follow: args.follow, ...(args.get_checksum ? { hash: algo } : {}) }], access);
    return { changed: false, result: { changed: false, stat: statResult(p, paths[0], extra.access?.[0], algo) } };
  },
});
