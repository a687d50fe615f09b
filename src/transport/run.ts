/**
 * Drives one running command (an ssh2 channel or a local child process): collects output, answers
 * sudo's password prompt, feeds stdin once sudo let us through, and enforces timeoutMs and abort.
 */
import type { Readable, Writable } from 'node:stream';
import { BecomeWatcher } from './become.js';
import type { WrappedCommand } from './wrap.js';
import type { ExecResult } from './types.js';
import { abortError } from './socket.js';

/** How long a killed command may take to go away before its result is reported anyway. */
const KILL_GRACE_MS = 1500;

export interface RunningProcess {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Signal the command (TERM) and close its streams; pid is the announced one (WrappedCommand.pidMarker). */
  kill(pid?: number): void;
  /** Settles once the command has exited and its output is read. */
  done: Promise<{ code: number | null; signal?: string }>;
}

export interface DriveOptions {
  stdin?: string | Buffer;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export function drive(p: RunningProcess, w: WrappedCommand, command: string, opts: DriveOptions): Promise<ExecResult> {
  const started = Date.now();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const watcher = w.become ? new BecomeWatcher(w.become) : undefined;
  let becomeFailure: string | undefined;
  let timedOut = false;
  let killed = false;
  let pid: number | undefined;
  let errHead = w.pidMarker ? '' : undefined;
  p.stdin.on('error', () => {});

  const kill = () => {
    if (killed) return;
    killed = true;
    try {
      p.kill(pid);
    } catch {
      /* already gone */
    }
  };
  const sendStdin = () => {
    if (opts.stdin !== undefined && opts.stdin.length) p.stdin.end(opts.stdin);
    else p.stdin.end();
  };
  const handle = (events: { type: string; message?: string }[]) => {
    for (const e of events) {
      if (e.type === 'send-password') p.stdin.write(w.become!.password + '\n');
      else if (e.type === 'ok') sendStdin();
      else if (e.type === 'fail') {
        becomeFailure = e.message;
        p.stdin.end();
        kill();
      }
    }
  };

  p.stdout.on('data', (d: Buffer) => {
    if (!watcher) return out.push(d);
    const r = watcher.onStdout(d.toString('latin1'));
    if (r.keep) out.push(Buffer.from(r.keep, 'latin1'));
    handle(r.events);
  });
  p.stderr.on('data', (d: Buffer) => {
    if (errHead !== undefined) {
      // The first stderr line is the pid announcement: take it out.
      errHead += d.toString('latin1');
      const nl = errHead.indexOf('\n');
      if (nl < 0 && errHead.length < 200) return;
      const line = nl < 0 ? '' : errHead.slice(0, nl);
      if (line.startsWith(w.pidMarker!)) {
        pid = Number(line.slice(w.pidMarker!.length)) || undefined;
        d = Buffer.from(errHead.slice(nl + 1), 'latin1');
      } else d = Buffer.from(errHead, 'latin1');
      errHead = undefined;
      if (!d.length) return;
    }
    err.push(d);
    if (watcher) handle(watcher.onStderr(d.toString('latin1')));
  });
  if (!watcher) sendStdin();

  return new Promise((resolve, reject) => {
    let settled = false;
    let grace: NodeJS.Timeout | undefined;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          kill();
          // A command that ignores the signal keeps its channel open: report after a grace period.
          grace = setTimeout(() => settle({ code: null, signal: undefined }), KILL_GRACE_MS);
        }, opts.timeoutMs)
      : undefined;
    const onAbort = () => {
      kill();
      finish();
      if (!settled) {
        settled = true;
        reject(abortError());
      }
    };
    const finish = () => {
      if (timer) clearTimeout(timer);
      if (grace) clearTimeout(grace);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = ({ code, signal }: { code: number | null; signal?: string }) => {
        finish();
        if (settled) return;
        settled = true;
        if (errHead) err.push(Buffer.from(errHead, 'latin1'));
        errHead = undefined;
        if (watcher) {
          const rest = watcher.flushStdout();
          if (rest) out.push(Buffer.from(rest, 'latin1'));
        }
        const stdoutBuffer = Buffer.concat(out);
        let stderr = Buffer.concat(err).toString('utf8');
        if (watcher) stderr = watcher.scrub(stderr);
        let rc = code ?? (signal ? 128 + signalNumber(signal) : 1);
        if (timedOut) rc = 124;
        if (becomeFailure) {
          rc = code && code !== 0 ? code : 1;
          stderr = becomeFailure + '\n';
        }
        resolve({
          command,
          rc,
          stdout: stdoutBuffer.toString('utf8'),
          stderr,
          stdoutBuffer,
          signal,
          timedOut,
          durationMs: Date.now() - started,
        });
      };
    p.done.then(
      settle,
      (e) => {
        finish();
        if (!settled) {
          settled = true;
          reject(e);
        }
      },
    );
  });
}

function signalNumber(s: string): number {
  const n: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, PIPE: 13, ALRM: 14, TERM: 15 };
  return n[s.replace(/^SIG/, '')] ?? 0;
}
