/**
 * copy: put `content` or a controller file/directory (`src`) at `dest` on the host. One probe reads
 * dest (and dest/basename(src), for a dest that is a directory) with its sha256; the upload is
 * skipped when the checksums match, mode/owner/group are still fixed. template shares planContentCopy.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { defineModule, type ModuleContext, type Plan } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { pathArg, validateArg } from './args.js';
import { MAX_DIFF_SIZE } from '../kit/diff.js';
import { probe, type ProbeSpec } from '../kit/file-probe.js';
import { applyWrite, decideWrite, sha256, type WriteArgs } from '../kit/file-write.js';
import { planTreeCopy } from './copy-tree.js';
import { boolish, builtinAliases } from '../kit/args.js';
import { fileCommon, modeArg } from '../kit/file-args.js';
import { readControllerFile } from '../kit/controller-file.js';

export const copySchema = z
  .object({
    src: pathArg.optional(),
    content: z.unknown().optional(),
    dest: pathArg,
    backup: boolish.default(false),
    force: boolish.default(true),
    follow: boolish.default(false),
    validate: validateArg.optional(),
    directory_mode: modeArg.optional(),
    remote_src: boolish.default(false),
    local_follow: boolish.default(true),
    checksum: z.string().regex(/^[0-9a-fA-F]{40}$/, 'checksum must be a sha1 hex digest').optional(),
    decrypt: boolish.optional(),
    ...fileCommon,
  })
  .strict()
  .superRefine((a, c) => {
    if (a.src === undefined && a.content === undefined) c.addIssue({ code: 'custom', message: 'src (or content) is required' });
    if (a.src !== undefined && a.content !== undefined) c.addIssue({ code: 'custom', message: 'src and content are mutually exclusive' });
    if (a.remote_src) c.addIssue({ code: 'custom', path: ['remote_src'], message: 'remote_src is not supported: copy sends controller files or content' });
  });

export interface ContentCopy {
  content: Buffer;
  dest: string;
  /** basename used when dest is a directory (copy: basename(src); template: basename(src)). */
  srcName?: string;
  /** What the result's `src` shows. */
  srcLabel?: string;
  /** Shown as the diff's after_header. */
  afterHeader: string;
  preserveMode?: number;
  args: WriteArgs & { force: boolean; follow?: boolean; checksum?: string };
}

/** Plan writing one buffer to dest (copy with content or a file src, and template). */
export async function planContentCopy(c: ContentCopy, ctx: ModuleContext): Promise<Plan> {
  const want = sha256(c.content);
  const fileSpec = (p: string): ProbeSpec => ({
    path: p,
    follow: true,
    hash: 'sha256',
    ...(ctx.diff ? { content: 'ifDiffers' as const, expectSha256: want, maxBytes: MAX_DIFF_SIZE } : {}),
  });
  let dest = c.dest;
  if (dest.endsWith('/')) {
    if (!c.srcName) throw new ModuleFailure('can not use content with a dir as dest', { dest });
    dest = path.posix.join(dest, c.srcName);
  }
  const specs: ProbeSpec[] = [fileSpec(dest), { path: path.posix.dirname(dest), follow: true }];
  if (c.srcName && !c.dest.endsWith('/')) specs.push(fileSpec(path.posix.join(dest, c.srcName)));
  const { env, paths } = await probe(ctx, specs);
  let st = paths[0];
  let parent = paths[1];
  if (st.exists && st.type === 'directory') {
    if (!c.srcName) throw new ModuleFailure('can not use content with a dir as dest', { dest });
    parent = st;
    st = paths[2];
    dest = st.path;
  }
  // Ansible creates a missing dest that ends with '/' (the directory to copy src into)
  const createParent = !parent.exists && c.dest.endsWith('/');
  if (parent.exists && parent.type !== 'directory') throw new ModuleFailure(`Destination ${parent.path} is not a directory`, { dest });
  if (!parent.exists && !createParent) throw new ModuleFailure(`Destination directory ${parent.path} does not exist`, { dest });
  if (st.exists && st.type !== 'file') throw new ModuleFailure(`cannot write ${dest}: it is a ${st.type}`, { dest });
  const target = c.args.follow && st.isLink && st.real ? st.real : dest;
  if (st.exists && !c.args.force) {
    return { changed: false, result: { dest: target, ...(c.srcLabel ? { src: c.srcLabel } : {}), msg: 'file already exists' } };
  }
  const d = decideWrite({
    dest: target,
    st,
    env,
    content: c.content,
    args: c.args,
    before: st.content ?? (st.contentSkipped === 'large' ? null : undefined),
    preserveMode: c.preserveMode,
    afterHeader: c.afterHeader,
  });
  if (c.args.checksum && c.args.checksum.toLowerCase() !== d.result.checksum) {
    throw new ModuleFailure(`Copied file does not match the expected checksum. Transfer failed.`, { checksum: d.result.checksum, expected_checksum: c.args.checksum });
  }
  const result = { ...d.result, ...(c.srcLabel ? { src: c.srcLabel } : {}) };
  return {
    changed: d.changed,
    diff: d.diff.length ? d.diff : undefined,
    result,
    apply: async () => applyWrite(ctx, d, c.content, c.args, { mkdirParents: createParent }),
  };
}

/** YAML content that is not a string is written as JSON, as Ansible does. */
export function contentBuffer(v: unknown): Buffer {
  if (typeof v === 'string') return Buffer.from(v, 'utf8');
  if (typeof v === 'number' || typeof v === 'boolean') return Buffer.from(String(v));
  return Buffer.from(JSON.stringify(v));
}

export const copyModule = defineModule({
  name: 'copy',
  aliases: builtinAliases('copy'),
  schema: copySchema,
  async plan(args, ctx) {
    if (args.content !== undefined) {
      if (args.mode === 'preserve') throw new ModuleFailure("mode 'preserve' needs a src file", { dest: args.dest });
      return planContentCopy({ content: contentBuffer(args.content), dest: args.dest, afterHeader: 'dynamically generated', args }, ctx);
    }
    const local = await ctx.findFile('files', args.src!);
    const st = await fs.stat(local).catch((e: NodeJS.ErrnoException) => {
      throw new ModuleFailure(`could not read ${local}: ${e.code ?? e.message}`);
    });
    if (st.isDirectory()) {
      if (args.mode === 'preserve') throw new ModuleFailure("mode 'preserve' is not supported with a directory src");
      return planTreeCopy({ ...args, src: args.src!, force: args.force }, local, ctx);
    }
    const content = (await readControllerFile(local, args.decrypt !== false)).data;
    return planContentCopy(
      { content, dest: args.dest, srcName: path.basename(local), srcLabel: local, afterHeader: local, preserveMode: st.mode & 0o7777, args },
      ctx,
    );
  },
});
