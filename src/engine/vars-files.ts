/**
 * A play's vars_files: each entry's first existing file (names rendered per host, looked for as
 * Ansible does: playbook/vars-files-path.ts), read once per file for the run. A literal entry none of
 * whose files exists is refused before any host is contacted when no earlier play of the run could
 * have written it (checkVarsFiles); later, or templated, it fails the hosts with its place.
 */
import * as path from 'node:path';
import { loadVarsFile } from '../playbook/index.js';
import type { Play, Playbook, VarsFilesEntry } from '../playbook/types.js';
import { findVarsFile, notFoundMessage } from '../playbook/vars-files-path.js';
import { isTemplated, renderValue } from '../template/index.js';
import { ValidationError } from '../util/errors.js';
import type { PlayCtx } from './context.js';
import { taskVars } from './host-vars.js';
import type { RunOptions } from './options.js';
import type { Vars } from './vars.js';

/** Where a play's relative vars_files are looked for: its own directory, then the playbook's. */
function dirsOf(play: Play, book: Playbook): string[] {
  return [...new Set([play.dir || book.dir, book.dir].filter(Boolean))];
}

/** The variables of every vars_files entry of the play, for one host (in entry order). */
export async function loadPlayVarsFiles(pc: PlayCtx, host: string, cache: Map<string, Promise<Vars>>): Promise<Vars[]> {
  const out: Vars[] = [];
  const dirs = dirsOf(pc.play, pc.book);
  for (const entry of pc.play.varsFiles) {
    const names = entry.files.map((f) => String(renderValue(f, taskVars(pc, host, null))));
    const found = findVarsFile(names, dirs);
    if (!found) {
      const { message, hint } = notFoundMessage(names, dirs);
      throw new Error(`${entry.loc.file}:${entry.loc.line}:${entry.loc.col}: ${message} (${hint})`);
    }
    const file = path.resolve(found);
    let p = cache.get(file);
    if (!p) cache.set(file, (p = loadVarsFile(file)));
    out.push(await p);
  }
  return out;
}

/** The entry's names when none is templated (its file is known before the run). */
function literal(entry: VarsFilesEntry): string[] | undefined {
  return entry.files.some((f) => isTemplated(f)) ? undefined : entry.files;
}

/**
 * Before any host is contacted: the literal vars_files of the plays that run before any play with
 * tasks (nothing could have written them yet) must exist, as Ansible requires when the play starts.
 * A play whose pattern matches no host (`hostsOf`) is skipped, as Ansible skips it.
 */
export function checkVarsFiles(opts: RunOptions, hostsOf: (play: Play) => string[]): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const book of opts.playbooks) {
    for (const play of book.plays) {
      let hosts: string[];
      try {
        hosts = hostsOf(play);
      } catch {
        return errors; // a pattern that does not render or parse: checkPlays reports it
      }
      if (hosts.length === 0) continue;
      const dirs = dirsOf(play, book);
      for (const entry of play.varsFiles) {
        const names = literal(entry);
        if (!names || findVarsFile(names, dirs)) continue;
        const { message, hint } = notFoundMessage(names, dirs);
        errors.push(new ValidationError(message, entry.loc, hint));
      }
      if (play.preTasks.length || play.tasks.length || play.postTasks.length || play.roles?.length) return errors;
    }
  }
  return errors;
}
