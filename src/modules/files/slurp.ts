/** slurp: the content of a remote file as base64 ({content, encoding: 'base64', source}), one round trip. */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { pathArg } from './args.js';
import { probe } from '../kit/file-probe.js';
import { builtinAliases } from '../kit/args.js';

/** Largest file slurp reads (it travels as base64 in memory). */
export const MAX_SLURP = 256 * 1024 * 1024;

export const slurpSchema = z.preprocess(
  (v) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && (v as Record<string, unknown>).path !== undefined && (v as Record<string, unknown>).src === undefined) {
      const { path, ...rest } = v as Record<string, unknown>;
      return { ...rest, src: path };
    }
    return v;
  },
  z.object({ src: pathArg }).strict(),
);

export const slurpModule = defineModule({
  name: 'slurp',
  aliases: builtinAliases('slurp'),
  schema: slurpSchema,
  async plan(args, ctx) {
    const { paths } = await probe(ctx, [{ path: args.src, follow: true, content: 'always', maxBytes: MAX_SLURP }]);
    const st = paths[0];
    if (!st.exists) throw new ModuleFailure(`file not found: ${args.src}`);
    if (st.type === 'directory') throw new ModuleFailure(`source is a directory and must be a file: ${args.src}`);
    if (st.contentSkipped === 'large') throw new ModuleFailure(`file is too large to slurp (over ${MAX_SLURP} bytes): ${args.src}`);
    if (st.content === undefined) throw new ModuleFailure(`file is not readable or not a regular file: ${args.src}`);
    return { changed: false, result: { changed: false, content: st.content.toString('base64'), encoding: 'base64', source: args.src } };
  },
});
