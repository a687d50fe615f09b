/**
 * `async: N` with `poll: P`, as Ansible's: the module runs as a job whose state lives in the host's
 * job file (modules/kit/async-jobs.ts), so async_status (machinist's or Ansible's) can follow it.
 * poll > 0 checks the file every P seconds until the job finished or N seconds of polling passed
 * ("async task did not complete within the requested time"), then removes it; poll 0 returns at once
 * with the job's id (`started: 1, finished: 0`). machinist's modules are driven from the controller
 * over the host's connection, so the job is too: it is killed as Ansible's async_wrapper kills
 * its job (checking every 5 s, after N seconds), and the run waits for the jobs it started before it
 * closes the connections (a fire-and-forget job does not outlive machinist).
 */
import { jobStatus, newJobId, readJob, removeJob, writeJob } from '../modules/kit/async-jobs.js';
import type { ModuleResult } from '../modules/types.js';
import { renderValue } from '../template/index.js';
import type { Task } from '../playbook/types.js';
import { sleep, type RunCtx } from './context.js';
import { INTERRUPTED } from './host-outcome.js';
import { buildContext, callModule, failedResult, type CallInput } from './module-call.js';
import type { Vars } from './vars.js';

/** Modules whose Ansible action plugin does not support async (besides the ones that run on the controller). */
const NO_ASYNC = new Set(['raw', 'copy', 'template', 'fetch', 'script', 'assemble', 'unarchive', 'wait_for_connection', 'async_status', 'add_host', 'group_by', 'set_stats']);

/** Ansible's default poll interval (DEFAULT_POLL_INTERVAL). */
export const DEFAULT_POLL = 15;

export interface AsyncSpec {
  /** Seconds the job may take. */
  limit: number;
  /** Seconds between checks; 0: fire and forget. */
  poll: number;
}

/** An int keyword as Ansible's FieldAttribute(isa='int') takes it (templates rendered). */
function intKeyword(name: string, v: number | string, vars: Vars): number {
  const r = typeof v === 'string' ? renderValue(v, vars) : v;
  const n = typeof r === 'number' ? r : typeof r === 'string' && /^\s*[-+]?\d+\s*$/.test(r) ? Number(r) : NaN;
  if (!Number.isFinite(n)) throw new Error(`the field '${name}' has an invalid value (${String(r)}), and could not be converted to an int.`);
  return Math.trunc(n);
}

/** The task's async and poll, rendered; undefined when the task is not async (no async, or 0). */
export function asyncSpec(task: Task, vars: Vars): AsyncSpec | undefined {
  if (task.async === undefined) return undefined;
  const limit = intKeyword('async', task.async, vars);
  if (limit <= 0) return undefined;
  return { limit, poll: task.poll === undefined ? DEFAULT_POLL : intKeyword('poll', task.poll, vars) };
}

/** When Ansible's async_wrapper kills a job of `limit` seconds: it checks every 5 s after a first 5 s. */
export function killAfterSeconds(limit: number): number {
  return 5 * (Math.max(1, Math.ceil(limit / 5)) + 1);
}

/** Why the module cannot run as an async task, as Ansible's action plugins say; undefined when it can. */
export function refuseAsync(inp: CallInput): string | undefined {
  const def = inp.module;
  if (typeof def === 'string') return undefined;
  if (def.runsOn === 'controller' || NO_ASYNC.has(def.name)) return 'async is not supported for this task.';
  if (inp.check) return 'check mode and async cannot be used on same task.';
  return undefined;
}

/** Start the job: its file says it runs, the module runs in the background and writes its result there. */
async function startJob(run: RunCtx, inp: CallInput, spec: AsyncSpec): Promise<{ jid: string; file: string; done: Promise<void> }> {
  const exec = buildContext(inp, []).exec;
  const jid = newJobId();
  const file = await writeJob(exec, jid, { started: 1, finished: 0, ansible_job_id: jid });
  const killer = new AbortController();
  const timer = setTimeout(() => killer.abort(), killAfterSeconds(spec.limit) * 1000);
  const done = (async () => {
    let result: ModuleResult;
    try {
      result = await callModule({ ...inp, signal: AbortSignal.any([inp.signal, killer.signal]) });
    } catch (e) {
      result = failedResult((e as Error)?.message ?? String(e));
    } finally {
      clearTimeout(timer);
    }
    if (killer.signal.aborted) result = { msg: 'Timeout exceeded', failed: true };
    if (run.signal.aborted) return;
    try {
      await writeJob(exec, jid, result, run.signal);
    } catch {
      // the host went away: async_status finds the job still running, as with Ansible's lost jobs
    }
  })();
  (run.asyncJobs ??= new Set()).add(done);
  void done.finally(() => run.asyncJobs?.delete(done));
  return { jid, file, done };
}

/** Run the module as an async task (see the top of this file). Throws only what callModule throws. */
export async function callAsync(run: RunCtx, inp: CallInput, spec: AsyncSpec): Promise<ModuleResult> {
  if (typeof inp.module === 'string') return failedResult(inp.module);
  const refused = refuseAsync(inp);
  if (refused) return failedResult(refused);
  const { jid, file, done } = await startJob(run, inp, spec);
  if (spec.poll <= 0) return { ansible_job_id: jid, started: 1, finished: 0, results_file: file, changed: true, failed: false };
  const exec = buildContext(inp, []).exec;
  let status: ModuleResult = {};
  for (let left = spec.limit; left > 0; left -= spec.poll) {
    await sleep(spec.poll * 1000, run.signal);
    if (run.signal.aborted) return failedResult(INTERRUPTED);
    status = jobStatus(jid, await readJob(exec, jid, run.signal));
    if (status.finished === 1 || status.failed === true || status.skipped === true) break;
  }
  if (status.finished !== 1) return failedResult(`async task did not complete within the requested time - ${spec.limit}s`, { async_result: status });
  await done;
  await removeJob(exec, jid);
  return status;
}

/** Wait for the jobs the run started and that still run (a run closes its connections only after). */
export async function settleJobs(run: RunCtx): Promise<void> {
  while (run.asyncJobs?.size) await Promise.all([...run.asyncJobs]);
}
