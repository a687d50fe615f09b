/**
 * Running a command for a module: `run` execs it on the host and turns a non-zero exit into a
 * ModuleFailure that says what was being done and carries the command's output (stderr, else stdout,
 * else the exit code in the message; rc, stdout and stderr in the result).
 */
import type { ExecOptions, ExecResult } from '../../transport/types.js';
import type { ModuleContext } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';

/** Run a command; a non-zero rc fails the task with the command's output. */
export async function run(ctx: ModuleContext, cmd: string, what: string, opts?: ExecOptions): Promise<ExecResult> {
  const r = await ctx.exec(cmd, opts);
  if (r.rc !== 0) {
    const detail = r.stderr.trim() || r.stdout.trim() || `rc ${r.rc}`;
    throw new ModuleFailure(`${what}: ${detail}`, { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
  return r;
}
