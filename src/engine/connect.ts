/**
 * The connection a task uses on a host: one per inventory name for the whole run (from the pool),
 * its spec built from the host's rendered connection variables. Controller-side modules get the
 * same object but never open it.
 */
import { renderValue } from '../template/index.js';
import type { Inventory } from '../inventory/types.js';
import { connectionSpecFor } from '../transport/index.js';
import { NSPAWN_VARS } from '../transport/nspawn/spec.js';
import type { Connection, ConnectionSpec, ConnOptions } from '../transport/types.js';
import type { PlayCtx } from './context.js';
import { inventoryVars } from './host-vars.js';
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
