/**
 * The hosts of a play as Ansible's PlaybookExecutor computes them: its `hosts:` pattern rendered,
 * host ordering (`order:`) and `serial:` batches.
 */
import type { Play } from '../playbook/types.js';
import { renderValue, TemplateError } from '../template/index.js';
import { ValidationError } from '../util/errors.js';
import type { Vars } from './vars.js';

/**
 * The play's `hosts:` rendered as Ansible renders it before the play runs: with the play's vars, the
 * extra vars and `groups`, without any host's variables. checkPlays renders it so before any host is
 * contacted, runPlay when the play starts: what fails there would fail when the play runs.
 */
export function playPattern(play: Play, extraVars: Vars, groups: Record<string, string[]>): string {
  return String(renderValue(play.hosts, { ...play.vars, ...extraVars, groups }));
}

/**
 * playPattern for the checks before any host is contacted (checkPlays, --list-hosts): a `hosts:`
 * that does not render is the located ValidationError of ansible-playbook's "The field 'hosts' has
 * an invalid value, which includes an undefined variable" (exit 4).
 */
export function checkedPlayPattern(play: Play, extraVars: Vars, groups: Record<string, string[]>): string {
  try {
    return playPattern(play, extraVars, groups);
  } catch (e) {
    const undef = e instanceof TemplateError && /undefined/i.test(e.message);
    throw new ValidationError(
      `play ${JSON.stringify(play.name ?? play.hosts)}: the field 'hosts' has an invalid value${undef ? ', which includes an undefined variable' : ''}: ${(e as Error).message}`,
      play.loc,
      undef ? "hosts: is rendered with the play's vars, extra vars (-e) and groups, without any host's variables" : undefined,
    );
  }
}

/** Ansible's pct_to_int: "30%" of n (floor, at least 1), or the number itself. */
export function pctToInt(value: number | string, total: number, min = 1): number {
  if (typeof value === 'string' && value.trim().endsWith('%')) {
    const pct = Number(value.trim().slice(0, -1));
    if (!Number.isFinite(pct)) throw new RangeError(`invalid percentage ${JSON.stringify(value)}`);
    return Math.floor((pct / 100) * total) || min;
  }
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isFinite(n)) throw new RangeError(`invalid serial value ${JSON.stringify(value)}`);
  return Math.trunc(n);
}

/** Split hosts into batches; the last serial value repeats; 0 or less (or none) means all at once. */
export function serialBatches(hosts: string[], serial: Array<number | string>): string[][] {
  const list = serial.length ? serial : [-1];
  const rest = [...hosts];
  const total = hosts.length;
  const batches: string[][] = [];
  let i = 0;
  while (rest.length > 0) {
    const size = pctToInt(list[i], total);
    if (size <= 0) {
      batches.push(rest.splice(0));
      break;
    }
    batches.push(rest.splice(0, size));
    if (i < list.length - 1) i++;
  }
  return batches;
}

/** Hosts in the play's `order` (inventory order is the order they were matched). */
export function orderHosts(hosts: string[], order: Play['order'], random: () => number = Math.random): string[] {
  const out = [...hosts];
  switch (order) {
    case 'reverse_inventory':
      return out.reverse();
    case 'sorted':
      return out.sort();
    case 'reverse_sorted':
      return out.sort().reverse();
    case 'shuffle':
      for (let i = out.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [out[i], out[j]] = [out[j], out[i]];
      }
      return out;
    default:
      return out;
  }
}
