/**
 * runSweep: the fleet view (`machinist machines`) as an engine operation: the machine_info module on
 * every host the pattern (and --limit) selects, as a one-task play without facts. The sweep so has
 * what any play has (at most `forks` hosts at once, one pooled connection per host, become from the
 * inventory and the options, Ctrl-C) and reports by the same events; views turn the results into the
 * table or the JSON document. Every selected host's connection is worked out first (checkConnections,
 * whole): a bad connection variable stops the sweep before any host is contacted.
 */
import { selectHosts } from '../inventory/index.js';
import { runOneTask } from './adhoc.js';
import { checkConnections } from './connect.js';
import type { RunSummary, SweepOptions } from './options.js';

/** The sweep's play and module (views pick the sweep's results out by the module's name). */
export const SWEEP_PLAY = 'machines';
export const SWEEP_MODULE = 'machine_info';

export async function runSweep(opts: SweepOptions): Promise<RunSummary> {
  const { hosts } = selectHosts(opts.inventory, opts.pattern, opts.limit);
  checkConnections(opts.inventory, hosts.map((host) => ({ host })), opts.conn, true);
  return runOneTask({ ...opts, extraVars: {}, check: false, diff: false }, SWEEP_PLAY, opts.pattern, { module: SWEEP_MODULE, args: {} });
}
