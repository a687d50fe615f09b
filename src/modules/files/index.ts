import type { ModuleDef } from '../types.js';
import { copyModule } from './copy.js';
import { fileModule } from './file.js';
import { templateModule } from './template.js';
import { lineinfileModule } from './lineinfile.js';
import { blockinfileModule } from './blockinfile.js';
import { statModule } from './stat.js';
import { slurpModule } from './slurp.js';
import { fetchModule } from './fetch.js';
import { tempfileModule } from './tempfile.js';

/** File modules: copy, file, template, lineinfile, blockinfile, stat, slurp, fetch, tempfile. */
export const fileModules: ModuleDef[] = [
  copyModule,
  fileModule,
  templateModule,
  lineinfileModule,
  blockinfileModule,
  statModule,
  slurpModule,
  fetchModule,
  tempfileModule,
] as ModuleDef[];
