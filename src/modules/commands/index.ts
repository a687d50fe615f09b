import type { ModuleDef } from '../types.js';

/** Command and control modules: command, shell, raw, debug, assert, fail, set_fact, pause, wait_for, ... */
export const commandModules: ModuleDef[] = [];
