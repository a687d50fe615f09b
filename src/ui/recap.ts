/**
 * PLAY RECAP in Ansible's exact format: `%-26s : ok=%-4s changed=%-4s ...` (colour widens the host
 * column to 37 to make room for the escape codes, as Ansible's hostcolor does).
 */
import type { Counters } from '../engine/events.js';
import { banner, paint, type Style } from './style.js';

const FIELDS: Array<[keyof Counters, string, 'green' | 'yellow' | 'red' | 'cyan' | 'magenta']> = [
  ['ok', 'ok', 'green'],
  ['changed', 'changed', 'yellow'],
  ['unreachable', 'unreachable', 'red'],
  ['failed', 'failed', 'red'],
  ['skipped', 'skipped', 'cyan'],
  ['rescued', 'rescued', 'magenta'],
  ['ignored', 'ignored', 'magenta'],
];

function hostColour(c: Counters): 'red' | 'yellow' | 'green' {
  if (c.failed > 0 || c.unreachable > 0) return 'red';
  if (c.changed > 0) return 'yellow';
  return 'green';
}

export function recapLine(host: string, c: Counters, style: Style = { color: false, columns: 80 }): string {
  const hostCol = style.color ? paint(style, hostColour(c), host).padEnd(37) : host.padEnd(26);
  const parts = FIELDS.map(([key, label, colour]) => {
    const s = `${label}=${String(c[key]).padEnd(4)}`;
    return style.color && c[key] !== 0 ? paint(style, colour, s) : s;
  });
  return `${hostCol} : ${parts.join(' ')}`;
}

export function recap(stats: Record<string, Counters>, style: Style = { color: false, columns: 80 }): string {
  const lines = ['', banner('PLAY RECAP', style.columns)];
  for (const host of Object.keys(stats).sort()) lines.push(recapLine(host, stats[host], style));
  return lines.join('\n') + '\n';
}
