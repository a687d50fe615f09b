/**
 * The lab's names, paths and address plan (pure: no I/O). Decisions, written down once:
 *
 * - State of a lab lives in LABDIR = /var/lib/machinist/lab/NAME (the parent directory can be moved
 *   with MACHINIST_LAB_DIR, e.g. for tests): state.json, the lab's own client key (id_ed25519),
 *   inventory.yml, known_hosts, the proxy's and dnsmasq's config/pid/log files, and one directory per
 *   host (overlay upper/work dirs, the mounted root, the console log, the nspawn pid file).
 * - Caches live in /var/cache/machinist/lab (MACHINIST_LAB_CACHE moves it): the read-only base image
 *   `base-SUITE` (shared by every lab; built into `base-SUITE.partial` and renamed when complete) and
 *   each lab's apt-cacher-ng package cache `apt-NAME` (one proxy per lab, so one cache per lab).
 *   `lab down` keeps both; `lab down --purge` deletes them.
 * - Every lab has one private /24: 10.213.X.0/24 with X derived from the lab name (FNV-1a), so two labs
 *   can coexist; an explicit subnet can be given. The gateway (.1) sits on a bridge on the machine and
 *   serves the apt proxy (port 3142) and DHCP (dnsmasq, DHCP only) for nested guests. Host hN has
 *   .(10+N) (N = 1..89); DHCP hands out .100-.250. No NAT and no forwarding: hosts reach only the
 *   gateway, and through the proxy, the Debian mirror.
 * - Link names (at most 15 characters): bridge `mlab-NAME`, veth on the machine side `mlNAMEhN` (its
 *   peer is `eth0` inside the host's namespace); network namespace `mlab-NAME-hN`. A lab name is
 *   therefore 1-10 characters of [a-z0-9-], starting with a letter.
 */
import * as path from 'node:path';

export const DEFAULT_LAB_NAME = 'default';
export const DEFAULT_SUITE = 'bookworm';
export const MAX_HOSTS = 89;
export const PROXY_PORT = 3142;
export const DEBIAN_MIRROR = 'http://deb.debian.org/debian/';
export const STATE_ROOT = '/var/lib/machinist/lab';
export const CACHE_ROOT = '/var/cache/machinist/lab';
/** Packages of the hosts' base image: a fresh Debian server (no debootstrap, systemd-container, bridge-utils). */
export const BASE_PACKAGES = ['systemd', 'systemd-sysv', 'dbus', 'openssh-server', 'iproute2', 'ifupdown', 'isc-dhcp-client', 'procps', 'sudo', 'ca-certificates'];
export const SUITES = ['bookworm', 'trixie', 'bullseye'];

/** Errors of the lab that the CLI prints as is (exit code 1). */
export class LabError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'LabError';
  }
}

const NAME_RE = /^[a-z][a-z0-9-]{0,9}$/;

/** Refuses a lab name that cannot make valid link names; returns it otherwise. */
export function checkLabName(name: string): string {
  if (!NAME_RE.test(name) || name.endsWith('-')) {
    throw new LabError(
      `invalid lab name ${JSON.stringify(name)}: expected 1-10 characters of a-z, 0-9 and '-', starting with a letter (it becomes part of link names of at most 15 characters)`,
    );
  }
  return name;
}

export function checkSuite(suite: string): string {
  if (!SUITES.includes(suite)) throw new LabError(`unsupported suite ${JSON.stringify(suite)}: expected one of ${SUITES.join(', ')}`);
  return suite;
}

export function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 1 || count > MAX_HOSTS) {
    throw new LabError(`invalid host count ${JSON.stringify(count)}: expected a whole number from 1 to ${MAX_HOSTS}`);
  }
  return count;
}

/** 32-bit FNV-1a of a string. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(s, 'utf8')) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The lab's /24 as its first three octets, e.g. "10.213.57". */
export function defaultSubnet(name: string): string {
  return `10.213.${(fnv1a(checkLabName(name)) % 254) + 1}`;
}

/**
 * Parses a subnet given by the user ("10.9.8.0/24" or "10.9.8") into its three octets; only private
 * (RFC 1918) /24s are accepted.
 */
export function parseSubnet(s: string): string {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\.0\/24)?$/.exec(s.trim());
  const o = m ? [Number(m[1]), Number(m[2]), Number(m[3])] : [];
  const ok = m && o.every((x) => x <= 255);
  const priv = ok && (o[0] === 10 || (o[0] === 172 && o[1] >= 16 && o[1] <= 31) || (o[0] === 192 && o[1] === 168));
  if (!priv) throw new LabError(`invalid lab subnet ${JSON.stringify(s)}: expected a private /24 such as 10.213.7.0/24`);
  return o.join('.');
}

export interface AddressPlan {
  /** First three octets. */
  prefix: string;
  cidr: string;
  gateway: string;
  netmask: string;
  dhcpStart: string;
  dhcpEnd: string;
}

export function addressPlan(prefix: string): AddressPlan {
  return {
    prefix,
    cidr: `${prefix}.0/24`,
    gateway: `${prefix}.1`,
    netmask: '255.255.255.0',
    dhcpStart: `${prefix}.100`,
    dhcpEnd: `${prefix}.250`,
  };
}

export function hostName(index: number): string {
  return `h${checkCount(index)}`;
}

/** Index of a host name "hN" (or undefined). */
export function hostIndex(host: string): number | undefined {
  const m = /^h([1-9]\d?)$/.exec(host);
  const n = m ? Number(m[1]) : NaN;
  return n >= 1 && n <= MAX_HOSTS ? n : undefined;
}

export function hostAddress(prefix: string, index: number): string {
  return `${prefix}.${10 + checkCount(index)}`;
}

export interface LabNames {
  bridge: string;
  netns: (index: number) => string;
  veth: (index: number) => string;
}

export function linkNames(name: string): LabNames {
  checkLabName(name);
  return {
    bridge: `mlab-${name}`,
    netns: (i) => `mlab-${name}-h${checkCount(i)}`,
    veth: (i) => `ml${name}h${checkCount(i)}`,
  };
}

export function stateRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.MACHINIST_LAB_DIR || STATE_ROOT);
}

export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.MACHINIST_LAB_CACHE || CACHE_ROOT);
}

/** LABDIR of a lab. */
export function labDir(name = DEFAULT_LAB_NAME, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateRoot(env), checkLabName(name));
}

export interface LabPaths {
  dir: string;
  state: string;
  lock: string;
  key: string;
  inventory: string;
  knownHosts: string;
  proxyDir: string;
  aptCache: string;
  dnsmasqPid: string;
  dnsmasqLeases: string;
  dnsmasqLog: string;
  hostDir: (index: number) => string;
  base: (suite: string) => string;
}

export function labPaths(name = DEFAULT_LAB_NAME, env: NodeJS.ProcessEnv = process.env): LabPaths {
  const dir = labDir(name, env);
  const cache = cacheRoot(env);
  return {
    dir,
    state: path.join(dir, 'state.json'),
    lock: path.join(dir, 'lock'),
    key: path.join(dir, 'id_ed25519'),
    inventory: path.join(dir, 'inventory.yml'),
    knownHosts: path.join(dir, 'known_hosts'),
    proxyDir: path.join(dir, 'proxy'),
    aptCache: path.join(cache, `apt-${name}`),
    dnsmasqPid: path.join(dir, 'dnsmasq.pid'),
    dnsmasqLeases: path.join(dir, 'dnsmasq.leases'),
    dnsmasqLog: path.join(dir, 'dnsmasq.log'),
    hostDir: (i) => path.join(dir, 'hosts', hostName(i)),
    base: (suite) => path.join(cache, `base-${checkSuite(suite)}`),
  };
}

/** What `lab up` records in LABDIR/state.json (read back by status/down/exec). */
export interface LabState {
  name: string;
  prefix: string;
  suite: string;
  bridge: string;
  createdAt: string;
}

/** Validates state.json's content (written by us, but a hand edit must not make down misbehave). */
export function parseState(text: string, file: string): LabState {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new LabError(`${file}: not valid JSON (${(e as Error).message})`);
  }
  const o = v as Record<string, unknown>;
  const str = (k: string) => {
    if (typeof o?.[k] !== 'string') throw new LabError(`${file}: "${k}" must be a string`);
    return o[k] as string;
  };
  const state: LabState = { name: checkLabName(str('name')), prefix: parseSubnet(str('prefix')), suite: checkSuite(str('suite')), bridge: str('bridge'), createdAt: str('createdAt') };
  if (state.bridge !== linkNames(state.name).bridge) throw new LabError(`${file}: bridge ${JSON.stringify(state.bridge)} does not belong to lab ${state.name}`);
  return state;
}
