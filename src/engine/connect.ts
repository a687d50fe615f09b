/**
 * The connection a task uses on a host: one per inventory name for the whole run (from the pool),
 * its spec built from the host's rendered connection variables. Controller-side modules get the
 * same object but never open it. Before any host is contacted, every targeted host's connection
 * settings are checked here (checkConnections), for plays, ad-hoc runs and the machines sweep alike.
 */
import { groupsVar, hostConnProblems, hostVars, selectHosts, type VarsDirs } from '../inventory/index.js';
import type { TaskNode } from '../playbook/types.js';
import { renderValue } from '../template/index.js';
import type { Inventory } from '../inventory/types.js';
import { connectionSpecFor } from '../transport/index.js';
import { NSPAWN_VARS } from '../transport/nspawn/spec.js';
import type { Connection, ConnectionSpec, ConnOptions } from '../transport/types.js';
import { ValidationError, ValidationErrors } from '../util/errors.js';
import { playPattern } from './batches.js';
import type { PlayCtx } from './context.js';
import { inventoryVars } from './host-vars.js';
import type { RunOptions } from './options.js';
import type { Vars } from './vars.js';

/** Variables that decide how a host is reached (rendered before the spec is built). */
const CONN_KEYS = [
  'ansible_connection', 'ansible_host', 'ansible_ssh_host', 'ansible_port', 'ansible_ssh_port', 'ansible_user',
  'ansible_ssh_user', 'ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password', 'ansible_ssh_private_key_file',
  'ansible_private_key_file', 'ansible_ssh_common_args', 'ansible_ssh_extra_args', 'ansible_timeout', 'ansible_ssh_timeout',
  ...NSPAWN_VARS,
];

export const LOCAL_NAMES = new Set(['localhost', '127.0.0.1', '::1']);

export function connectionVars(vars: Vars): Vars {
  const out: Vars = {};
  for (const k of CONN_KEYS) if (vars[k] !== undefined) out[k] = renderValue(vars[k], vars);
  return out;
}

export function specFor(pc: PlayCtx, host: string, vars: Vars): ConnectionSpec {
  return hostSpec(pc.run.inv, host, vars, pc.run.opts.conn);
}

/** How `host` is reached given its variables (throws ValidationError for a bad connection variable). */
export function hostSpec(inv: Inventory, host: string, vars: Vars, conn: ConnOptions): ConnectionSpec {
  const cv = connectionVars(vars);
  // Ansible's implicit localhost: not in the inventory → a local connection
  if (LOCAL_NAMES.has(host) && !inv.hosts.has(host) && cv.ansible_connection === undefined) cv.ansible_connection = 'local';
  return connectionSpecFor(host, cv, conn);
}

/** A host a run will contact, with what its tasks see above its inventory variables. */
export interface Target {
  host: string;
  /** Variables that win over the inventory's for every task on it (play vars, -e). */
  over?: Vars;
  /** Variables a task of the run may set before it connects (set_fact, task vars): their values are checked when it does. */
  later?: Iterable<string>;
  /** Playbook-side group_vars/host_vars. */
  extraDirs?: VarsDirs[];
}

/**
 * Before any host is contacted, every targeted host's connection settings are checked: the located
 * problem of a literal value the inventory fixes for it (ansible_port: abc) and that is in effect
 * for it is refused, each problem once, naming the targeted hosts it is theirs. Hosts that are not
 * targeted are not refused for theirs, nor hosts connected locally or through nspawn (which never
 * read a port or a timeout), as Ansible runs plays on them. With `whole` (the machines sweep, whose
 * only task is connecting), every other problem of a host's rendered connection settings is refused
 * too; otherwise those fail the host when it is reached. Throws ValidationErrors.
 */
export function checkConnections(inv: Inventory, targets: Target[], conn: ConnOptions, whole = false): void {
  const located = new Map<string, { error: ValidationError; hosts: Set<string> }>();
  const other: ValidationError[] = [];
  for (const t of targets) {
    const later = [...(t.later ?? [])];
    const found = inv.hosts.has(t.host) ? hostConnProblems(inv, t.host, t.extraDirs, { ...Object.fromEntries(later.map((k) => [k, LATER])), ...t.over }) : new Map();
    if (found.size === 0 && !whole) continue;
    let spec: ConnectionSpec | undefined;
    try {
      const vars: Vars = { ...hostVars(inv, t.host, t.extraDirs), ...t.over, inventory_hostname: t.host };
      for (const k of [...found.keys(), ...later]) delete vars[k];
      spec = hostSpec(inv, t.host, vars, conn);
    } catch (e) {
      // anything else (a template that needs play-time variables) is reported for that host when reached
      if (whole && e instanceof ValidationError) other.push(e);
    }
    if (spec && spec.connection !== 'ssh') continue;
    for (const error of found.values()) {
      const key = `${error.loc?.file}:${error.loc?.line}:${error.loc?.col}:${error.message}`;
      if (!located.has(key)) located.set(key, { error, hosts: new Set() });
      located.get(key)!.hosts.add(t.host);
    }
  }
  const errors = [...located.values()].map(({ error, hosts }) => new ValidationError(error.message, error.loc, error.hint ?? targetedHint([...hosts]), error.sourceLine));
  if (errors.length || other.length) throw new ValidationErrors([...errors, ...other]);
}

/**
 * The hosts the plays of a run target (each play's pattern as rendered before the run, and --limit),
 * with what wins over their inventory variables there: the play's vars and -e, and the variables a
 * task of the play or of an earlier one sets (set_fact persists across plays). A pattern that does
 * not render or parse is checkPlays' to report.
 */
export function playTargets(opts: RunOptions, varsDirs: Map<string, VarsDirs>): Target[] {
  const groups = groupsVar(opts.inventory);
  const later = new Set<string>();
  const out: Target[] = [];
  for (const book of opts.playbooks) {
    for (const play of book.plays) {
      for (const section of [play.preTasks, play.tasks, play.postTasks, play.handlers]) setByTasks(section, later);
      let hosts: string[];
      try {
        hosts = selectHosts(opts.inventory, playPattern(play, opts.extraVars, groups), opts.limit).hosts;
      } catch {
        continue;
      }
      const extraDirs = varsDirs.has(book.dir) ? [varsDirs.get(book.dir)!] : [];
      const over = { ...play.vars, ...opts.extraVars };
      for (const host of hosts) out.push({ host, over, later: [...later], extraDirs });
    }
  }
  return out;
}

/** Variables tasks may set: their (and their blocks', roles', includes') vars, set_fact's keys. */
function setByTasks(nodes: TaskNode[], into: Set<string>): void {
  for (const n of nodes) {
    for (const k of Object.keys(n.vars ?? {})) into.add(k);
    if (n.kind === 'task' && n.module === 'set_fact') for (const k of Object.keys(n.args)) into.add(k);
    if (n.kind === 'block') for (const part of [n.block, n.rescue, n.always]) setByTasks(part, into);
    else if (n.kind === 'include_tasks' && n.tasks) setByTasks(n.tasks, into);
  }
}

/** Stands for a value a task sets later: no problem of its own, and the inventory's is not in effect. */
const LATER = '{{ set later }}';

function targetedHint(hosts: string[]): string {
  const shown = hosts.length > 5 ? `${hosts.slice(0, 5).join(', ')} and ${hosts.length - 5} more` : hosts.join(', ');
  return `the value in effect for ${hosts.length === 1 ? 'host' : 'hosts'} ${shown}, which this run targets`;
}

export interface Reach {
  conn: Connection;
  spec: ConnectionSpec;
}

/** The pooled connection for a host whose task variables are `vars`. */
export function connectionFor(pc: PlayCtx, host: string, vars: Vars): Reach {
  const spec = specFor(pc, host, vars);
  return { conn: pc.run.pool.get(spec, spec.nspawn ? () => guestParent(pc, spec, vars) : undefined), spec };
}

/** A guest's host (machinist_nspawn_host): its own pooled connection, built from its inventory variables. */
function guestParent(pc: PlayCtx, spec: ConnectionSpec, vars: Vars): Reach {
  const parent = spec.nspawn!.host;
  if (!pc.run.inv.hosts.has(parent)) throw new Error(`host ${spec.name}: machinist_nspawn_host ${parent} is not an inventory host`);
  return delegatedConnection(pc, parent, vars);
}

/** delegate_to: the connection of another host (its own inventory variables), localhost included. */
export function delegatedConnection(pc: PlayCtx, target: string, taskVars: Vars): Reach {
  if (pc.run.inv.hosts.has(target)) {
    const inv = inventoryVars(pc, target);
    return connectionFor(pc, target, { ...inv, ...pc.run.opts.extraVars, inventory_hostname: target, hostvars: taskVars.hostvars });
  }
  return connectionFor(pc, target, {});
}

/**
 * A connection resolved on first use: controller-side modules (debug, set_fact, assert...) never
 * touch it, so a host whose connection variables are wrong can still run them.
 */
export function lazyConnection(host: string, make: () => Connection): Connection {
  let c: Connection | undefined;
  const get = () => (c ??= make());
  return {
    host,
    connect: () => get().connect(),
    exec: (command, opts) => get().exec(command, opts),
    put: (dest, content, opts) => get().put(dest, content, opts),
    get: (p, opts) => get().get(p, opts),
    close: () => (c ? c.close() : Promise.resolve()),
  };
}

/** Connection passwords of a host (rendered), to be masked in results. */
export function connectionSecrets(vars: Vars): string[] {
  const out: string[] = [];
  for (const k of ['ansible_password', 'ansible_ssh_pass', 'ansible_ssh_password']) {
    if (vars[k] === undefined) continue;
    try {
      const v = renderValue(vars[k], vars);
      if (typeof v === 'string' || typeof v === 'number') out.push(String(v));
    } catch {
      /* a broken template surfaces when the connection is made */
    }
  }
  return out;
}
