/**
 * The exchange with sudo while a command starts under become: the BecomeWatcher reads sudo's output;
 * this answers it on the command's stdin (the password when prompted, then the caller's stdin once
 * sudo let us through) and, when sudo refuses, closes stdin, keeps the reason and has the command
 * killed. The markers never reach the result (held-back stdout and stderr are handed over scrubbed).
 */
import type { Writable } from 'node:stream';
import { BecomeWatcher, type BecomeEvent, type BecomeMarkers } from './become.js';

export class BecomeExchange {
  private readonly watcher: BecomeWatcher;
  /** sudo refused (wrong or missing password): why. */
  failure?: string;

  constructor(
    private readonly markers: BecomeMarkers,
    private readonly stdin: Writable,
    /** Write the caller's stdin (and end it). */
    private readonly sendInput: () => void,
    /** End the command: sudo refused. */
    private readonly kill: () => void,
  ) {
    this.watcher = new BecomeWatcher(markers);
  }

  /** A stdout chunk: what of it belongs to the command's output. */
  stdout(chunk: Buffer): Buffer {
    const r = this.watcher.onStdout(chunk.toString('latin1'));
    this.answer(r.events);
    return Buffer.from(r.keep, 'latin1');
  }

  /** A stderr chunk (kept whole in the output; scrubbed at the end). */
  stderr(chunk: Buffer): void {
    this.answer(this.watcher.onStderr(chunk.toString('latin1')));
  }

  /** At the end: stdout held back while looking for the marker. */
  heldStdout(): Buffer {
    return Buffer.from(this.watcher.flushStdout(), 'latin1');
  }

  /** The command's stderr without the markers. */
  scrub(stderr: string): string {
    return this.watcher.scrub(stderr);
  }

  private answer(events: BecomeEvent[]): void {
    for (const e of events) {
      if (e.type === 'send-password') this.stdin.write(this.markers.password + '\n');
      else if (e.type === 'ok') this.sendInput();
      else {
        this.failure = e.message;
        this.stdin.end();
        this.kill();
      }
    }
  }
}
