/**
 * slurp: the content of a remote file as base64 ({content, encoding: 'base64', source}), one round
 * trip. Failures read as Ansible's (modules/slurp.py opens the file and names the errno): "file not
 * found", "file is not readable", "source is a directory and must be a file", else "unable to slurp
 * file: [Errno N] TEXT: 'PATH'". base64 itself opens and reads the file, so the errno is the one
 * Python's open()/read() meets (an unreadable directory: EACCES; a readable one: EISDIR).
 */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { sh } from '../../util/quote.js';
import { reprString } from '../../py/repr.js';
import { pathArg } from './args.js';
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

/** The script: "large" when the file is over the limit, else base64 of the file (its error on stderr, rc != 0). */
export function slurpScript(src: string, max = MAX_SLURP): string {
  return sh`_f=${src}
if [ -f "$_f" ] && [ "$(stat -L -c %s -- "$_f" 2>/dev/null || echo 0)" -gt ${String(max)} ]; then echo large; exit 0; fi
LC_ALL=C base64 -w0 -- "$_f"`;
}

/** strerror texts (glibc, C locale) and their errno numbers. */
const ERRNO: Record<string, number> = {
  'No such file or directory': 2,
  'Input/output error': 5,
  'No such device or address': 6,
  'Permission denied': 13,
  'Not a directory': 20,
  'Is a directory': 21,
  'Too many open files': 24,
  'File name too long': 36,
  'Too many levels of symbolic links': 40,
};

/** Ansible's failure message for base64's stderr ("base64: PATH: TEXT" or "base64: read error: TEXT"). */
export function slurpError(src: string, stderr: string): string {
  const line = stderr.trim().split('\n')[0] ?? '';
  const text = line.slice(line.lastIndexOf(': ') + 2).trim();
  const errno = ERRNO[text];
  if (errno === 2) return `file not found: ${src}`;
  if (errno === 13) return `file is not readable: ${src}`;
  if (errno === 21) return `source is a directory and must be a file: ${src}`;
  if (errno === undefined) return `unable to slurp file: ${line.trim() || 'unknown error'}`;
  return `unable to slurp file: [Errno ${errno}] ${text}: ${reprString(src)}`;
}

export const slurpModule = defineModule({
  name: 'slurp',
  aliases: builtinAliases('slurp'),
  schema: slurpSchema,
  async plan(args, ctx) {
    const r = await ctx.exec(slurpScript(args.src));
    if (r.rc !== 0) throw new ModuleFailure(slurpError(args.src, r.stderr));
    const out = r.stdout.trim();
    if (out === 'large') throw new ModuleFailure(`file is too large to slurp (over ${MAX_SLURP} bytes): ${args.src}`);
    return { changed: false, result: { changed: false, content: out, encoding: 'base64', source: args.src } };
  },
});
