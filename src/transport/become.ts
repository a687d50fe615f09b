/**
 * sudo wrapping: `sudo -H -S [-n] -p <random prompt marker> -u USER /bin/sh -c '<echo ok-marker; cmd>'`.
 * The prompt marker tells us sudo wants the password (written on stdin, never in argv); the ok
 * marker on stdout tells us sudo let us through (then the caller's stdin follows). A second prompt or
 * "Sorry, try again" means a wrong password: the command is killed and a clear failure returned.
 * Without a password `-n` makes sudo fail at once ("a password is required") instead of waiting.
 */
import { randomBytes } from 'node:crypto';
import { QuoteError, quote } from '../util/quote.js';
import type { BecomeSpec } from './types.js';

const USER_RE = /^[a-z_][a-z0-9_.-]*\$?$/i;

export function isValidBecomeUser(user: string): boolean {
  return USER_RE.test(user) && user.length <= 64;
}

export interface BecomeMarkers {
  /** sudo's -p prompt (seen on stderr when it asks for the password). */
  prompt: string;
  /** Printed on stdout by the shell once sudo let us through. */
  ok: string;
  password?: string;
}

export function newMarkers(password?: string): BecomeMarkers {
  const id = randomBytes(12).toString('hex');
  return { prompt: `[machinist-become-${id}] password:`, ok: `machinist-become-ok-${id}`, password };
}

/** The sudo command line around shell text `inner` (which sudo's /bin/sh runs). */
export function becomeCommand(inner: string, become: BecomeSpec, m: BecomeMarkers): string {
  const user = become.user || 'root';
  if (!isValidBecomeUser(user)) throw new QuoteError(`invalid become user ${JSON.stringify(user)}: expected a user name like "root" or "deploy"`);
  const n = m.password === undefined ? '-n ' : '';
  return `sudo -H -S ${n}-p ${quote(m.prompt)} -u ${quote(user)} /bin/sh -c ${quote(`echo ${m.ok}; ${inner}`)}`;
}

export type BecomeEvent = { type: 'send-password' } | { type: 'ok' } | { type: 'fail'; message: string };

/**
 * Watches sudo's output. Feed stdout/stderr chunks; it answers what to do and keeps the scrubbed
 * output (markers removed) for the result.
 */
export class BecomeWatcher {
  private prompts = 0;
  private errText = '';
  private outHead = '';
  passed = false;
  failed?: string;

  constructor(readonly m: BecomeMarkers) {}

  onStderr(chunk: string): BecomeEvent[] {
    const events: BecomeEvent[] = [];
    if (this.passed || this.failed) return events;
    this.errText += chunk;
    let idx: number;
    while ((idx = this.errText.indexOf(this.m.prompt)) >= 0) {
      this.errText = this.errText.slice(idx + this.m.prompt.length);
      this.prompts++;
      if (this.m.password === undefined) {
        this.failed = 'sudo: a password is required';
      } else if (this.prompts > 1) {
        this.failed = 'sudo: incorrect sudo password';
      } else {
        events.push({ type: 'send-password' });
        continue;
      }
      events.push({ type: 'fail', message: this.failed });
      return events;
    }
    if (/Sorry, try again/.test(this.errText) && this.prompts > 0) {
      this.failed = 'sudo: incorrect sudo password';
      events.push({ type: 'fail', message: this.failed });
    }
    return events;
  }

  /** Returns stdout data to keep (the ok marker line removed) and whether sudo has let us through. */
  onStdout(chunk: string): { keep: string; events: BecomeEvent[] } {
    if (this.passed) return { keep: chunk, events: [] };
    this.outHead += chunk;
    const line = this.m.ok + '\n';
    const idx = this.outHead.indexOf(line);
    if (idx < 0) {
      // Keep buffering while what we have could still be the start of the marker line.
      if (line.startsWith(this.outHead)) return { keep: '', events: [] };
      const keep = this.outHead;
      this.outHead = '';
      return { keep, events: [] };
    }
    this.passed = true;
    const keep = this.outHead.slice(0, idx) + this.outHead.slice(idx + line.length);
    this.outHead = '';
    return { keep, events: [{ type: 'ok' }] };
  }

  /** Whatever stdout was held back while looking for the marker (at the end of the command). */
  flushStdout(): string {
    const rest = this.outHead;
    this.outHead = '';
    return rest;
  }

  /** Remove every trace of the prompt marker from stderr text. */
  scrub(text: string): string {
    return text.split(this.m.prompt).join('').split(this.m.ok).join('');
  }
}
