import { describe, expect, it } from 'vitest';
import {
  canonicalName, checkName, editSysctlText, fileValue, parseValue, persistenceWarning, procPath, readAtBoot, suggestedFile, valuesEqual, SysctlNameError,
} from '../../../../src/modules/system/sysctl-decide.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

describe('key names', () => {
  it('accepts dotted and slashed names; refuses anything else', () => {
    for (const ok of ['net.ipv4.ip_forward', 'net/ipv4/ip_forward', 'net.ipv4.conf.eth0/100.forwarding', 'kernel.sched_rt_runtime_us', 'net.ipv6.conf.br-lan.disable_ipv6']) expect(() => checkName(ok), ok).not.toThrow();
    for (const bad of ['', '.net', 'net..ipv4', '../../etc/passwd', 'net.ipv4/../x', 'a b', 'x;rm', 'net.ipv4.ip_forward=1', '-w']) expect(() => checkName(bad), bad).toThrow(SysctlNameError);
  });
  it('maps to the /proc/sys path as sysctl(8) does', () => {
    expect(procPath('net.ipv4.ip_forward')).toBe('net/ipv4/ip_forward');
    expect(procPath('net/ipv4/conf/eth0.100/forwarding')).toBe('net/ipv4/conf/eth0.100/forwarding');
    expect(procPath('net.ipv4.conf.eth0/100.forwarding')).toBe('net/ipv4/conf/eth0.100/forwarding');
    expect(canonicalName('net/ipv4/conf/eth0.100/forwarding')).toBe('net.ipv4.conf.eth0/100.forwarding');
  });
});

describe('values', () => {
  it("Ansible's booleans and trimming; whitespace-insensitive comparison", () => {
    expect(parseValue(true)).toBe('1');
    expect(parseValue('no')).toBe('0');
    expect(parseValue(' 4096 ')).toBe('4096');
    expect(parseValue(65536)).toBe('65536');
    expect(valuesEqual('4096\t87380\t6291456', '4096 87380  6291456')).toBe(true);
    expect(valuesEqual('1', '0')).toBe(false);
    expect(valuesEqual(undefined, '1')).toBe(false);
  });
});

describe('the file edit keeps everything else', () => {
  const conf = fixture('sysctl.conf-debian12');
  it("reads the Debian 12 default file (all commented): no value", () => {
    expect(fileValue(conf, 'net.ipv4.ip_forward')).toBeUndefined();
  });
  it('appends a missing key; the rest is byte for byte', () => {
    const out = editSysctlText(conf, 'net.ipv4.ip_forward', '1');
    expect(out).toBe(conf + 'net.ipv4.ip_forward=1\n');
    expect(fileValue(out, 'net.ipv4.ip_forward')).toBe('1');
  });
  it('replaces the key line in place, drops later duplicates, understands the other spelling and "-key"', () => {
    const text = '# c\nnet.ipv4.ip_forward = 0\nvm.swappiness=10\n-net/ipv4/ip_forward=0\n; x\n';
    expect(editSysctlText(text, 'net.ipv4.ip_forward', '1')).toBe('# c\nnet.ipv4.ip_forward=1\nvm.swappiness=10\n; x\n');
    expect(fileValue(text, 'net.ipv4.ip_forward')).toBe('0');
  });
  it('removes every line of the key for state=absent', () => {
    expect(editSysctlText('a=1\nb=2\na = 3\n', 'a', undefined)).toBe('b=2\n');
    expect(editSysctlText('a=1\n', 'a', undefined)).toBe('');
  });
  it('a file without a final newline gets one before an appended line', () => {
    expect(editSysctlText('a=1', 'b', '2')).toBe('a=1\nb=2\n');
    expect(editSysctlText('a=1', 'a', '2')).toBe('a=2');
  });
});

describe('where values persist', () => {
  const deb12 = { systemd: true, procpsInit: true, linkedTargets: ['/etc/sysctl.conf'] };
  const deb13 = { systemd: true, procpsInit: false, linkedTargets: [] };
  it('Debian 12: /etc/sysctl.conf is read through 99-sysctl.conf', () => {
    expect(readAtBoot('/etc/sysctl.conf', deb12)).toBe(true);
    expect(persistenceWarning('/etc/sysctl.conf', '/etc/sysctl.conf', 'net.ipv4.ip_forward', deb12)).toBeUndefined();
  });
  it('Debian 13: /etc/sysctl.conf is not read; a warning suggests a sysctl.d file', () => {
    expect(readAtBoot('/etc/sysctl.conf', deb13)).toBe(false);
    const w = persistenceWarning('/etc/sysctl.conf', '/etc/sysctl.conf', 'net.ipv4.ip_forward', deb13);
    expect(w).toMatch(/^\/etc\/sysctl.conf is not read at boot on this host .*net\.ipv4\.ip_forward will not survive a reboot; use sysctl_file: \/etc\/sysctl.d\/60-net.ipv4.ip_forward.conf$/);
    expect(suggestedFile('net/ipv4/conf/eth0.100/forwarding')).toBe('/etc/sysctl.d/60-net.ipv4.conf.eth0_100.forwarding.conf');
  });
  it('sysctl.d files must end in .conf; /run does not survive; sysvinit reads /etc/sysctl.conf', () => {
    expect(readAtBoot('/etc/sysctl.d/60-x.conf', deb13)).toBe(true);
    expect(readAtBoot('/etc/sysctl.d/60-x', deb13)).toBe(false);
    expect(persistenceWarning('/run/sysctl.d/x.conf', '/run/sysctl.d/x.conf', 'a.b', deb13)).toMatch(/tmpfs/);
    expect(readAtBoot('/etc/sysctl.conf', { systemd: false, procpsInit: true, linkedTargets: [] })).toBe(true);
  });
});
