/**
 * The live network of a bridge cut-over (pure): which link holds the IPv4 configuration, whether a
 * DHCP client provides it, the bridge and its ports; the `ip -batch` lines that turn one such state
 * into another (used both ways: forward and rollback), and whether the probed host already is in the
 * wanted state. Route fields from the host are checked before they are written into a batch.
 */
import { isIPv4 } from './bridge-args.js';
import { bridgeMembers, cidrs, defaultRoute, movableRoutes, type BridgeProbe, type Route4 } from './bridge-state.js';

/** A live network configuration: an optional bridge, and the link that holds the IPv4 config. */
export interface LiveNet {
  bridge?: { mac: string; stp: boolean; forwardDelay: number; ports: string[] };
  holder: string;
  /** Static addresses (CIDR); empty when a DHCP client configures the holder. */
  addrs: string[];
  routes: Route4[];
  dhcp: boolean;
}

const ROUTE_DST = /^(default|\d{1,3}(\.\d{1,3}){3}(\/\d{1,2})?)$/;

/** A route as words of an `ip route replace` line on `dev` (undefined when a field looks unsafe). */
export function routeLine(r: Route4, dev: string): string | undefined {
  if (!ROUTE_DST.test(r.dst) || (r.gateway && !isIPv4(r.gateway)) || (r.prefsrc && !isIPv4(r.prefsrc))) return undefined;
  if (r.protocol && !/^[a-z0-9_]+$/.test(r.protocol)) return undefined;
  const w = ['route replace', r.dst];
  if (r.gateway) w.push('via', r.gateway);
  w.push('dev', dev);
  if (r.protocol) w.push('proto', r.protocol);
  if (r.metric !== undefined) w.push('metric', String(Math.trunc(r.metric)));
  if (r.prefsrc) w.push('src', r.prefsrc);
  if (r.onlink) w.push('onlink');
  return w.join(' ');
}

export function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/** The `ip -batch` lines that turn the live network `from` into `to` (bridge named `name`). */
export function transitionBatch(name: string, from: LiveNet, to: LiveNet): string[] {
  const b: string[] = [];
  if (to.bridge) {
    const t = to.bridge;
    const kind = `type bridge stp_state ${t.stp ? 1 : 0} forward_delay ${t.forwardDelay * 100}`;
    b.push(from.bridge ? `link set dev ${name} ${kind}` : `link add name ${name} ${kind}`);
    b.push(`link set dev ${name} address ${t.mac}`);
    for (const p of from.bridge?.ports ?? []) if (!t.ports.includes(p)) b.push(`link set dev ${p} nomaster`);
    for (const p of t.ports) b.push(`link set dev ${p} master ${name}`, `link set dev ${p} up`);
    b.push(`link set dev ${name} up`);
  } else if (from.bridge) {
    for (const p of from.bridge.ports) b.push(`link set dev ${p} nomaster`);
  }
  const same = from.holder === to.holder;
  if (!same || !sameSet(from.addrs, to.addrs) || from.dhcp !== to.dhcp) {
    b.push(`route flush dev ${from.holder}`, `address flush dev ${from.holder} scope global`);
  }
  if (from.bridge && !to.bridge) b.push(`link del dev ${name}`);
  if (!(to.bridge && to.holder === name)) b.push(`link set dev ${to.holder} up`);
  for (const a of to.addrs) b.push(`address replace ${a} dev ${to.holder}`);
  for (const r of to.routes) {
    const l = routeLine(r, to.holder);
    if (l) b.push(l);
  }
  return b;
}

/** The current live network as seen by the probe. */
export function currentNet(p: BridgeProbe, name: string, ports: string[], dhcpHolder: boolean): LiveNet {
  const br = p.links[name];
  const members = bridgeMembers(p, name);
  const bridge = br ? { mac: br.mac, stp: (br.stp ?? 0) !== 0, forwardDelay: Math.round((br.forwardDelay ?? 0) / 100), ports: members } : undefined;
  const candidates = [name, ...ports, ...members].filter((n) => p.links[n]);
  const viaDefault = defaultRoute(p.routes)?.dev;
  const holder =
    candidates.find((n) => p.links[n].addrs.length > 0 && n === viaDefault) ?? candidates.find((n) => p.links[n].addrs.length > 0) ?? (br ? name : ports[0]);
  return { bridge, holder, addrs: dhcpHolder ? [] : cidrs(p.links[holder]), routes: dhcpHolder ? [] : movableRoutes(p.routes, holder), dhcp: dhcpHolder };
}

/** Is the live network already `to`? */
export function liveMatches(p: BridgeProbe, name: string, from: LiveNet, to: LiveNet): boolean {
  const br = p.links[name];
  if (to.bridge) {
    const t = to.bridge;
    if (!br || !br.up || br.mac.toLowerCase() !== t.mac.toLowerCase()) return false;
    if ((br.stp ?? 0) !== (t.stp ? 1 : 0) || (br.forwardDelay ?? 0) !== t.forwardDelay * 100) return false;
    if (!sameSet(from.bridge?.ports ?? [], t.ports)) return false;
    if (t.ports.some((x) => !p.links[x]?.up || p.links[x].addrs.length > 0)) return false;
  } else if (br) return false;
  const h = p.links[to.holder];
  if (!h || !h.up || from.holder !== to.holder) return false;
  if (to.dhcp) return h.addrs.length > 0;
  if (!sameSet(cidrs(h), to.addrs)) return false;
  return to.routes.every((r) => p.routes.some((x) => x.dev === to.holder && x.dst === r.dst && x.gateway === r.gateway));
}
