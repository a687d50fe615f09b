import type { ModuleDef } from '../types.js';

/** File modules: copy, file, template, lineinfile, blockinfile, stat, slurp, fetch. */
export const fileModules: ModuleDef[] = [];
