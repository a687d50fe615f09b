/**
 * `machinist machines -i INVENTORY [PATTERN]`: every machine on every matched host in one concurrent
 * sweep: one connection and ONE probe exec per host (the probe the `machine` module uses, for every
 * image and registered machine), then one table or one JSON document. Unreachable hosts are listed
 * and the others still shown; the exit code is 4 when any host was unreachable (as Ansible's
 * RUN_UNREACHABLE_HOSTS), 2 when a probe failed.
 */
import type { Command } from 'commander';
import { connectionVars } from '../engine/connect.js';
import { hostVars, loadInventory, selectHosts } from '../inventory/index.js';
import { FLEET_PROBE, parseHostProbe } from '../modules/nspawn/state.js';
import { ConnectionPool, connectionSpecFor, truthy, type BecomeSpec, type Connection } from '../transport/index.js';
import { UnreachableError } from '../util/errors.js';
import { machinesJson, renderMachinesTable, type HostMachines } from '../ui/machines.js';
import { addConnectionOptions, askSecrets, connOptions, type CommonOptions } from './common.js';
import { EXIT } from './exit-codes.js';


const PROBE_TIMEOUT_MS = 60_000;

export function registerMachines(program: Command): void {
  const cmd = program
    .command('machines')
    .description('list every nspawn machine (running or not) on every matched host, in one sweep')
    .argument('[pattern]', 'host pattern', 'all');
  addConnectionOptions(cmd).action(async (pattern: string, o: CommonOptions) => {
    process.exitCode = await machinesCommand(pattern, o);
  });
}

/** Read one host: its machines, or why not. */
export async function probeHost(host: string, conn: Connection, become: BecomeSpec | null): Promise<HostMachines> {
  try {
    const r = await conn.exec(FLEET_PROBE, { become, timeoutMs: PROBE_TIMEOUT_MS });
    const p = parseHostProbe(r.stdout);
    if (r.rc !== 0 || r.stdout.indexOf('@@mx host') < 0) {
      return { host, status: 'failed', msg: (r.stderr.trim() || r.stdout.trim() || `rc ${r.rc}`).split('\n')[0], machines: [] };
    }
    const base = { host, systemdVersion: p.host.systemdVersion, machinesTarget: p.host.machinesTarget };
    if (!p.host.machinectl) return { ...base, status: 'no-machinectl', machines: [] };
    return { ...base, status: 'ok', machines: p.machines };
  } catch (e) {
    if (e instanceof UnreachableError) return { host, status: 'unreachable', msg: e.message, machines: [] };
    return { host, status: 'failed', msg: e instanceof Error ? e.message : String(e), machines: [] };
  }
}

/** Run `work` over `items` with at most `limit` at once, keeping the order of the results. */
export async function mapLimited<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function machinesExitCode(hosts: HostMachines[]): number {
  // the order of exitCodeFor: failed hosts, then unreachable ones
  if (hosts.some((h) => h.status === 'failed')) return EXIT.hostFailed;
  if (hosts.some((h) => h.status === 'unreachable')) return EXIT.hostUnreachable;
  return EXIT.ok;
}

async function machinesCommand(pattern: string, o: CommonOptions): Promise<number> {
  const secrets = await askSecrets(o);
  const copts = connOptions(o, secrets);
  const inv = await loadInventory(o.inventory);
  const sel = selectHosts(inv, pattern, o.limit);
  for (const w of sel.warnings) process.stderr.write(`[WARNING]: ${w}\n`);
  // every host's connection is worked out before any is contacted: a bad one stops everything
  const targets = sel.hosts.map((host) => {
    const vars: Record<string, unknown> = { ...hostVars(inv, host), inventory_hostname: host };
    const spec = connectionSpecFor(host, connectionVars(vars), copts);
    const become: BecomeSpec | null = o.become || (vars.ansible_become !== undefined && truthy(vars.ansible_become))
      ? { user: o.becomeUser ?? (typeof vars.ansible_become_user === 'string' ? vars.ansible_become_user : 'root'), password: secrets.becomePassword ?? spec.become?.password }
      : null;
    return { host, spec, become };
  });
  const pool = new ConnectionPool(copts);
  let hosts: HostMachines[];
  try {
    hosts = await mapLimited(targets, o.forks, (t) => probeHost(t.host, pool.get(t.spec), t.become));
  } finally {
    await pool.closeAll();
  }
  process.stdout.write(o.json ? JSON.stringify(machinesJson(hosts), null, 2) + '\n' : renderMachinesTable(hosts));
  return machinesExitCode(hosts);
}
