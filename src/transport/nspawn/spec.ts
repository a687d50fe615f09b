/**
 * The spec of a guest reached through its host (`ansible_connection: nspawn`, also
 * `machinist.nspawn` and `community.general.machinectl`): `machinist_nspawn_host` names the
 * inventory host whose connection carries the commands; the machine is `machinist_nspawn_machine`,
 * else the guest's `ansible_host`, else its inventory name, checked with systemd's rule for machine
 * names. Commands run as root inside the guest (we are root on the host); `ansible_user` is not
 * used (an inventory-wide SSH user must not leak into guests), `ansible_become*` is (become_user
 * inside the guest).
 */
import { ValidationError } from '../../util/errors.js';
import type { BecomeSpec, ConnectionSpec } from '../types.js';
import { checkMachineName } from './names.js';

export const NSPAWN_CONNECTION_ALIASES: Record<string, string> = {
  'machinist.nspawn': 'nspawn',
  'community.general.machinectl': 'nspawn',
  machinectl: 'nspawn',
};

/** The variables that decide how a guest is reached (besides ansible_connection/ansible_host). */
export const NSPAWN_VARS = ['machinist_nspawn_host', 'machinist_nspawn_machine'];

const INVENTORY_NAME = /^[A-Za-z0-9_.:@\[\]-]+$/;

function strVar(name: string, vars: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) {
    const v = vars[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string' || typeof v === 'number') return String(v).trim();
    throw new ValidationError(`host ${name}: ${k} must be a string, not ${Array.isArray(v) ? 'a list' : typeof v}`);
  }
  return undefined;
}

export interface NspawnSpecBase {
  become: BecomeSpec | null | undefined;
  connectTimeoutMs: number;
  knownHostsFiles: string[];
}

export function nspawnSpecFor(name: string, vars: Record<string, unknown>, base: NspawnSpecBase): ConnectionSpec {
  const parent = strVar(name, vars, 'machinist_nspawn_host');
  if (parent === undefined) {
    throw new ValidationError(
      `host ${name}: ansible_connection nspawn needs machinist_nspawn_host, the inventory host that runs the machine`,
      undefined,
      'e.g. machinist_nspawn_host: node1',
    );
  }
  if (!INVENTORY_NAME.test(parent)) throw new ValidationError(`host ${name}: machinist_nspawn_host ${JSON.stringify(parent)} is not an inventory host name`);
  if (parent === name) throw new ValidationError(`host ${name}: machinist_nspawn_host names the guest itself; it must name the host that runs the machine`);
  const machine = strVar(name, vars, 'machinist_nspawn_machine', 'ansible_host', 'ansible_ssh_host') ?? name;
  const why = checkMachineName(machine);
  if (why) {
    const from = vars.machinist_nspawn_machine !== undefined ? 'machinist_nspawn_machine' : vars.ansible_host !== undefined || vars.ansible_ssh_host !== undefined ? 'ansible_host' : 'the inventory name';
    throw new ValidationError(`host ${name}: ${why} (from ${from}; set machinist_nspawn_machine to the machine's name)`);
  }
  const spec: ConnectionSpec = {
    name,
    connection: 'nspawn',
    host: machine,
    port: 0,
    user: 'root',
    privateKeyFiles: [],
    knownHostsFiles: base.knownHostsFiles,
    hostKeyChecking: 'strict',
    connectTimeoutMs: base.connectTimeoutMs,
    nspawn: { host: parent, machine },
  };
  if (base.become !== undefined) spec.become = base.become;
  return spec;
}
