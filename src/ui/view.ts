/** A view turns the engine's event stream into output. The engine never prints. */
import type { EngineEvent } from '../engine/events.js';

export interface View {
  handle(e: EngineEvent): void;
  /** Wait until everything is written (live renderers finish asynchronously). */
  finish(): Promise<void>;
}

export interface ViewOptions {
  verbosity: number;
  diff: boolean;
  out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  err: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** The PLAY RECAP at the end (default on; off where the command prints its own summary). */
  recap?: boolean;
}

/** Fan one event stream out to several views. */
export function combine(...views: View[]): View {
  return {
    handle: (e) => views.forEach((v) => v.handle(e)),
    finish: async () => {
      for (const v of views) await v.finish();
    },
  };
}
