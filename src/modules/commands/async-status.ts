/**
 * async_status: the state of an async job (its file under ~/.ansible_async on the host, see
 * kit/async-jobs.ts): running (`finished: 0`), or the module's result with `finished: 1`; a job
 * that failed fails the task. `mode: cleanup` removes the file. A job nobody started fails with
 * "could not find job", as Ansible's. Like Ansible's module it does not run in check mode.
 */
import { z } from 'zod';
import { defineAction, type ModuleResult } from '../types.js';
import { builtinAliases, stringish } from '../kit/args.js';
import { jobStatus, readJob, removeJob } from '../kit/async-jobs.js';

export const asyncStatusSchema = z.object({ jid: stringish, mode: z.enum(['status', 'cleanup']).default('status') }).strict();

export const asyncStatusModule = defineAction({
  name: 'async_status',
  aliases: builtinAliases('async_status'),
  schema: asyncStatusSchema,
  async run(args, ctx) {
    if (args.mode === 'status') {
      const result = jobStatus(args.jid, await readJob(ctx.exec, args.jid));
      return { changed: result.changed === true, result };
    }
    const { path, existed } = await removeJob(ctx.exec, args.jid);
    const base: ModuleResult = { started: 0, finished: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], ansible_job_id: args.jid };
    const result: ModuleResult = { ...base, erased: path, ...(existed ? {} : { started: 1, finished: 1, failed: true, msg: 'could not find job' }) };
    return { changed: false, result };
  },
});
