import { describe, expect, it } from 'vitest';
import {
  bytesOf, FLEET_PROBE, machineProbeScript, needsMachinesTarget, parseClock, parseHostProbe, parseMachineBlock, runStateOf, systemdMajor, unixTimestamp, guestUp,
} from '../../../../../src/modules/nspawn/machine/state.js';
import { fixtures } from '../../../../helpers/fixtures.js';

const fixture = fixtures('modules/nspawn');

describe('the probe scripts', () => {
  it('quote the machine names and read the host once', () => {
    const s = machineProbeScript(['g1', "x'y"]);
    expect(s).toContain('mx_probe g1\n');
    expect(s).toContain("mx_probe 'x'\\''y'");
    expect(s.match(/^mx_host$/gm)).toHaveLength(1);
    expect(s.trimEnd().endsWith('exit 0')).toBe(true);
    expect(s).not.toContain('du -s');
    expect(machineProbeScript(['g1'], { diskUsage: true })).toContain('du -s -x -B1');
  });
  it('the fleet probe lists images and registered machines, each probed once', () => {
    expect(FLEET_PROBE).toContain('machinectl list-images --no-legend');
    expect(FLEET_PROBE).toContain('machinectl list --no-legend');
    expect(FLEET_PROBE).toContain('sort -u');
  });
  it('asks the guest systemd through nsenter on the leader (no dbus in the guest)', () => {
    expect(FLEET_PROBE).toContain('nsenter -t "$1" -a systemctl is-system-running');
  });
});

describe('parsing captured probe output (Debian 12, systemd 252)', () => {
  it('a running guest and a missing one', () => {
    const p = parseHostProbe(fixture('machine-probe-running.txt'));
    expect(p.host).toMatchObject({ systemdVersion: 252, machinectl: true, machinesTarget: 'enabled' });
    expect(p.machines.map((m) => m.name)).toEqual(['g1', 'nope']);
    const [g1, nope] = p.machines;
    expect(g1).toMatchObject({
      runState: 'running', enabled: true, enabledState: 'enabled', leader: 8026, startedAt: 1795429272,
      os: 'Debian GNU/Linux 12 (bookworm)',
      image: { path: '/var/lib/machines/g1', type: 'directory', readOnly: false, usage: undefined },
      guest: { state: 'running', machineId: 'c87fbc4254ed4d15bbbf170162853f18', addresses: ['192.168.77.2/24', 'fd00:77::2/64'] },
    });
    expect(guestUp(g1)).toBe(true);
    expect(nope).toMatchObject({ runState: 'stopped', enabled: false });
    expect([nope.image, nope.machine, nope.guest, nope.leader]).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('the fleet: a running guest with addresses and a memory limit, a stopped clone with a .nspawn file', () => {
    const p = parseHostProbe(fixture('fleet-probe.txt'));
    expect(p.host.clock).toEqual({ nowEpochSec: 1795429600.909499964, uptimeSec: 12330.82 });
    expect(p.machines.map((m) => [m.name, m.runState])).toEqual([['g1', 'running'], ['g3', 'stopped']]);
    const [g1, g3] = p.machines;
    expect(g1.guest?.addresses).toEqual(['192.168.77.2/24', 'fd00:77::2/64']);
    expect(g1.memory).toEqual({ current: undefined, max: 536870912 });
    expect(g1.times).toEqual({ activeState: 'active', execMainStartMonotonicUsec: 12002555837, activeEnterMonotonicUsec: 12002618967 });
    expect(g3).toMatchObject({ enabled: false, nspawnMtime: 1795429320.002292762, os: 'Debian GNU/Linux 12 (bookworm)', memory: { max: undefined } });
    expect(g3.leader).toBeUndefined();
  });
  it('a host without machinectl', () => {
    const p = parseHostProbe(fixture('fleet-probe-no-machinectl.txt'));
    expect(p.host).toMatchObject({ machinectl: false, systemdVersion: 252 });
    expect(p.machines).toEqual([]);
  });
});

describe('small parsers', () => {
  it('systemd versions and machines.target (needed before 253, whose machinectl enable leaves it off)', () => {
    expect(systemdMajor('systemd 252 (252.39-1~deb12u2)')).toBe(252);
    expect(systemdMajor('systemd 257 (257.8-1)')).toBe(257);
    expect(systemdMajor('')).toBe(0);
    expect(needsMachinesTarget(252)).toBe(true);
    expect(needsMachinesTarget(253)).toBe(false);
    expect(needsMachinesTarget(0)).toBe(true);
  });
  it('bytes, timestamps and clocks', () => {
    expect(bytesOf('536870912')).toBe(536870912);
    expect(bytesOf('[not set]')).toBeUndefined();
    expect(bytesOf('infinity')).toBeUndefined();
    expect(bytesOf('18446744073709551615')).toBeUndefined();
    expect(unixTimestamp('@1795429272')).toBe(1795429272);
    expect(unixTimestamp('Mon 2026-11-23 10:21:12 UTC')).toBeUndefined();
    expect(parseClock('1795429320.5 12044.13')).toEqual({ nowEpochSec: 1795429320.5, uptimeSec: 12044.13 });
    expect(parseClock('')).toBeUndefined();
  });
  it('run states from the unit and machined', () => {
    expect(runStateOf({ ActiveState: 'activating' }, undefined)).toBe('starting');
    expect(runStateOf({ ActiveState: 'active' }, { State: 'opening' })).toBe('starting');
    expect(runStateOf({ ActiveState: 'deactivating' }, { State: 'running' })).toBe('stopping');
    expect(runStateOf({ ActiveState: 'inactive' }, { State: 'running' })).toBe('running'); // started outside the unit
    expect(runStateOf({ ActiveState: 'failed' }, undefined)).toBe('stopped');
  });
  it('a booting guest is not up; unit times feed the settings comparison', () => {
    const m = parseMachineBlock(
      ['name=g9', 'unit.ActiveState=active', 'unit.ExecMainStartTimestampMonotonic=11713584379', 'machine.State=running', 'machine.Leader=42', 'guest.state=starting', 'os=\'Debian "x"\''].join('\n'),
    );
    expect(m).toMatchObject({ runState: 'running', leader: 42, os: 'Debian "x"', times: { activeState: 'active', execMainStartMonotonicUsec: 11713584379 } });
    expect(guestUp(m)).toBe(false);
  });
});
