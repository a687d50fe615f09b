/** Run the engine under a view and Ctrl-C handling; the exit code follows the run's outcome. */
import type { EngineEvent } from '../engine/events.js';
import type { RunSummary } from '../engine/index.js';
import type { CommonOptions } from './common.js';
import { exitCodeFor } from './exit-codes.js';
import { interruptController } from './interrupt.js';
import { chooseView } from './views.js';

export async function runWithView(
  kind: 'play' | 'adhoc',
  o: CommonOptions & { diff?: boolean },
  run: (io: { emit: (e: EngineEvent) => void; signal: AbortSignal }) => Promise<RunSummary>,
): Promise<number> {
  const view = chooseView(kind, o);
  const interrupt = interruptController();
  try {
    const summary = await run({ emit: (e) => view.handle(e), signal: interrupt.signal });
    await view.finish();
    return exitCodeFor(summary);
  } finally {
    interrupt.dispose();
  }
}
