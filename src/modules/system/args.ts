/**
 * Argument and command helpers shared by the system modules: Ansible's argument aliases, the names
 * the system tools accept (checked before anything reaches a shell), and one `run` that turns a
 * failed command into a ModuleFailure carrying its output.
 */
import { z } from 'zod';
export { renameAliases } from '../kit/args.js';
import type { ExecOptions, ExecResult } from '../../transport/types.js';
import type { ModuleContext } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';

export { boolish, builtinAliases, numberish, nonNegative, stringish, stringList, shellString } from '../kit/args.js';

/** zod preprocess: move Ansible's alias keys onto their canonical names ({name: ['pkg', 'package']}). */

/** A user or group name as useradd/groupadd accept them (Debian's relaxed rule, no leading '-'). */
export const ACCOUNT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*\$?$/;

export const accountName = z
  .string({ invalid_type_error: 'expected a user or group name (string)' })
  .min(1, 'the name is empty')
  .max(32, 'a user or group name has at most 32 characters')
  .regex(ACCOUNT_NAME, 'not a valid user or group name (letters, digits, _ . - ; not starting with a digit or -)');

/** A user or group given by name or numeric id. */
export const accountRef = z.preprocess(
  (v) => (typeof v === 'number' ? String(v) : v),
  z.string().min(1, 'empty user or group name').regex(/^(?:[A-Za-z_][A-Za-z0-9_.-]*\$?|\d+)$/, 'not a valid user or group name'),
);

/** A numeric id (uid/gid), also written as a string. */
export const idArg = z.preprocess(
  (v) => (typeof v === 'string' && /^\d+$/.test(v.trim()) ? Number(v) : v),
  z.number({ invalid_type_error: 'expected a numeric id' }).int().nonnegative().max(4294967294),
);

/** An absolute path without NUL or newline (it goes into /etc/passwd-like files and commands). */
export const absPath = z
  .string()
  .regex(/^\/[^\0\n]*$/, 'expected an absolute path (starting with /)');

/** Run a command; a non-zero rc fails the task with the command's output. */
export async function run(ctx: ModuleContext, cmd: string, what: string, opts?: ExecOptions): Promise<ExecResult> {
  const r = await ctx.exec(cmd, opts);
  if (r.rc !== 0) {
    const detail = r.stderr.trim() || r.stdout.trim() || `rc ${r.rc}`;
    throw new ModuleFailure(`${what}: ${detail}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  return r;
}
