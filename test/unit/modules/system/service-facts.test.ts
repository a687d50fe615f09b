import { describe, expect, it } from 'vitest';
import { parseServiceFacts } from '../../../../src/modules/system/service-facts.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

describe('service_facts on a booted Debian 12 lab host', () => {
  const s = parseServiceFacts(fixture('systemctl-list-units.txt'), fixture('systemctl-list-unit-files.txt'));
  it('running services with their unit-file status', () => {
    expect(s['ssh.service']).toEqual({ name: 'ssh.service', state: 'running', status: 'enabled', source: 'systemd' });
    expect(s['dbus.service']).toEqual({ name: 'dbus.service', state: 'running', status: 'static', source: 'systemd' });
  });
  it('loaded but not running: stopped; not-found keeps its bad status', () => {
    expect(s['rc-local.service']).toMatchObject({ state: 'stopped' });
    expect(s['apparmor.service']).toEqual({ name: 'apparmor.service', state: 'stopped', status: 'not-found', source: 'systemd' });
  });
  it('unit files that are not loaded are inactive, with their file state', () => {
    expect(s['cryptdisks.service']).toEqual({ name: 'cryptdisks.service', state: 'inactive', status: 'masked', source: 'systemd' });
    expect(s['debug-shell.service']).toMatchObject({ status: 'disabled' });
    expect(s['container-getty@.service']).toMatchObject({ status: 'static' });
  });
});
