/**
 * The bridge module's decision (pure): from the probed host and the arguments, the configuration the
 * bridge gets, the files to write or delete, and — when the live network must change — the two `ip
 * -batch` scripts of the cut-over: forward (create the bridge, take the port's MAC, enslave the ports,
 * move addresses and routes in one step) and rollback (the exact reverse, back to what was probed).
 */
import * as path from 'node:path';
import { isIPv4, type BridgeArgs } from './bridge-args.js';
import { cidrs, defaultRoute, INTERFACES, INTERFACES_D, movableRoutes, NETWORKD_DIR, type BridgeProbe, type Route4 } from './bridge-state.js';
import {
  ensureManualAndSource, ifupdownStanza, inetMethod, networkdFiles, portConfigured, portManual, type BridgeConfig,
} from './bridge-render.js';
import { parseInterfaces } from './interfaces-parse.js';

export class BridgePlanError extends Error {}

/** A live network configuration: an optional bridge, and the link that holds the IPv4 config. */
export interface LiveNet {
  bridge?: { mac: string; stp: boolean; forwardDelay: number; ports: string[] };
  holder: string;
  /** Static addresses (CIDR); empty when a DHCP client configures the holder. */
  addrs: string[];
  routes: Route4[];
  dhcp: boolean;
}

export interface FileChange {
  path: string;
  before?: string;
  /** undefined: delete the file. */
  after?: string;
}

export interface BridgeDecision {
  changed: boolean;
  /** The live network differs from what is wanted (a cut-over runs). */
  live: boolean;
  from: LiveNet;
  to: LiveNet;
  files: FileChange[];
  forward: string[];
  rollback: string[];
  /** Where the gateway check runs after the move, and which gateway (empty: none known, e.g. DHCP). */
  checkDev: string;
  gateway?: string;
  networkd: boolean;
  result: Record<string, unknown>;
  warnings: string[];
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

function sameSet(a: string[], b: string[]): boolean {
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
  const members = Object.values(p.links).filter((l) => l.master === name).map((l) => l.name);
  const bridge = br ? { mac: br.mac, stp: (br.stp ?? 0) !== 0, forwardDelay: Math.round((br.forwardDelay ?? 0) / 100), ports: members } : undefined;
  const candidates = [name, ...ports, ...members].filter((n) => p.links[n]);
  const viaDefault = defaultRoute(p.routes)?.dev;
  const holder =
    candidates.find((n) => p.links[n].addrs.length > 0 && n === viaDefault) ?? candidates.find((n) => p.links[n].addrs.length > 0) ?? (br ? name : ports[0]);
  return { bridge, holder, addrs: dhcpHolder ? [] : cidrs(p.links[holder]), routes: dhcpHolder ? [] : movableRoutes(p.routes, holder), dhcp: dhcpHolder };
}

/** Text of a file the probe read ('' when absent). */
function fileText(p: BridgeProbe, f: string): string | undefined {
  return p.files[f];
}

function stanzaFiles(p: BridgeProbe, name: string): string[] {
  return Object.keys(p.files).filter((f) => f === INTERFACES || (path.posix.dirname(f) === INTERFACES_D && path.posix.basename(f) !== name));
}

/** The method of `iface` in any ifupdown file (first found). */
function methodOf(p: BridgeProbe, iface: string, files: string[]): string | undefined {
  for (const f of files) {
    try {
      const m = inetMethod(p.files[f], iface);
      if (m) return m;
    } catch {
      /* an unparsable file is reported when it is edited */
    }
  }
  return undefined;
}

function parseOrFail(f: string, text: string): void {
  try {
    parseInterfaces(text);
  } catch (e) {
    throw new BridgePlanError(`cannot read ${f}: ${(e as Error).message}`);
  }
}

/** Decide everything. Throws BridgePlanError with a clear message on a host this cannot handle. */
export function decideBridge(a: BridgeArgs, p: BridgeProbe): BridgeDecision {
  const name = a.name;
  const warnings: string[] = [];
  const own = `${INTERFACES_D}/${name}`;
  const ifFiles = stanzaFiles(p, name);
  for (const f of ifFiles) parseOrFail(f, p.files[f]);
  for (const f of ifFiles) {
    if (parseInterfaces(p.files[f]).some((l) => l.type === 'iface' && l.iface === name)) {
      throw new BridgePlanError(`${name} is already configured in ${f} (not written by this module): remove that stanza first, or use another bridge name`);
    }
  }
  const br = p.links[name];
  if (br && br.kind !== 'bridge') throw new BridgePlanError(`${name} exists and is a ${br.kind ?? 'plain'} interface, not a bridge`);
  const members = Object.values(p.links).filter((l) => l.master === name).map((l) => l.name);
  const ownFile = fileText(p, own);
  const fileIsDhcp = ownFile !== undefined && /^\s*iface\s+\S+\s+inet\s+dhcp\s*$/m.test(ownFile);
  const filePorts = /^\s*bridge_ports\s+(.+)$/m.exec(ownFile ?? '')?.[1].trim().split(/\s+/);
  const dflt = defaultRoute(p.routes);

  let ports = a.ports;
  if (!ports) {
    if (members.length) ports = members;
    else if (filePorts?.length && a.state === 'absent') ports = filePorts;
    else if (dflt && dflt.dev !== name) ports = [dflt.dev];
    else if (a.state === 'absent') ports = [];
    else throw new BridgePlanError('no default route on this host: say which interface(s) to put on the bridge with ports');
  }
  for (const port of ports) {
    const l = p.links[port];
    if (!l && a.state === 'present') throw new BridgePlanError(`the port ${port} does not exist on this host`);
    if (l?.kind === 'bridge') throw new BridgePlanError(`the port ${port} is itself a bridge`);
    if (l?.master && l.master !== name) throw new BridgePlanError(`the port ${port} is already a port of ${l.master}`);
  }
  const absent = a.state === 'absent';
  if (absent && !br && ownFile === undefined && !networkdPresent(p, name)) {
    return noChange(a, ports, p, warnings);
  }
  const primary = ports[0];
  const dhcpNow = br ? fileIsDhcp : primary !== undefined && methodOf(p, primary, ifFiles) === 'dhcp';
  const from = currentNet(p, name, ports, false);
  if (absent && !primary) throw new BridgePlanError(`${name} has no ports: say with ports which interface gets the address back`);

  // the wanted live network
  let to: LiveNet;
  let cfg: BridgeConfig | undefined;
  const wantDhcp = a.address === 'dhcp' || (a.address === 'keep' && absent && fileIsDhcp);
  const keepRoutes = from.routes;
  const routesTo = (): Route4[] =>
    a.address === 'static'
      ? [...keepRoutes.filter((r) => r.dst !== 'default'), ...(a.gateway ? [{ dst: 'default', gateway: a.gateway, dev: '', onlink: true }] : [])]
      : wantDhcp
        ? []
        : keepRoutes;
  const addrsTo = a.address === 'static' ? [a.ipv4_address!] : wantDhcp ? [] : from.addrs;
  if (a.address === 'keep' && !wantDhcp && from.addrs.length === 0) {
    warnings.push(`${from.holder} has no IPv4 address to keep: the bridge gets none (use address: dhcp or static)`);
  }
  if (a.address === 'keep' && from.addrs.length > 1) {
    warnings.push(`${from.holder} has ${from.addrs.length} IPv4 addresses: all move live, the configuration file keeps only ${from.addrs[0]}`);
  }
  if (!absent) {
    const mac = p.links[primary].mac;
    to = { bridge: { mac, stp: a.stp, forwardDelay: a.forward_delay, ports }, holder: name, addrs: addrsTo, routes: routesTo(), dhcp: wantDhcp };
    cfg = {
      name, ports, mac, method: wantDhcp ? 'dhcp' : 'static', stp: a.stp, forwardDelay: a.forward_delay,
      ...(addrsTo[0] ? { address: addrsTo[0] } : {}),
      ...(defaultGw(to.routes) ? { gateway: defaultGw(to.routes) } : {}),
      ...(a.dns ? { dns: a.dns } : {}),
    };
  } else {
    to = { holder: primary, addrs: addrsTo, routes: routesTo(), dhcp: wantDhcp };
  }
  from.dhcp = dhcpNow;

  // files
  const files: FileChange[] = [];
  const change = (f: string, after: string | undefined) => {
    const before = p.files[f];
    if (before !== after) files.push({ path: f, ...(before !== undefined ? { before } : {}), ...(after !== undefined ? { after } : {}) });
  };
  const nd = cfg ? networkdFiles(cfg) : {};
  const ndExisting = Object.keys(p.files).filter((f) => isNetworkdFileOf(f, name));
  if (!absent && a.backend === 'ifupdown') {
    change(own, ifupdownStanza(cfg!));
    for (const f of ndExisting) change(f, undefined);
  } else {
    if (ownFile !== undefined) change(own, undefined);
    for (const f of ndExisting) if (!(path.posix.basename(f) in nd)) change(f, undefined);
    for (const [f, c] of Object.entries(nd)) change(`${NETWORKD_DIR}/${f}`, c);
  }
  const main = p.files[INTERFACES];
  const portConf = { method: wantDhcp ? ('dhcp' as const) : ('static' as const), address: addrsTo[0], gateway: defaultGw(to.routes), dns: a.dns };
  // absent: the port's address goes where its stanza is (a second stanza elsewhere would clash)
  const portFile = absent ? (ifFiles.find((f) => hasStanza(p.files[f], primary)) ?? INTERFACES) : undefined;
  for (const f of ifFiles) {
    let t = p.files[f];
    if (!absent) for (const port of ports) t = portManual(t, port);
    else if (f === portFile) t = portConfigured(t, primary, portConf);
    if (!absent && f === INTERFACES) {
      const elsewhere = (x: string) => ifFiles.some((g) => g !== INTERFACES && hasStanza(p.files[g], x));
      t = ensureManualAndSource(t, ports.filter((x) => !elsewhere(x)), a.backend === 'ifupdown');
    }
    change(f, t);
  }
  if (main === undefined) {
    if (!absent && a.backend === 'ifupdown') change(INTERFACES, ensureManualAndSource('', ports, true));
    else if (absent && p.ifup && portFile === INTERFACES) change(INTERFACES, portConfigured('', primary, portConf));
  }
  if (absent && !p.ifup) warnings.push(`ifupdown is not installed: ${primary} gets its address back live only, no configuration file keeps it`);

  const live = !liveMatches(p, name, from, to);
  const networkd = !absent && a.backend === 'networkd';
  const needNetworkd = networkd && !p.networkdEnabled;
  const changed = live || files.length > 0 || needNetworkd;
  const forward = live ? transitionBatch(name, from, to) : [];
  const rollback = live ? transitionBatch(name, to, { ...from }) : [];
  const result = resultOf(a, ports, to, cfg?.mac ?? p.links[primary]?.mac);
  return { changed, live: live || needNetworkd, from, to, files, forward, rollback, checkDev: to.holder, gateway: defaultGw(to.routes), networkd, result, warnings };
}

function hasStanza(text: string | undefined, iface: string): boolean {
  try {
    return text !== undefined && parseInterfaces(text).some((l) => l.type === 'iface' && l.iface === iface && l.addressFamily === 'inet');
  } catch {
    return false;
  }
}

function defaultGw(routes: Route4[]): string | undefined {
  return routes.find((r) => r.dst === 'default')?.gateway;
}

function isNetworkdFileOf(f: string, name: string): boolean {
  const b = path.posix.basename(f);
  return path.posix.dirname(f) === NETWORKD_DIR && (b === `${name}.netdev` || b === `${name}.network` || (b.startsWith(`${name}-`) && b.endsWith('.network')));
}

function networkdPresent(p: BridgeProbe, name: string): boolean {
  return Object.keys(p.files).some((f) => isNetworkdFileOf(f, name));
}

function noChange(a: BridgeArgs, ports: string[], p: BridgeProbe, warnings: string[]): BridgeDecision {
  const holder = ports[0] ?? defaultRoute(p.routes)?.dev ?? '';
  const net: LiveNet = { holder, addrs: cidrs(p.links[holder]), routes: [], dhcp: false };
  return { changed: false, live: false, from: net, to: net, files: [], forward: [], rollback: [], checkDev: holder, networkd: false, result: resultOf(a, ports, net, p.links[holder]?.mac), warnings };
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

function resultOf(a: BridgeArgs, ports: string[], to: LiveNet, mac: string | undefined): Record<string, unknown> {
  return {
    name: a.name,
    state: a.state,
    backend: a.backend,
    ports,
    ...(mac ? { mac } : {}),
    address: to.dhcp ? 'dhcp' : (to.addrs[0] ?? null),
    gateway: defaultGw(to.routes) ?? null,
  };
}
