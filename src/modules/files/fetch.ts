/**
 * fetch: copy a remote file to the controller, to DEST/HOST/SRC-PATH (or DEST itself with flat).
 * One probe reads the remote file with its sha1; changed when the local copy differs. The local
 * write is atomic (temp file + rename, util/temp-files.ts) and happens only outside check mode.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { localTempFor } from '../../util/temp-files.js';
import { pathArg } from './args.js';
import { probe } from '../kit/file-probe.js';
import { md5, sha1 } from '../kit/file-write.js';
import { contentDiff } from '../kit/diff.js';
import { boolish, builtinAliases } from '../kit/args.js';

export const MAX_FETCH = 256 * 1024 * 1024;

export const fetchSchema = z
  .object({
    src: pathArg,
    dest: pathArg,
    flat: boolish.default(false),
    fail_on_missing: boolish.default(true),
    validate_checksum: boolish.default(true),
  })
  .strict();

/** Where the file lands on the controller (Ansible's rules; relative dest is relative to the cwd). */
export function fetchDest(src: string, dest: string, host: string, flat: boolean): string {
  if (flat) return path.resolve(dest.endsWith('/') ? path.join(dest, path.posix.basename(src)) : dest);
  const rel = path.posix.normalize(src).replace(/^\/+/, '');
  return path.resolve(dest, host, rel);
}

async function writeAtomic(file: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  // named as every temporary of machinist; stale ones of this file (a killed run's) go first
  const tmp = await localTempFor(file);
  try {
    await fs.writeFile(tmp, data, { mode: 0o644, flag: 'wx' });
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.rm(tmp, { force: true });
    throw e;
  }
}

export const fetchModule = defineModule({
  name: 'fetch',
  aliases: builtinAliases('fetch'),
  schema: fetchSchema,
  async plan(args, ctx) {
    const { paths } = await probe(ctx, [{ path: args.src, follow: true, hash: 'sha1', content: 'always', maxBytes: MAX_FETCH }]);
    const st = paths[0];
    const missing = (msg: string) => {
      if (args.fail_on_missing) throw new ModuleFailure(msg, { file: args.src });
      return { changed: false, result: { changed: false, msg, file: args.src } };
    };
    if (!st.exists) return missing('the remote file does not exist, not transferring, ignored');
    if (st.type === 'directory') return missing('remote file is a directory, fetch cannot work on directories');
    if (st.contentSkipped === 'unreadable' || (st.content === undefined && !st.contentSkipped)) return missing('unable to read the remote file');
    if (st.contentSkipped === 'large') throw new ModuleFailure(`remote file is larger than ${MAX_FETCH} bytes`, { file: args.src });
    const data = st.content!;
    const remoteSum = sha1(data);
    if (args.validate_checksum && st.hash && st.hash !== remoteSum) {
      throw new ModuleFailure('checksum mismatch', { file: args.src, remote_checksum: st.hash, checksum: remoteSum });
    }
    const dest = fetchDest(args.src, args.dest, ctx.host, args.flat);
    const local = await fs.readFile(dest).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      if (e.code === 'EISDIR') throw new ModuleFailure(`dest ${dest} is an existing directory, use a trailing slash if you want to fetch src into that directory`);
      throw new ModuleFailure(`cannot read ${dest}: ${e.code ?? e.message}`);
    });
    const changed = !local || sha1(local) !== remoteSum;
    const result = { changed, dest, file: args.src, checksum: remoteSum, remote_checksum: remoteSum, md5sum: md5(data), remote_md5sum: null };
    return {
      changed,
      diff: changed ? contentDiff(dest, local, data, `${ctx.host}:${args.src}`) : undefined,
      result,
      apply: async () => {
        await writeAtomic(dest, data);
      },
    };
  },
});
