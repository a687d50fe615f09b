/**
 * Drives one running command (an ssh2 channel or a local child process): collects its output (the
 * pid announcement taken out), leaves the exchange with sudo to BecomeExchange (which feeds stdin
 * once sudo let us through), stops it on one signal for timeoutMs and abort, and builds the result
 * with execResult (run-result.ts).
 */
import type { Readable, Writable } from 'node:stream';
import { BecomeExchange } from './become-exchange.js';
import { execResult } from './run-result.js';
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

/**
 * The pid announcement (WrappedCommand.pidMarker) is the first stderr line: it is taken out of the
 * output, and its pid is the one to kill.
 */
class PidLine {
  private head: string | undefined = '';
  pid?: number;

  constructor(private readonly marker: string) {}

  /** A stderr chunk: what of it is output (empty while the first line is not complete yet). */
  feed(chunk: Buffer): Buffer {
    if (this.head === undefined) return chunk;
    this.head += chunk.toString('latin1');
    const nl = this.head.indexOf('\n');
    if (nl < 0 && this.head.length < 200) return Buffer.alloc(0);
    const line = nl < 0 ? '' : this.head.slice(0, nl);
    const rest = line.startsWith(this.marker) ? this.head.slice(nl + 1) : this.head;
    if (line.startsWith(this.marker)) this.pid = Number(line.slice(this.marker.length)) || undefined;
    this.head = undefined;
    return Buffer.from(rest, 'latin1');
  }

  /** At the end: a first line that never ended is output after all. */
  rest(): Buffer {
    const rest = Buffer.from(this.head ?? '', 'latin1');
    this.head = undefined;
    return rest;
  }
}

type StopReason = 'timeout' | 'abort';

/**
 * Both ways a command is stopped early, through one callback: the timeout and the caller's abort
 * (also after the timeout, while a killed command is given its grace period). Returns the disposer.
 */
function onStop(opts: DriveOptions, stop: (why: StopReason) => void): () => void {
  if (opts.signal?.aborted) {
    stop('abort');
    return () => {};
  }
  const onAbort = () => stop('abort');
  const timer = opts.timeoutMs ? setTimeout(() => stop('timeout'), opts.timeoutMs) : undefined;
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  return () => {
    clearTimeout(timer);
    opts.signal?.removeEventListener('abort', onAbort);
  };
}

export function drive(p: RunningProcess, w: WrappedCommand, command: string, opts: DriveOptions): Promise<ExecResult> {
  const started = Date.now();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const pidLine = w.pidMarker ? new PidLine(w.pidMarker) : undefined;
  let killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    try {
      p.kill(pidLine?.pid);
    } catch {
      /* already gone */
    }
  };
  const sendInput = () => (opts.stdin !== undefined && opts.stdin.length ? p.stdin.end(opts.stdin) : p.stdin.end());
  const become = w.become ? new BecomeExchange(w.become, p.stdin, sendInput, kill) : undefined;
  p.stdin.on('error', () => {});
  p.stdout.on('data', (d: Buffer) => out.push(become ? become.stdout(d) : d));
  p.stderr.on('data', (d: Buffer) => {
    const kept = pidLine ? pidLine.feed(d) : d;
    if (!kept.length) return;
    err.push(kept);
    become?.stderr(kept);
  });
  // under become the caller's stdin waits until sudo let us through
  if (!become) sendInput();

  return new Promise((resolve, reject) => {
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    let settled = false;
    let dispose = () => {};
    const once = (f: () => void) => {
      dispose();
      clearTimeout(grace);
      if (settled) return;
      settled = true;
      f();
    };
    const ended = ({ code, signal }: { code: number | null; signal?: string }) =>
      once(() => {
        if (pidLine) err.push(pidLine.rest());
        if (become) out.push(become.heldStdout());
        const stderr = Buffer.concat(err).toString('utf8');
        resolve(execResult({
          command, code, signal, stdout: Buffer.concat(out), stderr: become ? become.scrub(stderr) : stderr,
          timedOut, becomeFailure: become?.failure, durationMs: Date.now() - started,
        }));
      });
    dispose = onStop(opts, (why) => {
      kill();
      if (why === 'abort') return once(() => reject(abortError()));
      timedOut = true;
      // A command that ignores the signal keeps its channel open: report after a grace period.
      grace = setTimeout(() => ended({ code: null }), KILL_GRACE_MS);
    });
    if (settled) return;
    p.done.then(ended, (e) => once(() => reject(e)));
  });
}
