/**
 * The state of one run (shared by every play) and of one play (per batch), and the small helpers
 * that read inherited keywords. Errors are values inside the engine; these objects hold the facts.
 */
import * as path from 'node:path';
import type { Inventory } from '../inventory/types.js';
import type { VarsDirs } from '../inventory/index.js';
import type { Common, Play, Playbook, Task } from '../playbook/types.js';
import { boolean } from '../py/bool.js';
import { renderValue } from '../template/index.js';
import type { ConnectionPool } from '../transport/index.js';
import type { EngineEvent, TaskInfo } from './events.js';
import type { Limiter } from './limiter.js';
import type { HostStates } from './host-states.js';
import type { IncludeLevel } from './include-cycle.js';
import type { RunOptions } from './options.js';
import type { Stats } from './stats.js';
import type { Vars } from './vars.js';

export interface RunCtx {
  opts: RunOptions;
  inv: Inventory;
  pool: ConnectionPool;
  stats: Stats;
  limiter: Limiter;
  emit: (e: EngineEvent) => void;
  signal: AbortSignal;
  /** Facts per host under the names modules returned them (gathered ones with the ansible_ prefix). */
  facts: Map<string, Vars>;
  /** set_fact and registered results per host (persist across plays). */
  hostScope: Map<string, Vars>;
  /** include_vars per host (persist across plays): above task vars, below set_fact. */
  includedVars: Map<string, Vars>;
  /** Hosts that failed or became unreachable: left out of later plays. */
  failed: Set<string>;
  unreachable: Set<string>;
  /** Hosts whose facts a play gathered in this run (gathering = smart gathers each once). */
  gathered: Set<string>;
  /** any_errors_fatal or max_fail_percentage stopped a play (the exit code is then 2). */
  failedBreak?: boolean;
  groups: Record<string, string[]>;
  /** --start-at-task: still looking for the task. */
  startAtPending: boolean;
  /** Tasks and meta actions run so far, on any host (an include reached again with none run in between is a cycle). */
  tasksRun: number;
  /** Secrets to mask everywhere (CLI become password). */
  secrets: string[];
  varsDirs: Map<string, VarsDirs>;
  nextId(prefix: string): string;
  /** Async jobs started (poll: 0 or still polled) and not yet done: the run waits for them before it closes the connections. */
  asyncJobs?: Set<Promise<void>>;
}

export interface PlayCtx {
  run: RunCtx;
  book: Playbook;
  play: Play;
  id: string;
  name: string;
  /** Playbook-side group_vars/host_vars (loadVarsDirs of the playbook's directory). */
  extraDirs: VarsDirs[];
  hostsAll: string[];
  batch: string[];
  /** Where each host stands in this play (active, failed, unreachable, ended), and its batch's standing failures. */
  hosts: HostStates;
  endPlay: boolean;
  endBatch: boolean;
  /** any_errors_fatal or max_fail_percentage stopped the play. */
  aborted: boolean;
  /** Per-host inventory vars and vars_files (computed once per play). */
  invVars: Map<string, Vars>;
  varsFiles: Map<string, Vars[]>;
  handlers: import('./handlers.js').HandlerState;
}

/** Where a node sits: its ancestors (play first), inherited vars and tags, rescue availability. */
export interface Scope {
  /** Keyword sources, outermost (play) first. */
  chain: Common[];
  /** Vars of blocks and include params, outermost first. */
  blockVars: Vars[];
  /** Defaults of the roles included around this node (include_role), outermost first. */
  defaults?: Vars[];
  /** Role parameters of the roles around this node, outermost first (above set_fact). */
  params?: Vars[];
  /** Conditions inherited from blocks (each must hold). */
  when: string[];
  tags: string[];
  /** Some enclosing block will run its rescue section if this task fails. */
  rescuable: boolean;
  /**
   * Some enclosing block will run its always section if this task fails (the task is in its block or
   * rescue section): any_errors_fatal does not stop the play before that section, as Ansible.
   */
  alwaysNext?: boolean;
  isHandler: boolean;
  /** The include_tasks/include_role entered around this node, outermost first (cycle and depth checks). */
  includes?: IncludeLevel[];
}

export function isActive(pc: PlayCtx, host: string): boolean {
  return pc.hosts.isActive(host);
}

export function stopped(pc: PlayCtx): boolean {
  return pc.endPlay || pc.endBatch || pc.aborted || pc.run.signal.aborted;
}

/** The nearest defined value of a keyword: the task itself, then its blocks inside out, then the play. */
export function inherited<K extends keyof Common>(task: Common, scope: Scope, key: K): Common[K] | undefined {
  if (task[key] !== undefined) return task[key];
  for (let i = scope.chain.length - 1; i >= 0; i--) {
    const v = scope.chain[i][key];
    if (v !== undefined) return v;
  }
  return undefined;
}

/**
 * A boolean keyword that may be a template ("{{ flag }}") or yes/no text: Ansible's boolean() of the
 * rendered value (a value that is no boolean throws its message); None is false.
 */
export function kwBool(v: boolean | string | undefined, vars: Vars): boolean | undefined {
  if (v === undefined) return undefined;
  if (typeof v === 'boolean') return v;
  const r = renderValue(v, vars);
  return r === null || r === undefined ? false : boolean(r);
}

/** The name shown for a task: its (play-level rendered) name or the module name. */
export function taskName(task: Task, vars: Vars): string {
  const role = task.roleDir ? `${path.basename(task.roleDir)} : ` : '';
  if (!task.name) return role + task.module;
  if (!task.name.includes('{{')) return role + task.name;
  try {
    return role + String(renderValue(task.name, vars));
  } catch {
    return role + task.name;
  }
}

export function taskInfo(run: RunCtx, name: string, module: string, node: Common | undefined, isHandler: boolean): TaskInfo {
  const info: TaskInfo = { id: run.nextId('task'), name, module, isHandler };
  if (node?.loc) info.loc = node.loc;
  return info;
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || signal.aborted) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
