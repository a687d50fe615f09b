import { describe, expect, it } from 'vitest';
import { addressPlan, labPaths } from '../../../src/lab/config.js';
import { dnsmasqArgs } from '../../../src/lab/dhcp.js';
import { proxiedMirror, proxyConfig } from '../../../src/lab/proxy.js';

const env = { MACHINIST_LAB_DIR: '/srv/labs', MACHINIST_LAB_CACHE: '/srv/cache' };
const paths = labPaths('e2e', env);
const plan = addressPlan('10.213.7');

describe('apt proxy', () => {
  it('binds apt-cacher-ng to the gateway with the lab\'s own cache, log, pid and socket', () => {
    const conf = Object.fromEntries(
      proxyConfig(paths, plan)
        .split('\n')
        .filter((l) => l && !l.startsWith('#'))
        .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]),
    );
    expect(conf).toMatchObject({
      CacheDir: '/srv/cache/apt-e2e',
      LogDir: '/srv/labs/e2e/proxy/log',
      BindAddress: '10.213.7.1',
      Port: '3142',
      PidFile: '/srv/labs/e2e/proxy/apt-cacher-ng.pid',
      SocketPath: '/srv/labs/e2e/proxy/socket',
      ForeGround: '0',
    });
    expect(conf['Remap-debrep']).toBe('file:deb_mirror*.gz /debian ; file:backends_debian');
  });

  it('gives hosts the mirror URL through the proxy', () => {
    expect(proxiedMirror(plan)).toBe('http://10.213.7.1:3142/deb.debian.org/debian');
  });
});

describe('dnsmasq', () => {
  it('serves DHCP only, on the lab bridge, with the lab\'s lease/pid/log files', () => {
    const a = dnsmasqArgs(paths, plan, 'mlab-e2e');
    expect(a[0]).toBe('dnsmasq');
    expect(a).toEqual(expect.arrayContaining([
      '--port=0',
      '--interface=mlab-e2e',
      '--bind-interfaces',
      '--conf-file=/dev/null',
      '--dhcp-range=10.213.7.100,10.213.7.250,255.255.255.0,12h',
      '--dhcp-leasefile=/srv/labs/e2e/dnsmasq.leases',
      '--pid-file=/srv/labs/e2e/dnsmasq.pid',
    ]));
  });
});
