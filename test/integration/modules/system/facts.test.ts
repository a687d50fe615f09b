/** getent, package_facts and service_facts through the real LocalConnection. */
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { getentModule } from '../../../../src/modules/system/getent.js';
import { packageFactsModule } from '../../../../src/modules/system/package-facts.js';
import { serviceFactsModule } from '../../../../src/modules/system/service-facts.js';
import { systemdModule } from '../../../../src/modules/system/systemd.js';
import { hostnameModule } from '../../../../src/modules/system/hostname.js';
import { hostname } from 'node:os';
import { runModule } from '../files/run.js';

const systemd = existsSync('/run/systemd/system');

describe('getent', () => {
  it('passwd root as facts', async () => {
    const r = await runModule(getentModule, { database: 'passwd', key: 'root' });
    expect(r).toMatchObject({ changed: false, result: { ansible_facts: { getent_passwd: { root: ['x', '0', '0', 'root', '/root', expect.any(String)] } } } });
  });
  it('a missing key fails, or is null with fail_key: false', async () => {
    await expect(runModule(getentModule, { database: 'passwd', key: 'machinist-nosuch' })).rejects.toThrow('One or more supplied key could not be found in the database.');
    const r = await runModule(getentModule, { database: 'passwd', key: 'machinist-nosuch', fail_key: false });
    expect(r.result.ansible_facts).toEqual({ getent_passwd: { 'machinist-nosuch': null } });
  });
  it('an unknown database fails', async () => {
    await expect(runModule(getentModule, { database: 'nosuchdb' })).rejects.toThrow('Missing arguments, or database unknown.');
  });
});

describe('package_facts', () => {
  it('lists the installed packages with version and arch', async () => {
    const r = await runModule(packageFactsModule, {});
    const pkgs = (r.result.ansible_facts as { packages: Record<string, Array<Record<string, string>>> }).packages;
    expect(pkgs.coreutils[0]).toMatchObject({ name: 'coreutils', source: 'apt', arch: expect.any(String), version: expect.stringMatching(/^\d/) });
    expect(Object.keys(pkgs).length).toBeGreaterThan(50);
  });
});

describe.skipIf(systemd)('systemd modules on a host without systemd (this machine)', () => {
  it('service_facts and systemd fail clearly', async () => {
    await expect(runModule(serviceFactsModule, {})).rejects.toThrow(/systemd is not running on this host/);
    await expect(runModule(systemdModule, { name: 'ssh', state: 'started' })).rejects.toThrow(/systemd is not running on this host/);
  });
});

describe('hostname (check mode only)', () => {
  it('the current name is no change; another would be', async () => {
    expect((await runModule(hostnameModule, { name: hostname() }, { check: true })).changed).toBe(hostname() !== (await import('node:fs')).readFileSync('/etc/hostname', 'utf8').trim());
    const r = await runModule(hostnameModule, { name: 'machinist-other-name' }, { check: true });
    expect(r.changed).toBe(true);
    expect(r.diff).toEqual({ before: `hostname = ${hostname()}\n`, after: 'hostname = machinist-other-name\n' });
    expect(hostname()).not.toBe('machinist-other-name');
  });
});
