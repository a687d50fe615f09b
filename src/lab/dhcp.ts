/**
 * DHCP for nested guests bridged onto the lab LAN (a host's br0 with its eth0 as a port): dnsmasq as
 * DHCP server only (no DNS: --port=0), bound to the lab's bridge, with its own lease, pid and log files.
 * The router option is the gateway (dnsmasq's default for the interface).
 */
import { promises as fs } from 'node:fs';
import { LabError, type AddressPlan, type LabPaths } from './config.js';
import { isOurs, readPid, run, sleep, stopProcess } from './proc.js';

/** dnsmasq's argv for a lab (pure). */
export function dnsmasqArgs(paths: LabPaths, plan: AddressPlan, bridge: string): string[] {
  return [
    'dnsmasq',
    '--conf-file=/dev/null',
    '--port=0',
    `--interface=${bridge}`,
    '--except-interface=lo',
    '--bind-interfaces',
    `--listen-address=${plan.gateway}`,
    `--dhcp-range=${plan.dhcpStart},${plan.dhcpEnd},${plan.netmask},12h`,
    '--dhcp-authoritative',
    `--dhcp-leasefile=${paths.dnsmasqLeases}`,
    `--pid-file=${paths.dnsmasqPid}`,
    `--log-facility=${paths.dnsmasqLog}`,
    '--log-dhcp',
    '--user=root',
    '--group=root',
  ];
}

const MARKERS = (paths: LabPaths) => ['dnsmasq', paths.dnsmasqPid];

export async function dhcpPid(paths: LabPaths): Promise<number | undefined> {
  const pid = await readPid(paths.dnsmasqPid);
  return (await isOurs(pid, ...MARKERS(paths))) ? pid : undefined;
}

/** Starts dnsmasq (it daemonizes and writes its pid file) unless it runs already. */
export async function ensureDhcp(paths: LabPaths, plan: AddressPlan, bridge: string): Promise<void> {
  if (await dhcpPid(paths)) return;
  await fs.rm(paths.dnsmasqPid, { force: true });
  await fs.writeFile(paths.dnsmasqLeases, '', { flag: 'a' });
  try {
    await run(dnsmasqArgs(paths, plan, bridge), { timeoutMs: 15_000 });
  } catch (e) {
    throw new LabError(`cannot start dnsmasq (DHCP) on ${bridge}: ${(e as Error).message}`);
  }
  for (let i = 0; i < 100 && !(await dhcpPid(paths)); i++) await sleep(50);
  if (!(await dhcpPid(paths))) throw new LabError(`dnsmasq (DHCP) on ${bridge} did not stay up; see ${paths.dnsmasqLog}`);
}

export async function stopDhcp(paths: LabPaths): Promise<void> {
  await stopProcess(await dhcpPid(paths), MARKERS(paths), 5_000);
  await fs.rm(paths.dnsmasqPid, { force: true });
}
