import { describe, expect, it } from 'vitest';
import { parseSysctlExtra, sysctlExtraScript, sysctlSchema } from '../../../../src/modules/system/sysctl.js';
import { parseProbe } from '../../../../src/modules/kit/file-probe.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('sysctl schema', () => {
  it("Ansible's defaults and aliases", () => {
    expect(sysctlSchema.parse({ key: 'net.ipv4.ip_forward', val: 1 })).toEqual({
      name: 'net.ipv4.ip_forward', value: 1, state: 'present', sysctl_file: '/etc/sysctl.conf', sysctl_set: false, reload: true, ignoreerrors: false,
    });
  });
  it('refuses bad names, missing values, relative files, newlines', () => {
    expect(issues(sysctlSchema.safeParse({ name: 'net.ipv4.ip_forward;reboot', value: 1 }))[0]).toMatch(/invalid sysctl key/);
    expect(issues(sysctlSchema.safeParse({ name: 'vm.swappiness' }))).toContain('value is required with state=present');
    expect(issues(sysctlSchema.safeParse({ name: 'vm.swappiness', value: 1, sysctl_file: 'sysctl.conf' }))).toContain('sysctl_file must be an absolute path');
    expect(issues(sysctlSchema.safeParse({ name: 'vm.swappiness', value: '1\nkernel.x=2' }))).toContain('a sysctl value cannot contain a newline');
    expect(sysctlSchema.safeParse({ name: 'vm.swappiness', state: 'absent' }).success).toBe(true);
  });
});

describe('the probe inside a booted nspawn host (Debian 12, --private-network)', () => {
  it('the script quotes the /proc/sys path', () => {
    expect(sysctlExtraScript("/proc/sys/net/ipv4/conf/a'b/x")).toContain("_pp='/proc/sys/net/ipv4/conf/a'\\''b/x'");
  });
  it('vm.swappiness: readable, read-only (/proc/sys is mounted read-only but for net)', () => {
    const p = parseProbe(fixture('sysctl-probe-nspawn-ro.txt'), ['/etc/sysctl.conf']);
    expect(p.paths[0]).toMatchObject({ exists: true, type: 'file', real: '/etc/sysctl.conf' });
    expect(parseSysctlExtra(p.extra)).toEqual({ live: '60', writable: false, boot: { systemd: true, procpsInit: true, linkedTargets: ['/etc/sysctl.conf'] } });
  });
  it('net.ipv4.ip_forward: writable in the private network namespace', () => {
    const p = parseProbe(fixture('sysctl-probe-nspawn-net.txt'), ['/etc/sysctl.conf']);
    expect(parseSysctlExtra(p.extra)).toMatchObject({ live: '0', writable: true });
  });
  it('an unknown key has no live value', () => {
    expect(parseSysctlExtra({ live: ['-'], systemd: ['0'] })).toEqual({ live: undefined, writable: false, boot: { systemd: false, procpsInit: false, linkedTargets: [] } });
  });
});
