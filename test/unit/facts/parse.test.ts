import { describe, expect, it } from 'vitest';
import { parseFacts } from '../../../src/facts/parse.js';
import { fixtures } from '../../helpers/fixtures.js';

const fixture = fixtures('facts');

describe('facts from a Debian 12 machine (captured output, docker-like sandbox, PID 1 not systemd)', () => {
  const f = parseFacts(fixture('debian12-docker.txt'));
  it('distribution as Ansible reports it (point release from /etc/debian_version)', () => {
    expect(f).toMatchObject({
      distribution: 'Debian', distribution_version: '12.11', distribution_major_version: '12', distribution_minor_version: '11',
      distribution_release: 'bookworm', os_family: 'Debian', system: 'Linux', pkg_mgr: 'apt',
    });
  });
  it('kernel and architecture', () => {
    expect(f).toMatchObject({ kernel: '6.18.44-fc-v782', kernel_version: '#1 SMP PREEMPT_DYNAMIC @0', machine: 'x86_64', architecture: 'x86_64' });
  });
  it('names: short hostname, nodename, fqdn, empty domain', () => {
    expect(f).toMatchObject({ hostname: 'vm', nodename: 'vm', fqdn: 'vm', domain: '' });
  });
  it('service manager is PID 1 name when it is not systemd, and no systemd facts', () => {
    expect(f.service_mgr).toBe('process_api');
    expect(f.systemd).toBeUndefined();
  });
  it('virtualization: a container guest', () => {
    expect(f).toMatchObject({ virtualization_type: 'docker', virtualization_role: 'guest', virtualization_tech_guest: ['docker'] });
  });
  it('default_ipv4 with netmask, network and the interface MAC', () => {
    expect(f.default_ipv4).toEqual({
      interface: 'eth0', gateway: '192.0.2.1', address: '192.0.2.2', netmask: '255.255.255.0', network: '192.0.2.0',
      prefix: '24', broadcast: '192.0.2.255', macaddress: '02:fc:00:00:00:01', mtu: 1400, type: 'ether',
    });
    expect(f.default_ipv6).toMatchObject({ interface: 'eth0', gateway: 'fd00::1', address: 'fd00::2', prefix: '64' });
    expect(f.all_ipv4_addresses).toEqual(['192.0.2.2']);
    expect(f.all_ipv6_addresses).toEqual(['fd00::2', 'fe80::fc:ff:fe00:1']);
    expect(f.interfaces).toEqual(['eth0', 'ifb0', 'ifb1', 'lo']);
    expect(f.lo).toMatchObject({ device: 'lo', type: 'loopback', ipv4: { address: '127.0.0.1', prefix: '8' } });
  });
  it('memory in MB and processors', () => {
    expect(f).toMatchObject({ memtotal_mb: 24105, memfree_mb: 23892, swaptotal_mb: 0, processor_vcpus: 2, processor_cores: 2, processor_count: 1, processor_nproc: 2 });
    expect(f.processor).toEqual(['0', 'AuthenticAMD', 'AMD EPYC', '1', 'AuthenticAMD', 'AMD EPYC']);
  });
  it('user, machine id, date_time, env', () => {
    expect(f).toMatchObject({ user_id: 'root', user_uid: 0, user_gid: 0, user_dir: '/root', user_shell: '/bin/bash', machine_id: '3d1219c7c4c5404aaa1f6d2a48adfda4' });
    expect(f.date_time).toMatchObject({ epoch: '1795419615', date: '2026-11-23', time: '07:40:15', tz: 'UTC', tz_offset: '+0000', weekday: 'Monday', iso8601: '2026-11-23T07:40:15Z' });
    expect((f.env as Record<string, string>).HOME).toBe('/root');
    expect(f.dns).toEqual({ nameservers: ['10.255.255.53'] });
  });
});

describe('facts of a Debian 13 nspawn guest (fixture written from trixie os-release)', () => {
  const f = parseFacts(fixture('debian13-nspawn.txt'));
  it('distribution', () => {
    expect(f).toMatchObject({
      distribution: 'Debian', distribution_version: '13.1', distribution_major_version: '13', distribution_release: 'trixie', os_family: 'Debian',
    });
  });
  it('systemd-managed with version and features', () => {
    expect(f.service_mgr).toBe('systemd');
    expect(f.systemd).toMatchObject({ version: 257, features: expect.stringMatching(/^\+PAM .*\+LIBARCHIVE$/) });
  });
  it('an nspawn guest', () => {
    expect(f).toMatchObject({ virtualization_type: 'systemd-nspawn', virtualization_role: 'guest', virtualization_tech_guest: ['systemd-nspawn'] });
  });
  it('fqdn from the hosts file, domain after the first dot', () => {
    expect(f).toMatchObject({ hostname: 'web1', fqdn: 'web1.lab.example', domain: 'lab.example' });
  });
  it('default route source address and bridge interface', () => {
    expect(f.default_ipv4).toMatchObject({ interface: 'host0', address: '10.77.0.11', gateway: '10.77.0.1', netmask: '255.255.255.0', macaddress: '7e:3a:1a:2b:9d:01' });
    expect(f.default_ipv6).toEqual({});
    expect(f.br0).toMatchObject({ type: 'bridge', active: false, ipv4: { address: '10.88.0.1', network: '10.88.0.0' } });
    expect(f.all_ipv4_addresses).toEqual(['10.88.0.1', '10.77.0.11']);
  });
  it('processor topology: 1 socket, 2 cores, 2 threads each', () => {
    expect(f).toMatchObject({ processor_count: 1, processor_cores: 2, processor_threads_per_core: 2, processor_vcpus: 4 });
  });
  it('date_time in the host zone', () => {
    expect(f.date_time).toMatchObject({ date: '2026-01-01', time: '01:00:00', hour: '01', tz: 'CET', tz_offset: '+0100', weekday: 'Thursday', weekday_number: '4', weeknumber: '00', iso8601: '2026-01-01T00:00:00Z', iso8601_micro: '2026-01-01T00:00:00.123456Z' });
  });
  it('user without root, gecos kept, env, cmdline, dns, apparmor, uptime', () => {
    expect(f).toMatchObject({ user_id: 'deploy', user_uid: 1000, user_gecos: 'Deploy User,,,', user_dir: '/home/deploy', uptime_seconds: 86461, fips: false });
    expect(f.cmdline).toEqual({ BOOT_IMAGE: '/boot/vmlinuz-6.12.43+deb13-amd64', root: 'UUID=0b1c', ro: true, quiet: true });
    expect(f.dns).toEqual({ nameservers: ['10.77.0.1'], search: ['lab.example'], options: { edns0: true, 'trust-ad': true } });
    expect(f.apparmor).toEqual({ status: 'enabled' });
    expect(f.memory_mb).toMatchObject({ real: { total: 1967 }, swap: { total: 1023, free: 1023, used: 0 } });
  });
});

describe('missing tools and files', () => {
  it('an almost empty output gives what it can and omits the rest', () => {
    const f = parseFacts('\n@@mx hostname\nbox\n\n@@mx exists\n/etc/init.d\n\n@@mx end\n');
    expect(f).toMatchObject({ hostname: 'box', fqdn: 'box', system: 'Linux', distribution: 'Linux', service_mgr: 'sysvinit', pkg_mgr: 'unknown', virtualization_type: 'NA' });
    expect(f.memtotal_mb).toBeUndefined();
    expect(f.default_ipv4).toEqual({});
    expect(f.date_time).toBeUndefined();
  });
  it('without iproute2 the default route comes from /proc/net/route', () => {
    const out = [
      '', '@@mx proc_route',
      'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT',
      'eth0\t00000000\t0100000A\t0003\t0\t0\t0\t00000000\t0\t0\t0',
      'eth0\t0000000A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0',
      '', '@@mx links', 'eth0 aa:bb:cc:dd:ee:ff 1500 up 1 -', '', '@@mx end', '',
    ].join('\n');
    expect(parseFacts(out).default_ipv4).toEqual({ interface: 'eth0', gateway: '10.0.0.1', macaddress: 'aa:bb:cc:dd:ee:ff', mtu: 1500, type: 'ether' });
  });
  it('no python section, no python facts (machinist needs no Python on the host)', () => {
    expect(parseFacts('\n@@mx hostname\nbox\n\n@@mx end\n').python).toBeUndefined();
  });
});

describe('python facts, as Ansible reports its interpreter', () => {
  it('from the python section: executable, version, type, has_sslcontext, python_version', () => {
    const f = parseFacts('\n@@mx python\n/usr/bin/python3\n3 11 2 final 0\ncpython\nTrue\n\n@@mx end\n');
    expect(f.python).toEqual({
      executable: '/usr/bin/python3', has_sslcontext: true, type: 'cpython',
      version: { major: 3, micro: 2, minor: 11, releaselevel: 'final', serial: 0 }, version_info: [3, 11, 2, 'final', 0],
    });
    expect(f.python_version).toBe('3.11.2');
  });
  it('a section that is not the probe\'s output gives none', () => {
    expect(parseFacts('\n@@mx python\n/usr/bin/python3\n\n@@mx end\n').python).toBeUndefined();
  });
});
