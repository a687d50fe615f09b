/**
 * Per-connection channel limiter: OpenSSH's sshd allows MaxSessions (default 10) sessions per
 * connection; more are refused. Callers beyond the limit wait in FIFO order.
 */
export const MAX_CHANNELS = 10;

export class ChannelLimiter {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  /** Highest number of channels open at once (for tests and diagnostics). */
  peak = 0;

  constructor(readonly max = MAX_CHANNELS) {}

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Wait for a free slot; the returned function frees it (idempotent). */
  acquire(signal?: AbortSignal): Promise<() => void> {
    return new Promise((resolve, reject) => {
      const grant = () => {
        this.active++;
        this.peak = Math.max(this.peak, this.active);
        let freed = false;
        resolve(() => {
          if (freed) return;
          freed = true;
          this.active--;
          this.next();
        });
      };
      if (this.active < this.max && this.waiting.length === 0) return grant();
      if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
      const entry = () => {
        signal?.removeEventListener('abort', onAbort);
        grant();
      };
      const onAbort = () => {
        const i = this.waiting.indexOf(entry);
        if (i >= 0) this.waiting.splice(i, 1);
        const e = new Error('The operation was aborted');
        e.name = 'AbortError';
        reject(e);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(entry);
    });
  }

  /** Run fn holding one slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try {
      return await fn();
    } finally {
      release();
    }
  }

  private next(): void {
    while (this.active < this.max && this.waiting.length) this.waiting.shift()!();
  }
}
