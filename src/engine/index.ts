/** The execution engine: runs validated playbooks (or one ad-hoc module, or the machines sweep) and reports by events. */
export type { RunOptions, RunSummary, AdhocOptions, SweepOptions } from './options.js';
export { runPlaybooks } from './run.js';
export { runAdhoc } from './adhoc.js';
export { runSweep, SWEEP_MODULE, SWEEP_PLAY } from './sweep.js';
export type { EngineEvent, Counters, HostStatus, TaskInfo } from './events.js';
export { expandRoles, roleName } from './roles.js';
export { checkedPlayPattern } from './batches.js';
