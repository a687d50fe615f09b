/**
 * Before the lab changes anything: are we root, can this kernel do it, is the lab's address range or
 * bridge name taken by something else (a clear refusal, nothing changed)? Then missing Debian packages
 * are installed with apt-get (services kept from starting on install).
 */
import { promises as fs } from 'node:fs';
import { LabError, type AddressPlan } from './config.js';
import { run, which } from './proc.js';

/** Programs the lab runs on the machine, and the Debian package that ships each. */
export const TOOLS: ReadonlyArray<{ cmd: string; pkg: string }> = [
  { cmd: 'systemd-nspawn', pkg: 'systemd-container' },
  { cmd: 'debootstrap', pkg: 'debootstrap' },
  { cmd: 'apt-cacher-ng', pkg: 'apt-cacher-ng' },
  { cmd: 'dnsmasq', pkg: 'dnsmasq-base' },
  { cmd: 'ip', pkg: 'iproute2' },
  { cmd: 'mount', pkg: 'mount' },
];
const KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

export interface Support {
  ok: boolean;
  reason?: string;
}

/** Can a lab run here at all? Reads only (for tests that must skip cleanly). */
export async function checkSupport(): Promise<Support> {
  if (process.platform !== 'linux') return { ok: false, reason: 'the lab needs Linux' };
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return { ok: false, reason: 'the lab needs root (network namespaces, mounts, systemd-nspawn)' };
  const filesystems = await fs.readFile('/proc/filesystems', 'utf8').catch(() => '');
  const haveOverlay = /\toverlay$/m.test(filesystems) || (await fs.stat('/sys/module/overlay').then(() => true, () => false));
  if (!haveOverlay && !(await which('modprobe'))) return { ok: false, reason: 'the kernel has no overlay filesystem' };
  if (!(await fs.stat('/proc/self/ns/net').then(() => true, () => false))) return { ok: false, reason: 'the kernel has no network namespaces' };
  const missing = await missingPackages();
  if (missing.length && !(await which('apt-get'))) {
    return { ok: false, reason: `missing ${missing.join(', ')} and no apt-get to install them (the lab needs a Debian or Ubuntu machine)` };
  }
  return { ok: true };
}

export function requireRoot(): void {
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new LabError('machinist lab must run as root (it creates network namespaces, bridges, mounts and containers); nothing was changed');
  }
}

export async function missingPackages(): Promise<string[]> {
  const out: string[] = [];
  for (const t of TOOLS) if (!(await which(t.cmd))) out.push(t.pkg);
  if (!(await fs.stat(KEYRING).then(() => true, () => false))) out.push('debian-archive-keyring');
  return [...new Set(out)];
}

/** Installs what is missing with apt-get (update first if needed); services are not started. */
export async function installPackages(pkgs: string[], log: (m: string) => void = () => {}): Promise<void> {
  if (!pkgs.length) return;
  if (!(await which('apt-get'))) {
    throw new LabError(`missing ${pkgs.join(', ')} and apt-get is not available to install them; install them and retry (nothing was changed)`);
  }
  log(`installing ${pkgs.join(' ')} with apt-get`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // No systemd on a build machine: keep invoke-rc.d from starting apt-cacher-ng on 0.0.0.0:3142.
  const policy = '/usr/sbin/policy-rc.d';
  const ownPolicy = !(await fs.stat(policy).then(() => true, () => false));
  if (ownPolicy) await fs.writeFile(policy, '#!/bin/sh\n# written by machinist lab for the time of one apt-get install\nexit 101\n', { mode: 0o755 });
  try {
    // wait for another apt-get or unattended-upgrades to release the dpkg lock instead of failing at once
    const lock = ['-o', 'DPkg::Lock::Timeout=300'];
    const install = ['apt-get', ...lock, 'install', '-y', '--no-install-recommends', ...pkgs];
    const first = await run(install, { env, allowFail: true, timeoutMs: 900_000 });
    if (first.rc !== 0) {
      await run(['apt-get', ...lock, 'update'], { env, timeoutMs: 600_000 });
      await run(install, { env, timeoutMs: 900_000 });
    }
  } catch (e) {
    throw new LabError(`cannot install ${pkgs.join(', ')}: ${(e as Error).message}`);
  } finally {
    if (ownPolicy) await fs.rm(policy, { force: true });
  }
  const still = await missingPackages();
  if (still.length) throw new LabError(`installed packages but still missing: ${still.join(', ')}`);
}

/** `ip -j addr show` entries (the fields used here). */
export interface IpAddrLink {
  ifname: string;
  link_type?: string;
  linkinfo?: { info_kind?: string };
  addr_info?: Array<{ family: string; local: string; prefixlen: number }>;
}
/** `ip -j route show` entries. */
export interface IpRoute {
  dst: string;
  dev?: string;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
}

function overlaps(aNet: string, aLen: number, bNet: string, bLen: number): boolean {
  const len = Math.min(aLen, bLen);
  const mask = len === 0 ? 0 : (0xffffffff << (32 - len)) >>> 0;
  return ((ipToInt(aNet) & mask) >>> 0) === ((ipToInt(bNet) & mask) >>> 0);
}

/**
 * Problems with bringing a lab onto this machine (pure): an interface other than the lab's bridge that
 * holds an address in the lab's /24, a route into it through another device, or a link of the bridge's
 * name that this lab did not create (`ownBridge` false) or that is not a bridge.
 */
export function findConflicts(plan: AddressPlan, bridge: string, ownBridge: boolean, links: IpAddrLink[], routes: IpRoute[]): string[] {
  const problems: string[] = [];
  const hint = 'choose another lab name or subnet';
  for (const l of links) {
    if (l.ifname === bridge) {
      if (!ownBridge) problems.push(`a link named ${bridge} already exists and was not created by this lab (${hint})`);
      else if ((l.linkinfo?.info_kind ?? 'bridge') !== 'bridge') problems.push(`${bridge} exists but is not a bridge`);
      continue;
    }
    for (const a of l.addr_info ?? []) {
      if (a.family === 'inet' && overlaps(a.local, a.prefixlen, plan.prefix + '.0', 24)) {
        problems.push(`address ${a.local}/${a.prefixlen} on ${l.ifname} is inside the lab's range ${plan.cidr} (${hint})`);
      }
    }
  }
  for (const r of routes) {
    if (r.dst === 'default' || r.dev === bridge) continue;
    const [net, lenText] = r.dst.split('/');
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(net)) continue;
    const len = lenText === undefined ? 32 : Number(lenText);
    if (overlaps(net, len, plan.prefix + '.0', 24)) {
      problems.push(`route ${r.dst}${r.dev ? ` dev ${r.dev}` : ''} overlaps the lab's range ${plan.cidr} (${hint})`);
    }
  }
  return [...new Set(problems)];
}

/** Reads links and routes and throws a LabError listing every conflict. */
export async function checkConflicts(plan: AddressPlan, bridge: string, ownBridge: boolean): Promise<void> {
  const links = JSON.parse((await run(['ip', '-d', '-j', 'addr', 'show'])).stdout || '[]') as IpAddrLink[];
  const routes = JSON.parse((await run(['ip', '-j', '-4', 'route', 'show', 'table', 'all'])).stdout || '[]') as IpRoute[];
  const problems = findConflicts(plan, bridge, ownBridge, links, routes.filter((r) => r.dst !== undefined));
  if (problems.length) throw new LabError(`cannot bring the lab up; nothing was changed:\n  ${problems.join('\n  ')}`);
}
