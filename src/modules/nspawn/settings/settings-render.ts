/**
 * The text of a `.nspawn` file from the validated sections (pure, deterministic: sections and keys in
 * a fixed order, so an unchanged task renders the same bytes). With [Network], VirtualEthernet= is
 * always written, with a comment saying why (the override trap, settings-network.ts).
 */
import type { ExecSettings, FilesSettings, NetworkSettings } from './settings-schema.js';
import { virtualEthernetFor } from './settings-network.js';
import { lineProblem } from './settings-values.js';

export const MANAGED_HEADER = '# Managed by machinist: changes made here are overwritten on the next run.';

const TRAP_COMMENT = [
  '# VirtualEthernet= is written explicitly: systemd-nspawn@.service starts the machine with',
  '# --network-veth --settings=override, and any [Network] key in this file replaces the command',
  "# line's network settings as a whole; without VirtualEthernet= the veth link could be dropped.",
];

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
