import { describe, expect, it } from 'vitest';
import { machineInfoOf, type MachineEntry } from '../../../src/modules/nspawn/machine/machine-info.js';
import { machineState, machinesJson, memoryText, renderMachinesTable, shortBytes, type HostMachines } from '../../../src/ui/machines.js';
import { fixtures } from '../../helpers/fixtures.js';

const fixture = fixtures('modules/nspawn');
const probe = (n: string) => machineInfoOf({ rc: 0, stdout: fixture(n), stderr: '' });

const h1: HostMachines = { host: 'h1', status: 'ok', systemdVersion: 252, machines: probe('fleet-probe.txt').machines };
const h2: HostMachines = { host: 'h2', status: 'no-machinectl', systemdVersion: 252, machines: [] };
const h3: HostMachines = { host: 'h3', status: 'unreachable', msg: 'connect ECONNREFUSED 10.0.0.3:22', machines: [] };
const h4: HostMachines = { host: 'h4', status: 'ok', machines: [] };

describe('the machines table', () => {
  it('renders every machine of every host from real probe output, and the hosts that could not be read', () => {
    expect(renderMachinesTable([h1, h2, h3, h4])).toBe(
      [
        'HOST  MACHINE  STATE                                             ENABLED  OS                              ADDRESSES                       MEMORY',
        'h1    g1       running                                           yes      Debian GNU/Linux 12 (bookworm)  192.168.77.2/24, fd00:77::2/64  ? / 512M',
        'h1    g3       stopped                                           no       Debian GNU/Linux 12 (bookworm)  -                               -',
        'h2    -        (no machinectl: systemd-container not installed)',
        'h3    -        UNREACHABLE: connect ECONNREFUSED 10.0.0.3:22',
        'h4    -        (no machines)',
        '',
        '2 machines on 4 hosts, 1 host not read',
        '',
      ].join('\n'),
    );
  });
  it('STATE shows the guest systemd state while running', () => {
    const g1 = h1.machines[0];
    const with_ = (state: string): MachineEntry => ({ ...g1, guest_state: state, addresses: [] });
    expect(machineState(with_('degraded'))).toBe('degraded');
    expect(machineState(with_('initializing'))).toBe('starting');
    expect(machineState(with_('maintenance'))).toBe('running (maintenance)');
    expect(machineState({ ...g1, state: 'stopping' })).toBe('stopping');
  });
  it('MEMORY: current / limit while running, the limit when stopped', () => {
    const g1 = h1.machines[0];
    expect(memoryText({ ...g1, memory: { current: 150 * 1024 * 1024, max: 512 * 1024 * 1024 } })).toBe('150M / 512M');
    expect(memoryText({ ...g1, memory: { current: 1536 * 1024, max: null } })).toBe('1.5M');
    expect(memoryText({ ...g1, state: 'stopped', memory: { current: null, max: 2 * 1024 ** 3 } })).toBe('limit 2G');
    expect(shortBytes(512)).toBe('512B');
    expect(shortBytes(1.25 * 1024 ** 3)).toBe('1.3G');
  });
});

describe('the JSON document', () => {
  it('hosts → machines, with the unreachable hosts named', () => {
    const doc = machinesJson([h1, h3]) as { hosts: Record<string, { status: string; machines: Array<Record<string, unknown>> }>; unreachable: string[] };
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(doc.unreachable).toEqual(['h3']);
    expect(doc.hosts.h3).toEqual({ status: 'unreachable', msg: 'connect ECONNREFUSED 10.0.0.3:22', machines: [] });
    expect(doc.hosts.h1.machines[0]).toMatchObject({
      name: 'g1', state: 'running', enabled: true, os: 'Debian GNU/Linux 12 (bookworm)', addresses: ['192.168.77.2/24', 'fd00:77::2/64'],
      memory: { current: null, max: 536870912 }, machine_id: 'c87fbc4254ed4d15bbbf170162853f18', image: { path: '/var/lib/machines/g1', type: 'directory', read_only: false },
      started_at: new Date(1795429272 * 1000).toISOString(),
    });
    expect(doc.hosts.h1.machines[1]).toMatchObject({ name: 'g3', state: 'stopped', leader: null, started_at: null });
  });
});
