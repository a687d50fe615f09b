/**
 * systemd's state, parsed, and the systemd module's decision (pure; unit-tested on real output):
 * `systemctl show UNIT` into Ansible's `status` dict, `systemctl is-enabled` into enabled or not,
 * and from the wanted state the systemctl actions in Ansible's order (masked, enabled, state).
 */

/** Ansible's parse_systemctl_show: KEY=VALUE lines; a value opening '{' may continue until a line ending '}'. */
export function parseSystemctlShow(out: string): Record<string, string> {
  const res: Record<string, string> = {};
  let key: string | undefined;
  let buf: string[] = [];
  for (const line of out.split('\n')) {
    if (key !== undefined) {
      buf.push(line);
      if (line.trimEnd().endsWith('}')) {
        res[key] = buf.join('\n').trim();
        key = undefined;
        buf = [];
      }
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    const k = line.slice(0, eq);
    const v = line.slice(eq + 1);
    if (v.trimStart().startsWith('{') && !v.trimEnd().endsWith('}')) {
      key = k;
      buf = [v];
    } else res[k] = v.trim();
  }
  if (key !== undefined) res[key] = buf.join('\n').trim();
  return res;
}

/** Ansible's rule: `is-enabled` rc 0 means enabled, except the lone states 'indirect' and 'alias'. */
export function parseIsEnabled(out: string, rc: number): boolean {
  if (rc !== 0) return false;
  const lines = out.split('\n').map((l) => l.trim()).filter(Boolean);
  return !(lines.length === 1 && (lines[0] === 'indirect' || lines[0] === 'alias'));
}

export function isRunning(status: Record<string, string>): boolean {
  return status.ActiveState === 'active' || status.ActiveState === 'activating';
}

export function isDeactivating(status: Record<string, string>): boolean {
  return status.ActiveState === 'deactivating';
}

/** A unit that systemd does not know (and nothing else can stand for it). */
export function isFound(status: Record<string, string>): boolean {
  return status.LoadState !== undefined && status.LoadState !== 'not-found';
}

export interface SystemdWant {
  name?: string;
  state?: 'started' | 'stopped' | 'restarted' | 'reloaded';
  enabled?: boolean;
  masked?: boolean;
}

export interface SystemdDecision {
  /** systemctl verbs in order, e.g. ['unmask', 'enable', 'start']. */
  actions: Array<'mask' | 'unmask' | 'enable' | 'disable' | 'start' | 'stop' | 'restart' | 'reload'>;
  changed: boolean;
  result: Record<string, unknown>;
  /** Message of a failure decided from the state alone (unknown unit). */
  fail?: string;
}

export function decideSystemd(want: SystemdWant, status: Record<string, string>, enabled: boolean, err = ''): SystemdDecision {
  const d: SystemdDecision = { actions: [], changed: false, result: { name: want.name, status } };
  if (!want.name) return d;
  const found = isFound(status);
  if (want.masked !== undefined) {
    const masked = status.LoadState === 'masked';
    if (masked !== want.masked) d.actions.push(want.masked ? 'mask' : 'unmask');
    d.result.masked = want.masked;
  }
  if ((want.enabled !== undefined || want.state !== undefined) && !found && !d.actions.includes('unmask')) {
    d.fail = `Could not find the requested service ${want.name}` + (err.trim() ? `: ${err.trim()}` : '');
    return d;
  }
  if (want.enabled !== undefined) {
    if (enabled !== want.enabled) d.actions.push(want.enabled ? 'enable' : 'disable');
    d.result.enabled = want.enabled;
  }
  if (want.state !== undefined) {
    const running = isRunning(status);
    if (want.state === 'started') {
      if (!running) d.actions.push('start');
      d.result.state = 'started';
    } else if (want.state === 'stopped') {
      if (running || isDeactivating(status)) d.actions.push('stop');
      d.result.state = 'stopped';
    } else {
      d.actions.push(!running ? 'start' : want.state === 'restarted' ? 'restart' : 'reload');
      d.result.state = 'started';
    }
  }
  d.changed = d.actions.length > 0;
  if (d.fail) d.result.msg = d.fail;
  return d;
}
