/**
 * Network facts from `ip -o addr`, `ip route show default` (or /proc/net/route without iproute2) and
 * /sys/class/net: default_ipv4/6, all_ipv4/6_addresses, interfaces and one fact per interface.
 */
import { lines, type Sections } from './sections.js';

interface V4 { address: string; broadcast?: string; netmask: string; network: string; prefix: string }
interface V6 { address: string; prefix: string; scope: string }
interface Iface {
  device: string;
  active: boolean;
  macaddress?: string;
  mtu?: number;
  type: string;
  ipv4?: V4;
  ipv4_secondaries?: V4[];
  ipv6?: V6[];
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((a, b) => (a << 8) + Number(b), 0) >>> 0;
}
function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => (n >>> s) & 255).join('.');
}

/** netmask and network of an IPv4 address with a prefix length. */
export function v4Info(address: string, prefix: number, broadcast?: string): V4 {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const info: V4 = { address, netmask: intToIp(mask), network: intToIp((ipToInt(address) & mask) >>> 0), prefix: String(prefix) };
  if (broadcast) info.broadcast = broadcast;
  return info;
}

const LINK_TYPES: Record<string, string> = { '1': 'ether', '772': 'loopback', '65534': 'tunnel', '768': 'tunnel', '776': 'tunnel6' };

/** Interfaces from the links section (name mac mtu operstate type kind). */
function parseLinks(s: Sections): Map<string, Iface> {
  const out = new Map<string, Iface>();
  for (const l of lines(s, 'links')) {
    const [name, mac, mtu, oper, type, kind] = l.trim().split(/\s+/);
    if (!name) continue;
    const i: Iface = { device: name, active: oper !== 'down', type: kind && kind !== '-' ? kind : (LINK_TYPES[type] ?? 'unknown') };
    if (mac && mac !== '-') i.macaddress = mac;
    if (mtu && mtu !== '-') i.mtu = Number(mtu);
    out.set(name, i);
  }
  return out;
}

/** Apply `ip -o addr show` lines to the interfaces. */
function applyAddrs(s: Sections, ifaces: Map<string, Iface>): void {
  for (const l of lines(s, 'addr')) {
    const m = /^\d+:\s+(\S+?)(?:@\S+)?\s+(inet6?)\s+(\S+)\/(\d+)(.*)$/.exec(l);
    if (!m) continue;
    const [, dev, fam, address, prefix, rest] = m;
    let i = ifaces.get(dev);
    if (!i) {
      i = { device: dev, active: true, type: 'unknown' };
      ifaces.set(dev, i);
    }
    if (fam === 'inet') {
      const info = v4Info(address, Number(prefix), /\bbrd (\S+)/.exec(rest)?.[1]);
      if (!i.ipv4) i.ipv4 = info;
      else (i.ipv4_secondaries ??= []).push(info);
    } else {
      (i.ipv6 ??= []).push({ address, prefix, scope: /\bscope (\S+)/.exec(rest)?.[1] ?? 'global' });
    }
  }
}

interface Route { gateway?: string; interface?: string; src?: string }

export function parseDefaultRoute(line: string | undefined): Route | undefined {
  if (!line || !/^default\b/.test(line)) return undefined;
  return { gateway: /\bvia (\S+)/.exec(line)?.[1], interface: /\bdev (\S+)/.exec(line)?.[1], src: /\bsrc (\S+)/.exec(line)?.[1] };
}

/** Default IPv4 route from /proc/net/route (hosts without iproute2). */
export function procDefaultRoute(s: Sections): Route | undefined {
  for (const l of lines(s, 'proc_route').slice(1)) {
    const [iface, dest, gw] = l.trim().split(/\s+/);
    if (dest !== '00000000' || !gw) continue;
    const n = parseInt(gw, 16);
    return { interface: iface, gateway: [0, 8, 16, 24].map((sh) => (n >>> sh) & 255).join('.') };
  }
  return undefined;
}

function defaultFacts(route: Route | undefined, ifaces: Map<string, Iface>, v6: boolean): Record<string, unknown> {
  if (!route?.interface) return {};
  const i = ifaces.get(route.interface);
  const out: Record<string, unknown> = { interface: route.interface };
  if (route.gateway) out.gateway = route.gateway;
  if (!v6 && i?.ipv4) {
    const all = [i.ipv4, ...(i.ipv4_secondaries ?? [])];
    Object.assign(out, all.find((a) => a.address === route.src) ?? i.ipv4);
  }
  if (v6 && i?.ipv6) {
    const g = i.ipv6.find((a) => a.address === route.src) ?? i.ipv6.find((a) => a.scope === 'global') ?? i.ipv6[0];
    Object.assign(out, g);
  }
  if (i?.macaddress) out.macaddress = i.macaddress;
  if (i?.mtu !== undefined) out.mtu = i.mtu;
  if (i) out.type = i.type;
  return out;
}

/** Key of an interface's own fact (ansible_eth0): characters other than [A-Za-z0-9_] become _. */
export function interfaceFactName(dev: string): string {
  return dev.replace(/[^A-Za-z0-9_]/g, '_');
}

export function networkFacts(s: Sections): Record<string, unknown> {
  const ifaces = parseLinks(s);
  applyAddrs(s, ifaces);
  const r4 = s.has('proc_route') ? procDefaultRoute(s) : parseDefaultRoute(lines(s, 'route4')[0]);
  const r6 = parseDefaultRoute(lines(s, 'route6')[0]);
  const facts: Record<string, unknown> = {
    interfaces: [...ifaces.keys()].sort(),
    default_ipv4: defaultFacts(r4, ifaces, false),
    default_ipv6: defaultFacts(r6, ifaces, true),
  };
  if (s.has('addr')) {
    const all = [...ifaces.values()];
    facts.all_ipv4_addresses = all.flatMap((i) => (i.ipv4 ? [i.ipv4, ...(i.ipv4_secondaries ?? [])] : [])).map((a) => a.address).filter((a) => !a.startsWith('127.'));
    facts.all_ipv6_addresses = all.flatMap((i) => i.ipv6 ?? []).map((a) => a.address).filter((a) => a !== '::1');
  }
  for (const i of ifaces.values()) facts[interfaceFactName(i.device)] = i;
  return facts;
}
