/** The execution engine: runs validated playbooks (or one ad-hoc module) and reports by events. */
export type { RunOptions, RunSummary, AdhocOptions } from './options.js';
export { runPlaybooks } from './run.js';
export { runAdhoc } from './adhoc.js';
export type { EngineEvent, Counters, HostStatus, TaskInfo } from './events.js';
export { expandRoles, roleName } from './roles.js';
