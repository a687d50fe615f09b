/**
 * Run the engine under a view and Ctrl-C handling: the passwords the options ask for are read first,
 * the run gets the options every command shares, and the exit code follows the run's outcome.
 */
import type { RunOptions, RunSummary } from '../engine/index.js';
import { askSecrets, connOptions, type CommonOptions } from './common.js';
import { exitCodeFor } from './exit-codes.js';
import { interruptController } from './interrupt.js';
import { chooseView, type ViewKind } from './views.js';

/** The RunOptions fields that play, ad-hoc runs and the machines sweep fill in the same way. */
export type SharedRunOptions = Pick<
  RunOptions,
  'limit' | 'check' | 'diff' | 'forks' | 'become' | 'becomeUser' | 'becomePassword' | 'conn' | 'signal' | 'emit' | 'verbosity'
>;

export async function runWithView(
  kind: ViewKind,
  o: CommonOptions & { check?: boolean; diff?: boolean },
  run: (shared: SharedRunOptions) => Promise<RunSummary>,
): Promise<number> {
  const secrets = await askSecrets(o);
  const conn = connOptions(o, secrets);
  const view = chooseView(kind, o);
  const interrupt = interruptController();
  try {
    const summary = await run({
      limit: o.limit,
      check: Boolean(o.check),
      diff: Boolean(o.diff),
      forks: o.forks,
      become: o.become,
      becomeUser: o.becomeUser,
      becomePassword: secrets.becomePassword,
      conn,
      signal: interrupt.signal,
      emit: (e) => view.handle(e),
      verbosity: o.verbose,
    });
    await view.finish();
    return exitCodeFor(summary);
  } finally {
    interrupt.dispose();
  }
}
