/**
 * copy with a directory `src`: the controller tree (files and directories; links are followed) is
 * mirrored under dest. Ansible's trailing-slash rule: 'dir/' copies the contents of dir into dest,
 * 'dir' copies dir itself (dest/dir/...). All remote paths are read with one probe.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { FileDiff, ModuleContext, Plan } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { sh } from '../../util/quote.js';
import { attrCommands, decideAttrs, newAttrs, currentAttrs } from '../kit/file-attrs.js';
import { dictDiff, MAX_DIFF_SIZE } from '../kit/diff.js';
import { parseModeArg, formatMode } from '../kit/file-perms.js';
import { probe, type ProbeSpec } from '../kit/file-probe.js';
import { applyWrite, decideWrite, sha256, type WriteArgs, type WriteDecision } from '../kit/file-write.js';
import { readControllerFile } from '../kit/controller-file.js';

/** Concurrent uploads of a directory copy. */
export const UPLOADS_AT_ONCE = 4;

export interface LocalTree {
  dirs: string[];
  files: Array<{ rel: string; abs: string; mode: number }>;
}

/** Walk a controller directory: relative paths of sub-directories and files, sorted. */
export async function walkLocal(root: string, warn: (m: string) => void): Promise<LocalTree> {
  const tree: LocalTree = { dirs: [], files: [] };
  async function walk(rel: string): Promise<void> {
    const entries = (await fs.readdir(path.join(root, rel))).sort();
    for (const name of entries) {
      const r = rel ? `${rel}/${name}` : name;
      const abs = path.join(root, r);
      const st = await fs.stat(abs).catch(() => undefined);
      if (!st) warn(`skipping ${abs}: broken link`);
      else if (st.isDirectory()) {
        tree.dirs.push(r);
        await walk(r);
      } else if (st.isFile()) tree.files.push({ rel: r, abs, mode: st.mode & 0o7777 });
      else warn(`skipping ${abs}: not a regular file or directory`);
    }
  }
  await walk('');
  return tree;
}

export interface TreeArgs extends WriteArgs {
  src: string;
  dest: string;
  directory_mode?: string | number;
  force: boolean;
  /** Vault-encrypted files are sent decrypted (copy's `decrypt`, default true). */
  decrypt?: boolean;
}

export async function planTreeCopy(args: TreeArgs, localRoot: string, ctx: ModuleContext): Promise<Plan> {
  const base = args.src.endsWith('/') ? args.dest.replace(/\/+$/, '') || '/' : path.posix.join(args.dest, path.posix.basename(localRoot));
  const tree = await walkLocal(localRoot, (m) => ctx.warn(m));
  const contents = await Promise.all(tree.files.map(async (f) => (await readControllerFile(f.abs, args.decrypt !== false)).data));
  const remoteDirs = [base, ...tree.dirs.map((d) => path.posix.join(base, d))];
  const specs: ProbeSpec[] = [
    ...remoteDirs.map((p) => ({ path: p, follow: true })),
    ...tree.files.map((f, i) => ({
      path: path.posix.join(base, f.rel),
      follow: true,
      hash: 'sha256' as const,
      ...(ctx.diff ? { content: 'ifDiffers' as const, expectSha256: sha256(contents[i]), maxBytes: MAX_DIFF_SIZE } : {}),
    })),
  ];
  const { env, paths } = await probe(ctx, specs);
  const diff: FileDiff[] = [];
  const mkdirs: string[] = [];
  const dirAttrCmds: string[] = [];
  const dirMode = args.directory_mode !== undefined ? parseModeArg(args.directory_mode) : undefined;
  remoteDirs.forEach((p, i) => {
    const st = paths[i];
    if (st.exists && st.type !== 'directory') throw new ModuleFailure(`cannot copy a directory to ${p}: it exists and is not a directory`, { dest: p });
    if (!st.exists) {
      const cur = newAttrs(env, true);
      const mode = dirMode && dirMode.kind !== 'preserve' ? decideAttrs({ mode: args.directory_mode }, cur, env.umask).finalMode : cur.mode;
      const d = decideAttrs({ owner: args.owner, group: args.group, mode: formatMode(mode) }, cur, env.umask);
      mkdirs.push(sh`mkdir -p -- ${p}`);
      const c = attrCommands(p, { ...d.change, mode });
      if (c) mkdirs.push(c);
      diff.push(dictDiff({ path: p, state: 'absent' }, { path: p, state: 'directory', mode: formatMode(mode) })!);
    } else if (args.owner !== undefined || args.group !== undefined) {
      const d = decideAttrs({ owner: args.owner, group: args.group }, currentAttrs(st), env.umask);
      const c = attrCommands(p, d.change);
      if (c) {
        dirAttrCmds.push(c);
        diff.push(dictDiff({ path: p, ...d.before }, { path: p, ...d.after })!);
      }
    }
  });
  const writes: Array<{ d: WriteDecision; content: Buffer }> = [];
  tree.files.forEach((f, i) => {
    const st = paths[remoteDirs.length + i];
    const dest = st.path;
    if (st.exists && st.type !== 'file') throw new ModuleFailure(`cannot copy ${f.abs} to ${dest}: it exists and is a ${st.type}`, { dest });
    if (st.exists && !args.force) return;
    const d = decideWrite({
      dest,
      st,
      env,
      content: contents[i],
      args,
      before: st.content ?? (st.contentSkipped === 'large' ? null : undefined),
      preserveMode: f.mode,
      afterHeader: f.abs,
    });
    if (d.changed) {
      writes.push({ d, content: contents[i] });
      diff.push(...d.diff);
    }
  });
  const changed = mkdirs.length > 0 || dirAttrCmds.length > 0 || writes.length > 0;
  return {
    changed,
    diff,
    result: { dest: base, src: localRoot },
    apply: async () => {
      const pre = [...mkdirs, ...dirAttrCmds].join(' && ');
      if (pre) {
        const r = await ctx.exec(pre);
        if (r.rc !== 0) throw new ModuleFailure(`could not create the directories under ${base}: ${r.stderr.trim()}`, { rc: r.rc, stderr: r.stderr });
      }
      // a few uploads at once: each is a round trip or two, and the connection multiplexes channels
      let next = 0;
      const worker = async () => {
        while (next < writes.length) {
          const w = writes[next++];
          await applyWrite(ctx, w.d, w.content, args);
        }
      };
      await Promise.all(Array.from({ length: Math.min(UPLOADS_AT_ONCE, writes.length) }, worker));
    },
  };
}
