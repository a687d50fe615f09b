/**
 * Ansible's async job files: `~/.ansible_async/<jid>` on the host (the remote user's home, or the
 * become user's), holding `{"started": 1, "finished": 0, "ansible_job_id": jid}` while the job runs
 * and the module's result once it is done (a record without `started`), written whole (a temporary
 * file renamed), as Ansible's async_wrapper does. machinist's async tasks and its async_status
 * module use the same files, so Ansible's async_status reads machinist's jobs and the other way round.
 */
import { randomInt } from 'node:crypto';
import type { ExecOptions, ExecResult } from '../../transport/types.js';
import { quote } from '../../util/quote.js';
import type { ModuleResult } from '../types.js';

/** Runs shell text on the host (a module context's exec, with the task's become). */
export type Exec = (command: string, opts?: ExecOptions) => Promise<ExecResult>;

/** The shell words that set `f` to the job's file (the directory made when `make`). */
function jobFile(jid: string, make: boolean): string {
  return `d=~/.ansible_async && ${make ? 'mkdir -p "$d" && ' : ''}f="$d"/${quote(jid)}`;
}

/** A new job id, as Ansible makes them: `j<random>.<pid>`. */
export function newJobId(): string {
  return `j${randomInt(0, 999999999999)}.${process.pid}`;
}

function failure(what: string, r: ExecResult): Error {
  return new Error(`${what}: ${r.stderr.trim() || r.stdout.trim() || `rc ${r.rc}`}`);
}

/** Write the job's record (replacing it whole); returns the file's absolute path (Ansible's results_file). */
export async function writeJob(exec: Exec, jid: string, record: ModuleResult, signal?: AbortSignal): Promise<string> {
  const cmd = `umask 077 && ${jobFile(jid, true)} && cat > "$f.tmp" && mv -f "$f.tmp" "$f" && printf '%s' "$f"`;
  const r = await exec(cmd, { stdin: JSON.stringify(record), ...(signal ? { signal } : {}) });
  if (r.rc !== 0) throw failure('could not write the async job file', r);
  return r.stdout;
}

export interface JobFile {
  /** The file's absolute path. */
  path: string;
  /** Its text; undefined when there is no such file. */
  text?: string;
}

/** Read the job's file. */
export async function readJob(exec: Exec, jid: string, signal?: AbortSignal): Promise<JobFile> {
  const cmd = `${jobFile(jid, false)} && printf '%s\\n' "$f" && if [ -e "$f" ]; then echo present && cat "$f"; else echo missing; fi`;
  const r = await exec(cmd, signal ? { signal } : undefined);
  if (r.rc !== 0) throw failure('could not read the async job file', r);
  const [path, state] = r.stdout.split('\n', 2);
  if (state !== 'present') return { path };
  return { path, text: r.stdout.slice(path.length + 1 + 'present\n'.length) };
}

/** Remove the job's file; returns its path and whether it existed. */
export async function removeJob(exec: Exec, jid: string): Promise<{ path: string; existed: boolean }> {
  const cmd = `${jobFile(jid, false)} && printf '%s\\n' "$f" && if [ -e "$f" ]; then rm -f "$f" && echo erased; else echo missing; fi`;
  const r = await exec(cmd);
  if (r.rc !== 0) throw failure('could not remove the async job file', r);
  const [path, state] = r.stdout.split('\n');
  return { path, existed: state === 'erased' };
}

/** Python's truthiness for the values a job record holds (Ansible writes failed: 1, finished: 0). */
function truthy(v: unknown): boolean {
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v).length > 0;
  return !!v;
}

/**
 * What async_status reports for a job, as Ansible's action plugin and module together: empty output
 * fields, the id and file, then the record merged over them. A record that does not parse (not yet
 * written) is a running job; one without `started` is the finished module's result.
 */
export function jobStatus(jid: string, file: JobFile): ModuleResult {
  const base: ModuleResult = { started: 1, finished: 0, stdout: '', stderr: '', stdout_lines: [], stderr_lines: [], ansible_job_id: jid, results_file: file.path };
  if (file.text === undefined) return { ...base, finished: 1, failed: true, changed: false, msg: 'could not find job' };
  let data: unknown;
  try {
    data = JSON.parse(file.text);
  } catch {
    data = undefined;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data) || !truthy(data)) return { ...base, changed: false };
  const rec = { ...(data as ModuleResult) };
  if (!('started' in rec)) Object.assign(rec, { finished: 1, ansible_job_id: jid });
  else if (!('finished' in rec)) rec.finished = 0;
  const out: ModuleResult = { ...base, ...rec };
  out.changed = truthy(out.changed);
  out.failed = truthy(out.failed);
  return out;
}
