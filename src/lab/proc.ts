/**
 * Running programs on the machine itself (argv, never a shell) and watching the processes the lab
 * started (pid files checked against /proc/PID/cmdline, so a reused pid is never signalled).
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { LabError } from './config.js';

export interface RunResult {
  rc: number;
  stdout: string;
  stderr: string;
}

export interface RunOpts {
  /** Resolve with rc != 0 instead of throwing. */
  allowFail?: boolean;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  input?: string;
}

/** Runs argv[0] with arguments (no shell). Throws LabError naming the command and its stderr on failure. */
export function run(argv: string[], opts: RunOpts = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      argv[0],
      argv.slice(1),
      { timeout: opts.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, env: opts.env ?? process.env, killSignal: 'SIGKILL' },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: unknown; killed?: boolean }) | null;
        if (e && typeof e.code === 'string') {
          return reject(new LabError(`cannot run ${argv[0]}: ${e.code === 'ENOENT' ? 'command not found' : e.message}`));
        }
        const rc = e ? (typeof e.code === 'number' ? e.code : 1) : 0;
        const res = { rc, stdout: String(stdout), stderr: String(stderr) };
        if (rc !== 0 && !opts.allowFail) {
          const why = e?.killed ? 'timed out' : `exit code ${rc}`;
          return reject(new LabError(`${argv.join(' ')} failed (${why}): ${res.stderr.trim().split('\n').slice(-5).join('\n') || res.stdout.trim().split('\n').slice(-5).join('\n')}`));
        }
        resolve(res);
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The pid in a pid file, or undefined (missing/garbled file). */
export async function readPid(file: string): Promise<number | undefined> {
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  const n = Number(text.trim());
  return Number.isInteger(n) && n > 1 ? n : undefined;
}

/** The NUL-separated argv of a live process, or undefined if it is gone (or a zombie). */
export async function cmdlineOf(pid: number): Promise<string[] | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  if (!stat || / Z /.test(stat.slice(stat.lastIndexOf(')')))) return undefined;
  const raw = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => undefined);
  if (!raw) return undefined;
  return raw.split('\0').filter((x) => x !== '');
}

/** True when pid is alive and its argv contains every given marker (program name, a path it was given). */
export async function isOurs(pid: number | undefined, ...markers: string[]): Promise<boolean> {
  if (!pid) return false;
  const argv = await cmdlineOf(pid);
  if (!argv) return false;
  const joined = argv.join('\0');
  return markers.every((m) => joined.includes(m));
}

/** Seconds the process has been running (from /proc/PID/stat's start time), or undefined. */
export async function uptimeOf(pid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  const sys = await fs.readFile('/proc/uptime', 'utf8').catch(() => undefined);
  if (!stat || !sys) return undefined;
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const startTicks = Number(fields[19]); // field 22 of stat: starttime, in clock ticks (USER_HZ = 100)
  const up = Number(sys.split(' ')[0]);
  if (!Number.isFinite(startTicks) || !Number.isFinite(up)) return undefined;
  return Math.max(0, Math.round(up - startTicks / 100));
}

/**
 * Sends TERM, waits up to graceMs for the process to go, then KILL (and waits again). Only signals
 * a process whose argv carries the markers. Returns true if it had to be killed.
 */
export async function stopProcess(pid: number | undefined, markers: string[], graceMs = 10_000): Promise<boolean> {
  if (!pid || !(await isOurs(pid, ...markers))) return false;
  const gone = async (ms: number) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      if (!(await isOurs(pid, ...markers))) return true;
      await sleep(50);
    }
    return !(await isOurs(pid, ...markers));
  };
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return false;
  }
  if (await gone(graceMs)) return false;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  await gone(5_000);
  return true;
}

/** Finds an executable by name on PATH plus the sbin directories (root's tools). */
export async function which(cmd: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const dirs = [...(env.PATH ?? '').split(':'), '/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'].filter(Boolean);
  for (const d of new Set(dirs)) {
    const p = `${d}/${cmd}`;
    try {
      await fs.access(p, 1 /* X_OK */);
      return p;
    } catch {
      /* next */
    }
  }
  return undefined;
}
