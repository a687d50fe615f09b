/**
 * The remote wait loops of the change script, run by the local /bin/sh against stub machinectl,
 * systemctl and nsenter commands that play a guest booting, one that never boots, and one that
 * ignores poweroff.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANGE_FUNCTIONS } from '../../../../../src/modules/nspawn/machine/machine-script.js';
import { PROBE_FUNCTIONS } from '../../../../../src/modules/nspawn/machine/state.js';

let dir: string;

function stub(name: string, body: string): void {
  const p = path.join(dir, 'bin', name);
  writeFileSync(p, `#!/bin/sh\nS=${dir}\n${body}\n`);
  chmodSync(p, 0o755);
}

function run(script: string): { rc: number; out: string } {
  try {
    const out = execFileSync('/bin/sh', ['-c', `${PROBE_FUNCTIONS}\n${CHANGE_FUNCTIONS}\n${script}`], {
      env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}` },
      encoding: 'utf8',
      timeout: 20_000,
    });
    return { rc: 0, out };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { rc: err.status, out: err.stdout };
  }
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'machinist-wait-'));
  execFileSync('mkdir', ['-p', path.join(dir, 'bin')]);
  // machinectl: a registered machine (leader 42) until "terminate" or "poweroff" (when honoured) is called
  stub('machinectl', [
    'case "$1" in',
    '  show) [ -e $S/gone ] && exit 1; [ "$3" = -p ] && echo 42; exit 0 ;;',
    '  poweroff) [ -e $S/honour-poweroff ] && touch $S/gone; exit 0 ;;',
    '  terminate) touch $S/gone; exit 0 ;;',
    'esac',
  ].join('\n'));
  stub('systemctl', 'if [ -e $S/gone ]; then echo inactive; else echo active; fi');
  // the guest systemd: "starting" for the first N calls, then "running" (N in $S/boot-calls)
  stub('nsenter', 'n=$(cat $S/calls 2>/dev/null || echo 0); n=$((n+1)); echo $n > $S/calls; if [ "$n" -gt "$(cat $S/boot-calls)" ]; then echo running; else echo starting; exit 1; fi');
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const reset = (bootCalls: number) => {
  for (const f of ['gone', 'calls', 'honour-poweroff']) rmSync(path.join(dir, f), { force: true });
  writeFileSync(path.join(dir, 'boot-calls'), String(bootCalls));
};

describe('mx_wait_up', () => {
  it('polls the guest until its systemd says running', () => {
    reset(2);
    const r = run('mx_wait_up g1 10');
    expect(r).toEqual({ rc: 0, out: 'wait.state=running\n' });
  });
  it('gives up after the timeout with the last state seen', () => {
    reset(1_000_000);
    const t0 = Date.now();
    const r = run('mx_wait_up g1 1');
    expect(r.rc).toBe(1);
    expect(r.out).toBe('wait.state=starting\nwait.timeout=yes\n');
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it('fails at once when the machine is gone and its unit inactive', () => {
    reset(0);
    writeFileSync(path.join(dir, 'gone'), '');
    const r = run('mx_wait_up g1 10');
    expect(r).toEqual({ rc: 1, out: 'wait.state=machine not registered (unit inactive)\n' });
  });
});

describe('mx_stop', () => {
  it('poweroff honoured: no terminate', () => {
    reset(0);
    writeFileSync(path.join(dir, 'honour-poweroff'), '');
    expect(run('mx_stop g1 5')).toEqual({ rc: 0, out: '' });
  });
  it('poweroff ignored: terminate after the stop timeout, and say so', () => {
    reset(0);
    const r = run('mx_stop g1 1');
    expect(r).toEqual({ rc: 0, out: 'terminated=yes\n' });
  });
});
