/**
 * The fleet view of `machinist machines`: one table of every machine on every host (HOST, MACHINE,
 * STATE, ENABLED, OS, ADDRESSES, MEMORY), hosts that could not be read listed as such, and the same
 * data as one JSON document (hosts → machines). Pure: the sweep's view (machines-view.ts) gathers
 * the machine_info results, this renders them.
 */
import type { MachineEntry } from '../modules/nspawn/machine/machine-info.js';

export interface HostMachines {
  host: string;
  /** ok: probed; unreachable: no connection; failed: the probe failed; no-machinectl: systemd-container missing. */
  status: 'ok' | 'unreachable' | 'failed' | 'no-machinectl';
  msg?: string;
  systemdVersion?: number;
  machines: MachineEntry[];
}

/** The STATE column: the guest's own systemd state while it runs (running, degraded, starting...). */
export function machineState(m: MachineEntry): string {
  if (m.state === 'absent') return 'stopped';
  if (m.state !== 'started') return m.state;
  const g = m.guest_state;
  if (g === 'running' || g === 'degraded') return g;
  if (g === 'initializing' || g === 'starting') return 'starting';
  if (g === undefined || g === 'unknown' || g === '') return 'running';
  return `running (${g})`;
}

/** Bytes in the short form systemd uses (1024-based): 512M, 1.5G. */
export function shortBytes(n: number): string {
  const units = ['B', 'K', 'M', 'G', 'T', 'P'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const s = i === 0 || v >= 100 || Number.isInteger(v) ? String(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
  return `${s}${units[i]}`;
}

/** The MEMORY column: "current / limit" while running, the limit alone when stopped. */
export function memoryText(m: MachineEntry): string {
  const running = m.state === 'started';
  const cur = m.memory.current !== null ? shortBytes(m.memory.current) : undefined;
  const max = m.memory.max !== null ? shortBytes(m.memory.max) : undefined;
  if (running && cur !== undefined) return max ? `${cur} / ${max}` : cur;
  if (max) return running ? `? / ${max}` : `limit ${max}`;
  return '-';
}

function rowsOf(h: HostMachines): string[][] {
  if (h.status === 'unreachable') return [[h.host, '-', `UNREACHABLE: ${h.msg ?? ''}`.trim(), '', '', '', '']];
  if (h.status === 'failed') return [[h.host, '-', `FAILED: ${h.msg ?? ''}`.trim(), '', '', '', '']];
  if (h.status === 'no-machinectl') return [[h.host, '-', '(no machinectl: systemd-container not installed)', '', '', '', '']];
  if (h.machines.length === 0) return [[h.host, '-', '(no machines)', '', '', '', '']];
  return h.machines.map((m) => [
    h.host,
    m.name,
    machineState(m),
    m.enabled ? 'yes' : 'no',
    m.os ?? '-',
    m.addresses?.length ? m.addresses.join(', ') : '-',
    memoryText(m),
  ]);
}

export const COLUMNS = ['HOST', 'MACHINE', 'STATE', 'ENABLED', 'OS', 'ADDRESSES', 'MEMORY'];

/** The table as text (columns padded to their widest cell; trailing blanks trimmed). */
export function renderMachinesTable(hosts: HostMachines[]): string {
  const rows = [COLUMNS, ...hosts.flatMap(rowsOf)];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const lines = rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd());
  const count = hosts.reduce((n, h) => n + h.machines.length, 0);
  const down = hosts.filter((h) => h.status === 'unreachable' || h.status === 'failed').length;
  const tail = `${count} machine${count === 1 ? '' : 's'} on ${hosts.length} host${hosts.length === 1 ? '' : 's'}${down ? `, ${down} host${down === 1 ? '' : 's'} not read` : ''}`;
  return [...lines, '', tail].join('\n') + '\n';
}

/** One machine as the JSON document shows it. */
export function machineJson(m: MachineEntry): Record<string, unknown> {
  return {
    name: m.name,
    state: machineState(m),
    enabled: m.enabled,
    os: m.os ?? null,
    addresses: m.addresses ?? [],
    memory: { current: m.memory.current, max: m.memory.max },
    leader: m.leader ?? null,
    machine_id: m.machine_id ?? null,
    image: m.image ? { path: m.image.path, type: m.image.type, read_only: m.image.read_only } : null,
    started_at: m.started_at,
  };
}

/** The whole sweep as one JSON document: {hosts: {NAME: {status, machines: [...]}}, unreachable: [...]}. */
export function machinesJson(hosts: HostMachines[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const h of hosts) {
    out[h.host] = {
      status: h.status,
      ...(h.msg !== undefined ? { msg: h.msg } : {}),
      ...(h.systemdVersion ? { systemd_version: h.systemdVersion } : {}),
      machines: h.machines.map(machineJson),
    };
  }
  return {
    hosts: out,
    unreachable: hosts.filter((h) => h.status === 'unreachable').map((h) => h.host),
    failed: hosts.filter((h) => h.status === 'failed').map((h) => h.host),
  };
}
