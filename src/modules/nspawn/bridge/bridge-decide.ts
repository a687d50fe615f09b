/**
 * The bridge module's decision (pure): from the probed host and the arguments, the configuration the
 * bridge gets, the files to write or delete, and — when the live network must change — the two `ip
 * -batch` scripts of the cut-over: forward (create the bridge, take the port's MAC, enslave the ports,
 * move addresses and routes in one step) and rollback (the exact reverse, back to what was probed).
 */
import * as path from 'node:path';
import type { BridgeArgs } from './bridge-args.js';
import { bridgeMembers, cidrs, defaultRoute, INTERFACES, INTERFACES_D, NETWORKD_DIR, type BridgeProbe, type Route4 } from './bridge-state.js';
import { currentNet, liveMatches, transitionBatch, type LiveNet } from './bridge-live.js';
import {
  ensureManualAndSource, ifupdownStanza, inetMethod, networkdFiles, portConfigured, portManual, type BridgeConfig,
} from './bridge-render.js';
import { parseInterfaces } from '../interfaces/interfaces-parse.js';

export { routeLine, transitionBatch, type LiveNet } from './bridge-live.js';

export class BridgePlanError extends Error {}

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
  const members = bridgeMembers(p, name);
  const ownFile = fileText(p, own);
  const fileIsDhcp = ownFile !== undefined && /^\s*iface\s+\S+\s+inet\s+dhcp\s*$/m.test(ownFile);
  const filePorts = /^\s*bridge_ports\s+(.+)$/m.exec(ownFile ?? '')?.[1].trim().split(/\s+/);
  const dflt = defaultRoute(p.routes);

  let ports = a.ports;
  if (!ports) {
    if (members.length) ports = members;
    else if (filePorts?.length && a.state === 'absent') ports = filePorts;
    else if (dflt && dflt.dev !== name) ports = [dflt.dev];
    else if (dflt && a.state === 'present') throw new BridgePlanError(`${name} carries the default route but has no ports: say which interface(s) with ports`);
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
  // keep: the current method too — a port (or bridge) configured by DHCP stays on DHCP, a static one keeps its address
  const wantDhcp = a.address === 'dhcp' || (a.address === 'keep' && dhcpNow);
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
