import { describe, expect, it } from 'vitest';
import { systemModules } from '../../../../src/modules/system/index.js';
import { getModule } from '../../../../src/modules/registry.js';

describe('systemModules', () => {
  it('registers every module under its Ansible names', () => {
    expect(systemModules.map((m) => m.name)).toEqual([
      'apt', 'package', 'systemd', 'service', 'sysctl', 'hostname', 'user', 'group', 'authorized_key', 'reboot', 'getent', 'package_facts', 'service_facts', 'script',
    ]);
    for (const m of systemModules) {
      expect(getModule(m.name)).toBe(m);
      expect(getModule(`ansible.builtin.${m.name}`)).toBe(m);
      expect(getModule(`ansible.legacy.${m.name}`)).toBe(m);
    }
    expect(getModule('ansible.posix.sysctl')?.name).toBe('sysctl');
    expect(getModule('ansible.posix.authorized_key')?.name).toBe('authorized_key');
    expect(getModule('systemd_service')?.name).toBe('systemd');
    expect(getModule('ansible.builtin.systemd_service')?.name).toBe('systemd');
  });
});
