import { describe, expect, it } from 'vitest';
import { decideMachine, noImageMessage, removedPaths, type MachineRequest } from '../../../../../src/modules/nspawn/machine/machine-decide.js';
import { parseHostProbe, type HostInfo, type MachineInfo } from '../../../../../src/modules/nspawn/machine/state.js';
import { fixtures } from '../../../../helpers/fixtures.js';

const fixture = fixtures('modules/nspawn');
const fleet = parseHostProbe(fixture('fleet-probe.txt'));
const host = fleet.host;
const running = fleet.machines.find((m) => m.name === 'g1')!; // running, enabled, guest up
const stopped = fleet.machines.find((m) => m.name === 'g3')!; // stopped, disabled, has a .nspawn file
const missing = parseHostProbe(fixture('machine-probe-running.txt')).machines.find((m) => m.name === 'nope')!;

const req = (r: Partial<MachineRequest>): MachineRequest => ({ name: 'g1', state: 'present', restart_on_change: true, ...r });
const booting: MachineInfo = { ...running, guest: { state: 'starting', addresses: [] } };

describe('started', () => {
  it('a stopped machine is started; the diff says state: stopped → started', () => {
    const d = decideMachine(req({ name: 'g3', state: 'started' }), host, stopped);
    expect(d).toMatchObject({ changed: true, actions: ['start'], before: 'state: stopped\n', after: 'state: started\n' });
  });
  it('a running machine whose guest is up: no change', () => {
    expect(decideMachine(req({ state: 'started', enabled: true }), host, running)).toMatchObject({ changed: false, actions: [], waitOnly: false });
  });
  it('a machine someone else is starting: wait for its guest, no change', () => {
    expect(decideMachine(req({ state: 'started' }), host, booting)).toMatchObject({ changed: false, waitOnly: true });
    expect(decideMachine(req({ state: 'present' }), host, booting)).toMatchObject({ changed: false, waitOnly: false });
  });
  it('a machine still stopping is stopped, then started', () => {
    expect(decideMachine(req({ state: 'started' }), host, { ...running, runState: 'stopping' }).actions).toEqual(['stop', 'start']);
  });
});

describe('restart_on_change (settings newer than the start)', () => {
  // g1's systemd-nspawn started at boot + 12002.555837 s; boot = clock now - uptime
  const startEpoch = host.clock!.nowEpochSec - host.clock!.uptimeSec + 12002.555837;
  it('a .nspawn file written after the start restarts the machine', () => {
    const d = decideMachine(req({ state: 'started' }), host, { ...running, nspawnMtime: startEpoch + 5 });
    expect(d).toMatchObject({ changed: true, actions: ['stop', 'start'], restarted: true });
    expect(d.msg).toMatch(/\/etc\/systemd\/nspawn\/g1\.nspawn changed after the machine started/);
    expect(d.after).toContain('started (restarted)');
  });
  it('an older file, no file, or restart_on_change: false → no restart', () => {
    expect(decideMachine(req({ state: 'started' }), host, { ...running, nspawnMtime: startEpoch - 5 }).changed).toBe(false);
    expect(decideMachine(req({ state: 'started' }), host, running).changed).toBe(false);
    expect(decideMachine(req({ state: 'started', restart_on_change: false }), host, { ...running, nspawnMtime: startEpoch + 5 }).changed).toBe(false);
  });
});

describe('stopped, restarted, present', () => {
  it('stopped: a running machine is stopped, a stopped one left alone', () => {
    expect(decideMachine(req({ state: 'stopped' }), host, running)).toMatchObject({ changed: true, actions: ['stop'], before: 'state: started\n', after: 'state: stopped\n' });
    expect(decideMachine(req({ name: 'g3', state: 'stopped' }), host, stopped).changed).toBe(false);
  });
  it('restarted always changes: stop + start when running, start when stopped', () => {
    expect(decideMachine(req({ state: 'restarted' }), host, running).actions).toEqual(['stop', 'start']);
    expect(decideMachine(req({ name: 'g3', state: 'restarted' }), host, stopped).actions).toEqual(['start']);
  });
  it('present leaves the running state as it is', () => {
    expect(decideMachine(req({ state: 'present' }), host, running).changed).toBe(false);
    expect(decideMachine(req({ name: 'g3', state: 'present' }), host, stopped).changed).toBe(false);
  });
  it('a missing image fails clearly for every state but absent', () => {
    for (const state of ['started', 'stopped', 'restarted', 'present'] as const) {
      expect(decideMachine(req({ name: 'nope', state }), host, missing).fail).toBe(noImageMessage('nope'));
    }
    expect(noImageMessage('nope')).toBe('no image nope in /var/lib/machines; create it with debootstrap, machine_image or clone');
    expect(decideMachine(req({ name: 'nope', state: 'absent' }), host, missing)).toMatchObject({ changed: false, actions: [] });
    expect(decideMachine(req({ name: 'nope', state: 'absent' }), host, undefined).changed).toBe(false);
  });
});

describe('enabled and machines.target (before systemd 253 machinectl enable leaves it off)', () => {
  const noTarget: HostInfo = { ...host, machinesTarget: 'disabled' };
  it('enable / disable with the diff', () => {
    const d = decideMachine(req({ name: 'g3', enabled: true }), host, stopped);
    expect(d).toMatchObject({ changed: true, actions: ['enable'], before: 'enabled: no\n', after: 'enabled: yes\n' });
    expect(decideMachine(req({ enabled: false }), host, running).actions).toEqual(['disable']);
  });
  it('systemd 252 with machines.target disabled: the target is enabled too, even for an enabled machine', () => {
    expect(decideMachine(req({ name: 'g3', enabled: true }), noTarget, stopped).actions).toEqual(['enable', 'enable-target']);
    const d = decideMachine(req({ enabled: true }), noTarget, running);
    expect(d).toMatchObject({ changed: true, actions: ['enable-target'] });
    expect(d.after).toContain('machines.target: enabled');
  });
  it('systemd 253 and later do it themselves; enabled: false never touches the target', () => {
    expect(decideMachine(req({ name: 'g3', enabled: true }), { ...noTarget, systemdVersion: 253 }, stopped).actions).toEqual(['enable']);
    expect(decideMachine(req({ enabled: false }), noTarget, running).actions).toEqual(['disable']);
  });
});

describe('absent', () => {
  it('stops, disables and removes; the diff lists the image (with size) and the .nspawn file', () => {
    const d = decideMachine(req({ name: 'g3', state: 'absent' }), host, { ...stopped, enabled: true, runState: 'running' }, undefined, 268_800_000);
    expect(d.actions).toEqual(['stop', 'disable', 'remove']);
    expect(d.before).toBe('state: started\nimage: /var/lib/machines/g3 (directory, 256.3 MiB)\nsettings: /etc/systemd/nspawn/g3.nspawn\n');
    expect(d.after).toBe('state: absent\nimage: (deleted)\nsettings: (deleted)\n');
  });
  it('removedPaths without a settings file or size', () => {
    expect(removedPaths(running)).toEqual([{ path: '/var/lib/machines/g1', detail: 'directory' }]);
  });
});

describe('clone', () => {
  it('a missing machine is cloned from an existing source, then started', () => {
    const d = decideMachine(req({ name: 'g4', state: 'started', clone: 'g1' }), host, missing, running);
    expect(d.actions).toEqual(['clone', 'start']);
    expect(d.after).toContain('image: /var/lib/machines/g4 (clone of g1, new machine-id)');
  });
  it('an existing machine is not cloned again; a missing source fails', () => {
    expect(decideMachine(req({ name: 'g3', state: 'present', clone: 'g1' }), host, stopped, running).changed).toBe(false);
    expect(decideMachine(req({ name: 'g4', clone: 'nope' }), host, missing, missing).fail).toBe(`cannot clone g4: ${noImageMessage('nope')}`);
  });
});
