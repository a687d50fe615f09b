/**
 * The `machine` module's decision, pure: from the probed state of the host, the machine and (for
 * clone) its source image, which actions to run in which order, and the diff (`state: stopped →
 * started`, `enabled: no → yes`, what `absent` deletes).
 */
import { MACHINES_DIR, nspawnFile } from '../common/names.js';
import { settingsNewerThanStart } from '../common/settings-probe.js';
import { guestUp, needsMachinesTarget, type HostInfo, type MachineInfo } from './state.js';

export const MACHINE_STATES = ['started', 'stopped', 'restarted', 'absent', 'present'] as const;
export type MachineWant = (typeof MACHINE_STATES)[number];

export interface MachineRequest {
  name: string;
  state: MachineWant;
  enabled?: boolean;
  clone?: string;
  restart_on_change: boolean;
}

export type MachineAction = 'clone' | 'stop' | 'start' | 'enable' | 'disable' | 'enable-target' | 'remove';

export interface MachineDecision {
  changed: boolean;
  actions: MachineAction[];
  /** The machine is up but its guest still boots: wait for it (no change). */
  waitOnly: boolean;
  /** restart_on_change restarted a running machine. */
  restarted: boolean;
  msg?: string;
  fail?: string;
  before: string;
  after: string;
}

const TARGET_ENABLED = new Set(['enabled', 'enabled-runtime', 'static', 'indirect', 'alias']);

export function noImageMessage(name: string): string {
  return `no image ${name} in ${MACHINES_DIR}; create it with debootstrap, machine_image or clone`;
}

function stateWord(m: MachineInfo | undefined): string {
  if (!m || (!m.image && m.runState === 'stopped')) return 'absent';
  if (m.runState === 'running') return 'started';
  return m.runState;
}

function humanSize(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}

/** What `machinectl remove` deletes: the image, and its .nspawn file in /etc/systemd/nspawn too. */
export function removedPaths(m: MachineInfo, sizeBytes?: number): Array<{ path: string; detail?: string }> {
  const out: Array<{ path: string; detail?: string }> = [];
  if (m.image) {
    const size = sizeBytes ?? m.image.usage;
    out.push({ path: m.image.path, detail: `${m.image.type || 'image'}${size !== undefined ? `, ${humanSize(size)}` : ''}` });
  }
  if (m.nspawnMtime !== undefined) out.push({ path: nspawnFile(m.name) });
  return out;
}

export function decideMachine(
  r: MachineRequest,
  host: HostInfo,
  m: MachineInfo | undefined,
  source?: MachineInfo,
  sizeBytes?: number,
): MachineDecision {
  const actions: MachineAction[] = [];
  const before: string[] = [];
  const after: string[] = [];
  const d: MachineDecision = { changed: false, actions, waitOnly: false, restarted: false, before: '', after: '' };
  const exists = m !== undefined && (m.image !== undefined || m.runState !== 'stopped');
  let run = m?.runState ?? 'stopped';
  let enabled = m?.enabled ?? false;

  if (!exists) {
    if (r.state === 'absent') return finish(d, before, after);
    if (r.clone === undefined) return { ...d, fail: noImageMessage(r.name) };
    if (!source?.image) return { ...d, fail: `cannot clone ${r.name}: ${noImageMessage(r.clone)}` };
    actions.push('clone');
    before.push('image: (none)');
    after.push(`image: ${MACHINES_DIR}/${r.name} (clone of ${r.clone}, new machine-id)`);
    run = 'stopped';
    enabled = false;
  }

  const wasState = exists ? stateWord(m) : 'absent';
  let toState = wasState;
  if (r.state === 'absent') {
    if (run !== 'stopped') actions.push('stop');
    if (enabled) actions.push('disable');
    actions.push('remove');
    for (const p of removedPaths(m!, sizeBytes)) {
      before.push(`${p.detail ? 'image' : 'settings'}: ${p.path}${p.detail ? ` (${p.detail})` : ''}`);
      after.push(`${p.detail ? 'image' : 'settings'}: (deleted)`);
    }
    toState = 'absent';
  } else if (r.state === 'stopped') {
    if (run !== 'stopped') actions.push('stop');
    toState = 'stopped';
  } else if (r.state === 'restarted') {
    if (run !== 'stopped') actions.push('stop');
    actions.push('start');
    toState = 'started (restarted)';
  } else if (r.state === 'started') {
    toState = 'started';
    if (run === 'stopped') actions.push('start');
    else if (run === 'stopping') actions.push('stop', 'start');
    else if (r.restart_on_change && m && settingsNewerThanStart(m.nspawnMtime, m.times, host.clock)) {
      actions.push('stop', 'start');
      d.restarted = true;
      toState = 'started (restarted)';
      d.msg = `${nspawnFile(r.name)} changed after the machine started: restarted to apply it`;
    } else if (m && !guestUp(m)) d.waitOnly = true;
  }

  if (r.state !== 'absent' && r.enabled !== undefined && r.enabled !== enabled) {
    actions.push(r.enabled ? 'enable' : 'disable');
    before.push(`enabled: ${enabled ? 'yes' : 'no'}`);
    after.push(`enabled: ${r.enabled ? 'yes' : 'no'}`);
  }
  if (r.state !== 'absent' && r.enabled === true && needsMachinesTarget(host.systemdVersion) && !TARGET_ENABLED.has(host.machinesTarget)) {
    actions.push('enable-target');
    before.push('machines.target: not enabled');
    after.push('machines.target: enabled');
  }
  if (wasState !== toState || actions.includes('start')) {
    before.unshift(`state: ${wasState}`);
    after.unshift(`state: ${toState}`);
  }
  return finish(d, before, after);
}

function finish(d: MachineDecision, before: string[], after: string[]): MachineDecision {
  d.changed = d.actions.length > 0;
  d.before = before.length ? before.join('\n') + '\n' : '';
  d.after = after.length ? after.join('\n') + '\n' : '';
  return d;
}

/** machines.target counts as enabled (for the result field). */
export function targetEnabled(state: string): boolean {
  return TARGET_ENABLED.has(state);
}
