/**
 * What the bridge module reads, in ONE round trip: `ip -j addr`, `ip -j -4 route`, `ip -j -d link`,
 * the ifupdown and networkd files it may touch, which tools the host has (ifup, the bridge-utils
 * hook, systemd, networkd), and the state of a previous cut-over. The parsing is pure and is tested
 * on output captured from a lab host.
 */
import { sh } from '../../../util/quote.js';
import { sectionMark, sections } from '../../../util/sections.js';

export const INTERFACES = '/etc/network/interfaces';
export const INTERFACES_D = '/etc/network/interfaces.d';
export const NETWORKD_DIR = '/etc/systemd/network';
export const CUTOVER_ROOT = '/run/machinist';

export function cutoverDir(name: string): string {
  return `${CUTOVER_ROOT}/bridge-${name}`;
}

export function cutoverUnit(name: string): string {
  return `machinist-bridge-${name}`;
}

export interface Addr4 {
  local: string;
  prefixlen: number;
}

export interface LinkState {
  name: string;
  mac: string;
  up: boolean;
  master?: string;
  kind?: string;
  /** Bridges: STP on/off and the forward delay in centiseconds (as the kernel reports it). */
  stp?: number;
  forwardDelay?: number;
  /** IPv4 addresses of global scope. */
  addrs: Addr4[];
}

export interface Route4 {
  dst: string;
  gateway?: string;
  dev: string;
  metric?: number;
  onlink?: boolean;
  protocol?: string;
  prefsrc?: string;
  scope?: string;
}

export interface BridgeProbe {
  links: Record<string, LinkState>;
  routes: Route4[];
  /** Files read (path → content) among /etc/network/interfaces, interfaces.d/*, the networkd files. */
  files: Record<string, string>;
  ifup: boolean;
  bridgeUtils: boolean;
  systemd: boolean;
  networkdEnabled: boolean;
  /** A cut-over unit of this bridge is still running. */
  cutoverActive: boolean;
}

/** The probe script (names were validated; they are quoted anyway). */
export function bridgeProbeScript(name: string): string {
  return [
    sectionMark('addr'),
    'ip -j addr',
    sectionMark('route'),
    'ip -j -4 route show table main',
    sectionMark('link'),
    'ip -j -d link',
    sectionMark('files'),
    sh`_n=${name}`,
    `for _f in ${INTERFACES} ${INTERFACES_D}/* "${NETWORKD_DIR}/$_n.netdev" "${NETWORKD_DIR}/$_n.network" ${NETWORKD_DIR}/"$_n"-*.network; do`,
    `  if [ -f "$_f" ]; then printf 'F %s %s\\n' "$(printf %s "$_f" | base64 -w0)" "$(base64 -w0 < "$_f")"; fi`,
    'done',
    sectionMark('tools'),
    'command -v ifup >/dev/null 2>&1 && echo ifup',
    '[ -e /etc/network/if-pre-up.d/bridge ] && [ -e /lib/bridge-utils/ifupdown.sh ] && echo bridge-utils',
    '[ -d /run/systemd/system ] && echo systemd',
    // file tests instead of systemctl (which costs ~10 ms a call): the link `enable` makes, the transient unit file
    '[ -L /etc/systemd/system/multi-user.target.wants/systemd-networkd.service ] && echo networkd-enabled',
    // the transient unit can stay loaded after its script ended (seen when systemd fails to clean
    // its cgroup): only an active one means a cut-over is under way
    sh`[ -e ${'/run/systemd/transient/' + cutoverUnit(name) + '.service'} ] && systemctl is-active --quiet ${cutoverUnit(name) + '.service'} && echo cutover-active`,
    'true',
  ].join('\n') + '\n';
}

/** Parse the probe's output. Throws on output that is not JSON where JSON is expected. */
export function parseBridgeProbe(out: string): BridgeProbe {
  const s = sections(out);
  const links: Record<string, LinkState> = {};
  for (const l of JSON.parse(s.link || '[]') as Record<string, unknown>[]) {
    const info = l.linkinfo as { info_kind?: string; info_data?: Record<string, unknown> } | undefined;
    const flags = (l.flags as string[] | undefined) ?? [];
    links[String(l.ifname)] = {
      name: String(l.ifname),
      mac: String(l.address ?? ''),
      up: flags.includes('UP'),
      ...(l.master ? { master: String(l.master) } : {}),
      ...(info?.info_kind ? { kind: info.info_kind } : {}),
      ...(info?.info_kind === 'bridge' ? { stp: Number(info.info_data?.stp_state ?? 0), forwardDelay: Number(info.info_data?.forward_delay ?? 0) } : {}),
      addrs: [],
    };
  }
  for (const a of JSON.parse(s.addr || '[]') as { ifname: string; addr_info?: Record<string, unknown>[] }[]) {
    const link = links[a.ifname];
    if (!link) continue;
    for (const ai of a.addr_info ?? []) {
      if (ai.family === 'inet' && ai.scope === 'global') link.addrs.push({ local: String(ai.local), prefixlen: Number(ai.prefixlen) });
    }
  }
  const routes: Route4[] = (JSON.parse(s.route || '[]') as Record<string, unknown>[]).map((r) => ({
    dst: String(r.dst),
    dev: String(r.dev),
    ...(r.gateway ? { gateway: String(r.gateway) } : {}),
    ...(r.metric !== undefined ? { metric: Number(r.metric) } : {}),
    ...(((r.flags as string[] | undefined) ?? []).includes('onlink') ? { onlink: true } : {}),
    ...(r.protocol ? { protocol: String(r.protocol) } : {}),
    ...(r.prefsrc ? { prefsrc: String(r.prefsrc) } : {}),
    ...(r.scope ? { scope: String(r.scope) } : {}),
  }));
  const files: Record<string, string> = {};
  for (const line of (s.files ?? '').split('\n')) {
    const m = /^F (\S+) ?(\S*)$/.exec(line);
    if (m) files[Buffer.from(m[1], 'base64').toString('utf8')] = Buffer.from(m[2], 'base64').toString('utf8');
  }
  const tools = new Set((s.tools ?? '').split('\n').map((x) => x.trim()));
  return {
    links,
    routes,
    files,
    ifup: tools.has('ifup'),
    bridgeUtils: tools.has('bridge-utils'),
    systemd: tools.has('systemd'),
    networkdEnabled: tools.has('networkd-enabled'),
    cutoverActive: tools.has('cutover-active'),
  };
}

/** The address a link holds as CIDR strings. */
export function cidrs(l: LinkState | undefined): string[] {
  return (l?.addrs ?? []).map((a) => `${a.local}/${a.prefixlen}`);
}

/** Routes the kernel did not add by itself (the ones that must move with the address). */
export function movableRoutes(routes: Route4[], dev: string): Route4[] {
  return routes.filter((r) => r.dev === dev && r.protocol !== 'kernel');
}

export function defaultRoute(routes: Route4[]): Route4 | undefined {
  return routes.find((r) => r.dst === 'default');
}

/**
 * The ports of bridge `name` as configured: its members, without the host sides of nspawn's veth
 * links (vb-NAME for Bridge=, ve-/vz- for the others), which join and leave as guests start and stop.
 */
export function bridgeMembers(p: Pick<BridgeProbe, 'links'>, name: string): string[] {
  return Object.values(p.links)
    .filter((l) => l.master === name && !/^v[bez]-/.test(l.name))
    .map((l) => l.name);
}
