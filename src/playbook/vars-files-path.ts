/**
 * Where a vars_files name is looked for, as Ansible's path_dwim_relative_stack does for it: `~`
 * expanded, an absolute path as it is; a relative one in `vars/` and then directly under the play's
 * directory, then the same under the directory of the playbook given on the command line. An entry
 * written as a list names alternatives: the first of them that exists is read.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** The paths tried for one name, in order (`dirs`: the play's directory, then the top playbook's). */
export function varsFileCandidates(name: string, dirs: string[]): string[] {
  if (name === '~' || name.startsWith('~/')) return [path.join(os.homedir(), name.slice(1))];
  if (path.isAbsolute(name)) return [name];
  const out: string[] = [];
  for (const dir of dirs) {
    // as Ansible: no second vars/ when the name already starts with it
    if (name.split('/')[0] !== 'vars') out.push(path.join(dir, 'vars', name));
    out.push(path.join(dir, name));
  }
  return [...new Set(out)];
}

/** The file read for a vars_files entry's names (already rendered), or undefined when none exists. */
export function findVarsFile(names: string[], dirs: string[]): string | undefined {
  for (const n of names) {
    const found = varsFileCandidates(n, dirs).find((f) => existsSync(f));
    if (found) return found;
  }
  return undefined;
}

/** "vars file 'a.yml'" or "none of the vars files 'a.yml', 'b.yml'", for messages. */
export function notFoundMessage(names: string[], dirs: string[]): { message: string; hint: string } {
  const quoted = names.map((n) => `'${n}'`).join(', ');
  const message = names.length === 1 ? `vars file ${quoted} was not found` : `none of the vars files ${quoted} was found`;
  return { message, hint: `looked for: ${names.flatMap((n) => varsFileCandidates(n, dirs)).join(', ')}` };
}
