import type { ModuleDef } from '../types.js';
import { copyModule } from './copy.js';
import { fileModule } from './file.js';
import { templateModule } from './template.js';
import { lineinfileModule } from './lineinfile.js';
import { blockinfileModule } from './blockinfile.js';
import { statModule } from './stat.js';
import { slurpModule } from './slurp.js';
import { fetchModule } from './fetch.js';
import { replaceModule } from './replace.js';
import { findModule } from './find.js';
import { tempfileModule } from './tempfile.js';

/** File modules: copy, file, template, lineinfile, blockinfile, replace, stat, find, slurp, fetch, tempfile. */
export const fileModules: ModuleDef[] = [
  copyModule,
  fileModule,
  templateModule,
  lineinfileModule,
  blockinfileModule,
  replaceModule,
  statModule,
  findModule,
  slurpModule,
  fetchModule,
  tempfileModule,
] as ModuleDef[];
