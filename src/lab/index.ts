/**
 * `machinist lab`: a real fleet of Debian hosts on this machine (booted systemd-nspawn containers in
 * their own network namespaces on a private bridge), for trying playbooks and for end-to-end tests.
 * The CLI wires these functions; see config.ts for paths, names and the address plan.
 */
export { labUp, type LabUpOptions, type LabUpResult, type LabHost } from './up.js';
export { labDown, type LabDownOptions, type LabDownResult } from './down.js';
export { labStatus, formatStatus, formatUptime, type LabStatus, type HostStatus, type HostState } from './status.js';
export { labExec, labHostVars, commandText, type LabExecOptions, type LabExecResult } from './exec.js';
export { labStopHost } from './stop.js';
export { listLabs } from './state.js';
export { checkSupport, type Support } from './preflight.js';
export { labDir, labPaths, LabError, DEFAULT_LAB_NAME, DEFAULT_SUITE, MAX_HOSTS, SUITES } from './config.js';
export { registerLabCommands, type LabImpl, type LabIo } from './commands.js';
