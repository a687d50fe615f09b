/**
 * The text of a `.nspawn` file from the validated sections (pure, deterministic: sections and keys in
 * a fixed order, so an unchanged task renders the same bytes), and the rule for VirtualEthernet=.
 *
 * The override trap (systemd.nspawn(5), systemd-nspawn@.service): the unit runs systemd-nspawn with
 * `--network-veth -U --settings=override`; a .nspawn file that sets any [Network] key replaces the
 * command line's network settings as a whole, so a file with e.g. only Bridge= or Port= but no
 * VirtualEthernet= can leave the machine without its veth link. Whenever [Network] has a key,
 * VirtualEthernet= is therefore written explicitly.
 */
import type { ExecSettings, FilesSettings, NetworkSettings } from './settings-schema.js';
import { lineProblem } from './settings-values.js';

export const MANAGED_HEADER = '# Managed by machinist: changes made here are overwritten on the next run.';

const TRAP_COMMENT = [
  '# VirtualEthernet= is written explicitly: systemd-nspawn@.service starts the machine with',
  '# --network-veth --settings=override, and any [Network] key in this file replaces the command',
  "# line's network settings as a whole; without VirtualEthernet= the veth link could be dropped.",
];

/** Keys that need the veth link (Bridge= and Zone= put its host side on a bridge). */
const NEEDS_VETH = ['Bridge', 'Zone', 'Port', 'VirtualEthernetExtra'] as const;
/** Keys that imply a private network namespace. */
const NEEDS_PRIVATE = ['VirtualEthernet', 'VirtualEthernetExtra', 'Interface', 'MACVLAN', 'IPVLAN', 'Bridge', 'Zone', 'Port'] as const;

type Net = Partial<Record<keyof NetworkSettings, unknown>>;

/** Contradictions inside [Network] (each a message), refused before anything is written. */
export function networkConflicts(n: Net): string[] {
  const out: string[] = [];
  const veth = n.VirtualEthernet ?? (n.Private === 'no' ? 'no' : 'yes');
  const needing = NEEDS_VETH.filter((k) => n[k] !== undefined);
  if (veth === 'no' && needing.length > 0) {
    out.push(`${needing.join(', ')} need${needing.length === 1 ? 's' : ''} the virtual Ethernet link, but VirtualEthernet is no${n.VirtualEthernet === undefined ? ' (Private is no)' : ''}`);
  }
  if (n.Private === 'no') {
    const priv = NEEDS_PRIVATE.filter((k) => n[k] !== undefined && !(k === 'VirtualEthernet' && n[k] === 'no'));
    if (priv.length > 0) out.push(`${priv.join(', ')} ${priv.length === 1 ? 'implies' : 'imply'} a private network (Private=yes), but Private is no`);
  }
  if (n.Bridge !== undefined && n.Zone !== undefined) out.push('Bridge and Zone cannot both be set (each puts the host side of the veth link on a bridge)');
  return out;
}

/** The VirtualEthernet= value written with a [Network] section: the user's, else yes unless Private=no. */
export function virtualEthernetFor(n: Net): 'yes' | 'no' {
  const set = n.VirtualEthernet;
  if (set === 'yes' || set === 'no') return set;
  return n.Private === 'no' ? 'no' : 'yes';
}

export interface Settings {
  exec?: ExecSettings;
  files?: FilesSettings;
  network?: NetworkSettings;
}

function lines(key: string, value: unknown): string[] {
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value.map(String) : [String(value)];
  for (const x of values) {
    const e = lineProblem(x);
    if (e) throw new Error(`${key}=: ${e}`);
  }
  return values.map((x) => `${key}=${x}`);
}

function sectionText(title: string, body: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, val] of Object.entries(body)) out.push(...lines(k, val));
  return out.length ? ['', `[${title}]`, ...out] : [];
}

/** Keys in the schema's order (zod objects keep the shape's order; user order does not matter). */
function ordered<T extends object>(values: T, order: readonly string[]): Record<string, unknown> {
  const o = values as Record<string, unknown>;
  return Object.fromEntries(order.filter((k) => o[k] !== undefined).map((k) => [k, o[k]]));
}

/** The file's text. `order` gives each section's key order (the schema shapes' keys). */
export function renderSettings(s: Settings, order: { exec: readonly string[]; files: readonly string[]; network: readonly string[] }): string {
  const out: string[] = [MANAGED_HEADER];
  const net = s.network && Object.keys(s.network).length > 0 ? { ...s.network, VirtualEthernet: virtualEthernetFor(s.network) } : undefined;
  if (net) out.push(...TRAP_COMMENT);
  if (s.exec) out.push(...sectionText('Exec', ordered(s.exec, order.exec)));
  if (s.files) out.push(...sectionText('Files', ordered(s.files, order.files)));
  if (net) out.push(...sectionText('Network', ordered(net, order.network)));
  return out.join('\n') + '\n';
}

/** The PrivateUsers= value of a .nspawn file's text (undefined when the file does not set it). */
export function privateUsersIn(text: string): string | undefined {
  let sec = '';
  let found: string | undefined;
  for (const raw of text.split('\n')) {
    const l = raw.trim();
    if (l.startsWith('[')) sec = l;
    else if (sec === '[Exec]') {
      const m = /^PrivateUsers\s*=\s*(.*)$/.exec(l);
      if (m) found = m[1].trim();
    }
  }
  return found;
}

/** Whether a PrivateUsers= value turns user namespacing off (systemd's parse_boolean false). */
export function privateUsersOff(value: string | undefined): boolean {
  return value !== undefined && ['no', 'false', 'off', '0', 'n', 'f'].includes(value.toLowerCase());
}
