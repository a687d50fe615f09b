/**
 * `lab status`: the lab's network and services, and a row per host (name, address, state, uptime).
 * A host is `running` when its nspawn process lives and port 22 answers, `booting` when only the
 * process lives, `stopped` when only its leftovers (directory, namespace) exist.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LAB_NAME, addressPlan, checkLabName, hostIndex, labPaths, linkNames, type LabNames, type LabPaths } from './config.js';
import { dhcpPid } from './dhcp.js';
import { hostLayout, hostPid } from './host.js';
import { labNamespaces, linkExists } from './network.js';
import { uptimeOf } from './proc.js';
import { proxyPid, tcpOpen } from './proxy.js';
import { readState } from './state.js';

export type HostState = 'running' | 'booting' | 'stopped';

export interface HostStatus {
  name: string;
  address: string;
  state: HostState;
  /** Seconds since its systemd-nspawn started (undefined when stopped). */
  uptimeSec?: number;
  pid?: number;
}

export interface LabStatus {
  name: string;
  dir: string;
  /** false when the lab has no state on this machine (never brought up, or brought down). */
  exists: boolean;
  subnet?: string;
  gateway?: string;
  bridge: string;
  bridgeUp: boolean;
  suite?: string;
  proxy: 'running' | 'stopped';
  dhcp: 'running' | 'stopped';
  inventoryPath: string;
  hosts: HostStatus[];
}

/** Host indexes this lab has anything of (a host directory or a namespace). */
export async function labHostIndexes(paths: LabPaths, names: LabNames): Promise<number[]> {
  const dirs = await fs.readdir(path.join(paths.dir, 'hosts')).catch(() => [] as string[]);
  const fromDirs = dirs.map(hostIndex).filter((i): i is number => i !== undefined);
  return [...new Set([...fromDirs, ...(await labNamespaces(names))])].sort((a, b) => a - b);
}

export async function labStatus(name: string = DEFAULT_LAB_NAME): Promise<LabStatus> {
  checkLabName(name);
  const paths = labPaths(name);
  const names = linkNames(name);
  const state = await readState(paths);
  const status: LabStatus = {
    name,
    dir: paths.dir,
    exists: state !== undefined,
    bridge: names.bridge,
    bridgeUp: await linkExists(names.bridge),
    proxy: (await proxyPid(paths)) ? 'running' : 'stopped',
    dhcp: (await dhcpPid(paths)) ? 'running' : 'stopped',
    inventoryPath: paths.inventory,
    hosts: [],
  };
  if (!state) return status;
  const plan = addressPlan(state.prefix);
  Object.assign(status, { subnet: plan.cidr, gateway: plan.gateway, suite: state.suite });
  status.hosts = await Promise.all(
    (await labHostIndexes(paths, names)).map(async (i): Promise<HostStatus> => {
      const h = hostLayout(paths, names, plan, i);
      const pid = await hostPid(h);
      if (!pid) return { name: h.name, address: h.address, state: 'stopped' };
      const up = await tcpOpen(h.address, 22, 500);
      return { name: h.name, address: h.address, state: up ? 'running' : 'booting', uptimeSec: await uptimeOf(pid), pid };
    }),
  );
  return status;
}

export function formatUptime(sec: number | undefined): string {
  if (sec === undefined) return '-';
  if (sec < 60) return `${sec}s`;
  if (sec < 3600) return `${Math.floor(sec / 60)}m${String(sec % 60).padStart(2, '0')}s`;
  if (sec < 86400) return `${Math.floor(sec / 3600)}h${String(Math.floor((sec % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(sec / 86400)}d${String(Math.floor((sec % 86400) / 3600)).padStart(2, '0')}h`;
}

/** The status as text: a header and a table of hosts (pure). */
export function formatStatus(s: LabStatus): string {
  if (!s.exists && !s.hosts.length) {
    return `lab ${s.name}: not running${s.bridgeUp ? ` (but bridge ${s.bridge} exists; \`machinist lab down --name ${s.name}\` removes it)` : ''}\n`;
  }
  const head =
    `lab ${s.name}: ${s.subnet ?? '?'} on ${s.bridge}${s.bridgeUp ? '' : ' (missing)'}, gateway ${s.gateway ?? '?'}, ` +
    `apt proxy ${s.proxy}, dhcp ${s.dhcp}, suite ${s.suite ?? '?'}\ninventory: ${s.inventoryPath}\n`;
  const rows = [['NAME', 'ADDRESS', 'STATE', 'UPTIME'], ...s.hosts.map((h) => [h.name, h.address, h.state, formatUptime(h.uptimeSec)])];
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const table = rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]))).join('  ')).join('\n');
  return head + (s.hosts.length ? table + '\n' : 'no hosts\n');
}
