/**
 * The lookups that read the controller's state (Ansible's env, vars, pipe, lines): environment
 * variables, the task's variables, and commands run through /bin/sh in the playbook's folder.
 */
import { spawnSync } from 'node:child_process';
import { TemplateError, Undefined } from '../errors.js';
import { isDict, prim, pyStr } from '../pyvalues.js';
import { baseDir } from './files.js';
import { LookupError, type Lookup, type LookupCall } from './types.js';

/** Run `command` with /bin/sh in the playbook's folder; its stdout, or Ansible's error naming the lookup. */
function shell(call: LookupCall, lookup: string, command: string): string {
  const r = spawnSync('/bin/sh', ['-c', command], { cwd: baseDir(call), encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new LookupError(`lookup_plugin.${lookup}(${command}) could not run: ${r.error.message}`);
  const code = r.status ?? (r.signal ? -1 : 0);
  if (code !== 0) throw new LookupError(`lookup_plugin.${lookup}(${command}) returned ${code}`);
  return r.stdout;
}

const env: Lookup = (terms, call) =>
  terms.map((t) => {
    const name = pyStr(prim(t)).split(/\s+/).filter(Boolean)[0] ?? '';
    const v = process.env[name];
    if (v !== undefined) return v;
    const d = call.kw.default ?? '';
    if (d instanceof Undefined) throw new TemplateError(`The "env" lookup, found an undefined variable: ${name}`);
    return d;
  });

const vars: Lookup = (terms, call) =>
  terms.map((t) => {
    const term = prim(t);
    if (typeof term !== 'string') throw new LookupError(`Invalid setting identifier, "${pyStr(term)}" is not a string, its a ${isDict(term) ? "<class 'dict'>" : Array.isArray(term) ? "<class 'list'>" : `<class '${typeof term}'>`}`);
    const v = call.ctx.scope.lookup(term);
    if (!(v instanceof Undefined)) return v;
    if (call.kw.default !== undefined && call.kw.default !== null) return call.kw.default;
    throw new TemplateError(`No variable found with this name: ${term}`);
  });

const pipe: Lookup = (terms, call) => terms.map((t) => shell(call, 'pipe', pyStr(prim(t))).replace(/\s+$/, ''));

const lines: Lookup = (terms, call) =>
  terms.flatMap((t) => {
    const out = shell(call, 'lines', pyStr(prim(t)));
    const list = out.split(/\r\n|\r|\n/);
    if (list.length && list[list.length - 1] === '') list.pop();
    return list;
  });

export const CONTROLLER_LOOKUPS: Record<string, Lookup> = { env, vars, pipe, lines };
