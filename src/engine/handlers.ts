/**
 * Handler notifications: `notify` names a handler (by name) or a topic (`listen`); a handler is
 * queued per host only when the notifying task changed, and runs once per flush, in the order the
 * handlers are defined, on the hosts that notified it and are still in the play.
 */
import * as path from 'node:path';
import type { Handler } from '../playbook/types.js';

export class HandlerState {
  /** handler index → hosts waiting for it */
  private readonly pending = new Map<number, Set<string>>();

  /** @param names the name each handler answers to (its rendered name), by index */
  constructor(
    readonly handlers: Handler[],
    private readonly names: string[] = handlers.map((h) => h.name ?? ''),
  ) {}

  /** Handlers that join the play while it runs (include_role with a templated name). */
  add(handlers: Handler[]): void {
    for (const h of handlers) {
      this.handlers.push(h);
      this.names.push(h.name ?? '');
    }
  }

  /** Indexes of the handlers a notification reaches: the first handler with that name, and every listener. */
  match(notification: string): number[] {
    const out: number[] = [];
    const byName = this.handlers.findIndex(
      (h, i) =>
        this.names[i] === notification ||
        (h.name !== undefined && (h.name === notification || (h.roleDir !== undefined && `${path.basename(h.roleDir)} : ${h.name}` === notification))),
    );
    if (byName >= 0) out.push(byName);
    this.handlers.forEach((h, i) => {
      if (h.kind === 'task' && h.listen.includes(notification) && !out.includes(i)) out.push(i);
    });
    return out;
  }

  /** Queue the handlers for `host`; returns false when no handler answers to the notification. */
  notify(host: string, notification: string): boolean {
    const idx = this.match(notification);
    for (const i of idx) {
      let set = this.pending.get(i);
      if (!set) this.pending.set(i, (set = new Set()));
      set.add(host);
    }
    return idx.length > 0;
  }

  /** The next handler (in definition order, from `from`) with waiting hosts that `active` accepts. */
  next(from: number, active: (host: string) => boolean): { index: number; hosts: string[] } | undefined {
    for (let i = from; i < this.handlers.length; i++) {
      const set = this.pending.get(i);
      if (!set) continue;
      const hosts = [...set].filter(active);
      if (hosts.length) {
        this.pending.delete(i);
        return { index: i, hosts };
      }
    }
    return undefined;
  }

  /** Forget notifications of hosts that left the play (failed hosts do not run their handlers). */
  dropHost(host: string): void {
    for (const set of this.pending.values()) set.delete(host);
  }

  hasPending(active: (host: string) => boolean): boolean {
    for (const set of this.pending.values()) for (const h of set) if (active(h)) return true;
    return false;
  }
}

export function missingHandlerMessage(name: string): string {
  return `The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`;
}
