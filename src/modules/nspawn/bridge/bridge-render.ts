/**
 * The configuration files of a bridge, generated (pure): the ifupdown stanza in
 * /etc/network/interfaces.d/NAME, the ports' own stanzas turned into `inet manual` (and out of
 * auto/allow-* lines) with every other line and comment kept, the `source` line that makes ifupdown
 * read interfaces.d; or the networkd .netdev/.network files. For state=absent, the port's stanza
 * gets the address back.
 */
import { parseInterfaces, renderInterfaces, splitLines, type IfLine } from '../interfaces/interfaces-parse.js';

export interface BridgeConfig {
  name: string;
  ports: string[];
  /** The MAC the bridge takes (its first port's). */
  mac: string;
  method: 'static' | 'dhcp';
  /** CIDR (static). */
  address?: string;
  gateway?: string;
  dns?: string[];
  stp: boolean;
  /** Seconds. */
  forwardDelay: number;
}

export const HEADER = '# Written by machinist (bridge module). Changes here are replaced on its next run.\n';

/** /etc/network/interfaces.d/NAME */
export function ifupdownStanza(c: BridgeConfig): string {
  const o = [
    `auto ${c.name}`,
    `iface ${c.name} inet ${c.method}`,
    `    bridge_ports ${c.ports.join(' ')}`,
    `    bridge_hw ${c.mac}`,
    `    bridge_stp ${c.stp ? 'on' : 'off'}`,
    `    bridge_fd ${c.forwardDelay}`,
  ];
  if (c.method === 'static') {
    o.push(`    address ${c.address}`);
    if (c.gateway) o.push(`    gateway ${c.gateway}`);
  }
  if (c.dns?.length) o.push(`    dns-nameservers ${c.dns.join(' ')}`);
  return HEADER + o.join('\n') + '\n';
}

/** The networkd files of the bridge: path (relative to /etc/systemd/network) → content. */
export function networkdFiles(c: BridgeConfig): Record<string, string> {
  const res: Record<string, string> = {};
  res[`${c.name}.netdev`] = `${HEADER}[NetDev]\nName=${c.name}\nKind=bridge\nMACAddress=${c.mac}\n\n[Bridge]\nSTP=${c.stp ? 'yes' : 'no'}\nForwardDelaySec=${c.forwardDelay}\n`;
  const net = [`${HEADER}[Match]`, `Name=${c.name}`, '', '[Network]'];
  if (c.method === 'dhcp') net.push('DHCP=ipv4');
  else {
    net.push(`Address=${c.address}`);
    if (c.gateway) net.push(`Gateway=${c.gateway}`);
  }
  for (const d of c.dns ?? []) net.push(`DNS=${d}`);
  net.push('ConfigureWithoutCarrier=yes');
  res[`${c.name}.network`] = net.join('\n') + '\n';
  for (const p of c.ports) res[`${c.name}-${p}.network`] = `${HEADER}[Match]\nName=${p}\n\n[Network]\nBridge=${c.name}\n`;
  return res;
}

/** Options of a stanza that configure an address (dropped when the port becomes `inet manual`). */
const ADDRESS_OPTIONS = new Set([
  'address', 'netmask', 'broadcast', 'network', 'gateway', 'metric', 'pointopoint', 'scope', 'hostname', 'leasehours',
  'leasetime', 'vendor', 'client', 'preferred-lifetime',
]);

function isAddressOption(o: string): boolean {
  return ADDRESS_OPTIONS.has(o) || o.startsWith('dns-');
}

/** Does this interfaces file make ifupdown read interfaces.d? */
export function sourcesInterfacesD(text: string): boolean {
  return splitLines(text).some((l) => /^\s*(source\s+(\/etc\/network\/)?interfaces\.d\/\*|source-directory\s+(\/etc\/network\/)?interfaces\.d\/?)\s*$/.test(l));
}

/** Remove `iface` from auto/allow-* lines (a line left without interfaces goes). */
function dropFromAuto(lines: IfLine[], iface: string): IfLine[] {
  const out: IfLine[] = [];
  for (const l of lines) {
    const m = /^(\s*)(auto|allow-[^\s]+)(\s.*?)?(\s*)$/.exec(l.line.replace(/\n$/, ''));
    if (l.type !== 'unknown' || !m) {
      out.push(l);
      continue;
    }
    const words = (m[3] ?? '').trim().split(/\s+/).filter(Boolean);
    if (!words.includes(iface)) {
      out.push(l);
      continue;
    }
    const rest = words.filter((w) => w !== iface);
    if (rest.length) out.push({ ...l, line: `${m[1]}${m[2]} ${rest.join(' ')}${l.line.endsWith('\n') ? '\n' : ''}` });
  }
  return out;
}

/** Does a stanza `iface NAME inet ...` exist in the text? */
export function hasInetStanza(text: string, iface: string): boolean {
  return parseInterfaces(text).some((l) => l.type === 'iface' && l.iface === iface && l.addressFamily === 'inet');
}

/** The method of the port's inet stanza (undefined: none). */
export function inetMethod(text: string, iface: string): string | undefined {
  const l = parseInterfaces(text).find((x) => x.type === 'iface' && x.iface === iface && x.addressFamily === 'inet');
  return l ? (l.method ?? undefined) : undefined;
}

/** Turn the port's inet stanza into `inet manual` without address options and out of auto lines. */
export function portManual(text: string, port: string): string {
  let lines = parseInterfaces(text);
  lines = lines.filter((l) => !(l.type === 'option' && l.iface === port && l.addressFamily === 'inet' && isAddressOption(l.option!)));
  lines = lines.map((l) => {
    if (l.type !== 'iface' || l.iface !== port || l.addressFamily !== 'inet' || l.method === 'manual') return l;
    const nl = l.line.endsWith('\n') ? '\n' : '';
    const indent = /^\s*/.exec(l.line)![0];
    return { ...l, method: 'manual', line: `${indent}iface ${port} inet manual${nl}` };
  });
  return renderInterfaces(dropFromAuto(lines, port));
}

/** Give the port its address back: stanza `inet static|dhcp` with address/gateway, and `auto PORT`. */
export function portConfigured(text: string, port: string, c: Pick<BridgeConfig, 'method' | 'address' | 'gateway' | 'dns'>): string {
  const opts: string[] = [];
  if (c.method === 'static') {
    opts.push(`address ${c.address}`);
    if (c.gateway) opts.push(`gateway ${c.gateway}`);
  }
  if (c.dns?.length) opts.push(`dns-nameservers ${c.dns.join(' ')}`);
  let lines = parseInterfaces(text).filter((l) => !(l.type === 'option' && l.iface === port && l.addressFamily === 'inet' && isAddressOption(l.option!)));
  const idx = lines.findIndex((l) => l.type === 'iface' && l.iface === port && l.addressFamily === 'inet');
  const hasAuto = lines.some((l) => l.type === 'unknown' && /^\s*(auto|allow-\S+)\s/.test(l.line) && l.line.trim().split(/\s+/).slice(1).includes(port));
  if (idx < 0) {
    const base = text === '' || text.endsWith('\n') ? text : text + '\n';
    return base + `\n${hasAuto ? '' : `auto ${port}\n`}iface ${port} inet ${c.method}\n` + opts.map((o) => `    ${o}\n`).join('');
  }
  const l = lines[idx];
  const indent = /^\s*/.exec(l.line)![0];
  const stanza: IfLine = { ...l, method: c.method, line: `${indent}iface ${port} inet ${c.method}\n` };
  const added: IfLine[] = opts.map((o) => ({ line: `${indent}    ${o}\n`, type: 'option', iface: port, addressFamily: 'inet', option: o.split(' ')[0], value: o.slice(o.indexOf(' ') + 1) }));
  lines = [...lines.slice(0, idx), ...(hasAuto ? [] : [{ line: `${indent}auto ${port}\n`, type: 'unknown' as const }]), stanza, ...added, ...lines.slice(idx + 1)];
  return renderInterfaces(lines);
}

/** Append the port's `iface PORT inet manual` stanza and the source line when missing. */
export function ensureManualAndSource(text: string, ports: string[], ensureSource: boolean): string {
  let out = text;
  const add = (s: string) => {
    if (out !== '' && !out.endsWith('\n')) out += '\n';
    out += s;
  };
  for (const p of ports) if (!hasInetStanza(out, p)) add(`\niface ${p} inet manual\n`);
  if (ensureSource && !sourcesInterfacesD(out)) add(`\nsource ${'/etc/network/interfaces.d/*'}\n`);
  return out;
}
