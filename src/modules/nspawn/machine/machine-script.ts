/**
 * The `machine` module's change script: the decided actions in order, in ONE remote script that
 * also waits (a remote loop, not a round trip per poll) and ends with the probe of the result.
 *
 * - start: `machinectl start`, then poll until the guest's own systemd says running or degraded
 *   (asked through nsenter on the leader PID: no dbus needed in the guest), or fail with the last
 *   state seen after `timeout` seconds.
 * - stop: `machinectl poweroff`, wait until the machine is gone and its unit inactive; after
 *   `stop_timeout` seconds `machinectl terminate` (printed as terminated=yes).
 * - clone: `machinectl clone SRC NAME`, then a fresh /etc/machine-id (a clone shares its source's, and
 *   guests with equal ids get equal bridge MACs and fight over one DHCP lease), written to a temp file
 *   renamed into place (image-id.ts, shared with machine_image and debootstrap).
 */
import { quote, raw, sh } from '../../../util/quote.js';
import { writeMachineIdScript } from '../common/image-id.js';
import { machineDir } from '../common/names.js';
import type { MachineAction } from './machine-decide.js';
import { PROBE_FUNCTIONS } from './state.js';
import { splitOutput } from '../../../util/sections.js';

export const CHANGE_FUNCTIONS = `
mx_fail() { echo "fail=$*"; exit 1; }
mx_now() { date +%s; }
mx_gone() {
  machinectl show "$1" >/dev/null 2>&1 && return 1
  case $(mx_active "$1") in active|activating|deactivating|reloading) return 1 ;; esac
  return 0
}
mx_wait_gone() {
  end=$(( $(mx_now) + $2 ))
  until mx_gone "$1"; do
    [ "$(mx_now)" -ge "$end" ] && return 1
    sleep 0.3
  done
}
mx_stop() {
  machinectl poweroff "$1" 2>/dev/null
  if ! mx_wait_gone "$1" "$2"; then
    echo terminated=yes
    machinectl terminate "$1" 2>/dev/null || systemctl stop "$(mx_unit "$1")"
    mx_wait_gone "$1" 30 || return 1
  fi
  return 0
}
mx_wait_up() {
  end=$(( $(mx_now) + $2 )); last='not started'
  while :; do
    L=$(mx_leader "$1")
    if [ -n "$L" ] && [ "$L" != 0 ]; then
      last=$(mx_guest_state "$L")
      case $last in
        running|degraded) echo "wait.state=$last"; return 0 ;;
        '') last='no answer from the guest systemd' ;;
      esac
    else
      a=$(mx_active "$1")
      last="machine not registered (unit $a)"
      case $a in failed|inactive) echo "wait.state=$last"; return 1 ;; esac
    fi
    if [ "$(mx_now)" -ge "$end" ]; then echo "wait.state=$last"; echo wait.timeout=yes; return 1; fi
    sleep 0.3
  done
}
`;

export interface ChangeParams {
  name: string;
  actions: MachineAction[];
  /** Wait for the guest to boot even without a start action (it was being started by someone else). */
  wait: boolean;
  clone?: string;
  timeout: number;
  stopTimeout: number;
}

function step(a: MachineAction, p: ChangeParams): string {
  const n = p.name;
  switch (a) {
    case 'clone':
      return [
        sh`machinectl clone ${p.clone!} ${n} || mx_fail ${`machinectl clone ${p.clone} ${n} failed`}`,
        `( ${writeMachineIdScript(machineDir(n))}
) || mx_fail ${quote(`could not write a new machine-id into ${n}`)}`,
      ].join('\n');
    case 'stop':
      return sh`mx_stop ${n} ${p.stopTimeout} || mx_fail ${`machine ${n} did not stop (poweroff, then terminate)`}`;
    case 'start':
      return sh`machinectl start ${n} || mx_fail ${`machinectl start ${n} failed`}`;
    case 'enable':
      return sh`machinectl enable ${n} || mx_fail ${`machinectl enable ${n} failed`}`;
    case 'disable':
      return sh`machinectl disable ${n} || mx_fail ${`machinectl disable ${n} failed`}`;
    case 'enable-target':
      return sh`systemctl enable machines.target || mx_fail ${'systemctl enable machines.target failed'}`;
    case 'remove':
      return sh`machinectl remove ${n} || mx_fail ${`machinectl remove ${n} failed`}`;
  }
}

/** The whole change script: output is KEY=VALUE lines, then the probe of the host and machine. */
export function machineChangeScript(p: ChangeParams): string {
  const lines = [PROBE_FUNCTIONS, CHANGE_FUNCTIONS];
  for (const a of p.actions) lines.push(step(a, p));
  if (p.wait || p.actions.includes('start')) {
    lines.push(sh`mx_wait_up ${p.name} ${p.timeout} || mx_fail ${`guest ${p.name} did not finish booting within ${p.timeout} s`}`);
  }
  lines.push(raw('mx_host').text);
  if (!p.actions.includes('remove')) lines.push(sh`mx_probe ${p.name}`);
  return lines.join('\n') + '\n';
}

export interface ChangeOutcome {
  fail?: string;
  terminated: boolean;
  waitState?: string;
  timedOut: boolean;
  /** The clone's new machine-id. */
  machineId?: string;
}

/** The KEY=VALUE lines the change script prints before its final probe. */
export function parseChangeOutput(out: string): ChangeOutcome {
  const { head } = splitOutput(out);
  const o: ChangeOutcome = { terminated: false, timedOut: false };
  for (const line of head.split('\n')) {
    const i = line.indexOf('=');
    if (i < 0) continue;
    const k = line.slice(0, i);
    const v = line.slice(i + 1);
    if (k === 'fail') o.fail = v;
    else if (k === 'terminated') o.terminated = true;
    else if (k === 'wait.state') o.waitState = v;
    else if (k === 'wait.timeout') o.timedOut = true;
    else if (k === 'machine_id') o.machineId = v;
  }
  return o;
}
