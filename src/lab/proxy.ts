/**
 * The lab's caching apt proxy: apt-cacher-ng bound to the gateway address, started by hand (no systemd
 * on the machine) with its own config dir, cache dir, log dir and pid file. Its stock remap sends
 * deb.debian.org to ftp.debian.org; our backends_debian sends it to deb.debian.org.
 */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { DEBIAN_MIRROR, LabError, PROXY_PORT, type AddressPlan, type LabPaths } from './config.js';
import { isOurs, readPid, run, sleep, stopProcess } from './proc.js';

/** The mirror URL hosts (and the base build) use: through the proxy on the gateway. */
export function proxiedMirror(plan: AddressPlan): string {
  return `http://${plan.gateway}:${PROXY_PORT}/deb.debian.org/debian`;
}

export function proxiedSecurity(plan: AddressPlan): string {
  return `http://${plan.gateway}:${PROXY_PORT}/deb.debian.org/debian-security`;
}

/** acng.conf of a lab (pure). */
export function proxyConfig(paths: LabPaths, plan: AddressPlan): string {
  const d = paths.proxyDir;
  return [
    '# written by machinist lab: apt-cacher-ng for this lab only',
    `CacheDir: ${paths.aptCache}`,
    `LogDir: ${path.join(d, 'log')}`,
    'SupportDir: /usr/lib/apt-cacher-ng',
    `Port: ${PROXY_PORT}`,
    `BindAddress: ${plan.gateway}`,
    `PidFile: ${pidFile(paths)}`,
    `SocketPath: ${path.join(d, 'socket')}`,
    'ForeGround: 0',
    'Remap-debrep: file:deb_mirror*.gz /debian ; file:backends_debian',
    'Remap-secdeb: security.debian.org security.debian.org/debian-security deb.debian.org/debian-security /debian-security ; deb.debian.org/debian-security',
    'ExThreshold: 4',
    'ReportPage: acng-report.html',
    '',
  ].join('\n');
}

function pidFile(paths: LabPaths): string {
  return path.join(paths.proxyDir, 'apt-cacher-ng.pid');
}

const MARKERS = (paths: LabPaths) => ['apt-cacher-ng', paths.proxyDir];

export async function proxyPid(paths: LabPaths): Promise<number | undefined> {
  const pid = await readPid(pidFile(paths));
  return (await isOurs(pid, ...MARKERS(paths))) ? pid : undefined;
}

/** Resolves when something accepts TCP connections on host:port (false after timeoutMs). */
export async function tcpOpen(host: string, port: number, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ host, port });
      const t = setTimeout(() => (s.destroy(), resolve(false)), Math.min(1000, Math.max(50, end - Date.now())));
      s.once('connect', () => (clearTimeout(t), s.destroy(), resolve(true)));
      s.once('error', () => (clearTimeout(t), resolve(false)));
    });
    if (ok) return true;
    await sleep(100);
  }
  return false;
}

/** Starts the lab's proxy unless it runs already; resolves once it accepts connections. */
export async function ensureProxy(paths: LabPaths, plan: AddressPlan): Promise<void> {
  if (await proxyPid(paths)) return;
  await fs.mkdir(path.join(paths.proxyDir, 'log'), { recursive: true });
  await fs.mkdir(paths.aptCache, { recursive: true });
  await fs.writeFile(path.join(paths.proxyDir, 'acng.conf'), proxyConfig(paths, plan));
  await fs.writeFile(path.join(paths.proxyDir, 'backends_debian'), DEBIAN_MIRROR + '\n');
  await fs.rm(pidFile(paths), { force: true });
  await run(['apt-cacher-ng', '-c', paths.proxyDir]);
  if (!(await tcpOpen(plan.gateway, PROXY_PORT, 15_000))) {
    const log = await fs.readFile(path.join(paths.proxyDir, 'log', 'apt-cacher.err'), 'utf8').catch(() => '');
    await stopProxy(paths);
    throw new LabError(`apt-cacher-ng did not start on ${plan.gateway}:${PROXY_PORT}${log ? `: ${log.trim().split('\n').slice(-3).join(' | ')}` : ''}`);
  }
  // The daemon writes its pid file a moment after it starts listening.
  for (let i = 0; i < 50 && !(await proxyPid(paths)); i++) await sleep(50);
}

export async function stopProxy(paths: LabPaths): Promise<void> {
  await stopProcess(await proxyPid(paths), MARKERS(paths), 5_000);
  await fs.rm(pidFile(paths), { force: true });
  await fs.rm(path.join(paths.proxyDir, 'socket'), { force: true });
}
