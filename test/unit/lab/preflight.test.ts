import { describe, expect, it } from 'vitest';
import { addressPlan } from '../../../src/lab/config.js';
import { findConflicts, type IpAddrLink, type IpRoute } from '../../../src/lab/preflight.js';

const plan = addressPlan('10.213.7');
const eth0: IpAddrLink = { ifname: 'eth0', addr_info: [{ family: 'inet', local: '192.0.2.2', prefixlen: 24 }] };
const routes: IpRoute[] = [{ dst: 'default', dev: 'eth0' }, { dst: '192.0.2.0/24', dev: 'eth0' }];

describe('findConflicts', () => {
  it('finds nothing on a machine that does not use the range', () => {
    expect(findConflicts(plan, 'mlab-x', false, [eth0], routes)).toEqual([]);
  });

  it('accepts the lab bridge it created earlier, with its routes', () => {
    const br: IpAddrLink = { ifname: 'mlab-x', linkinfo: { info_kind: 'bridge' }, addr_info: [{ family: 'inet', local: '10.213.7.1', prefixlen: 24 }] };
    expect(findConflicts(plan, 'mlab-x', true, [eth0, br], [...routes, { dst: '10.213.7.0/24', dev: 'mlab-x' }])).toEqual([]);
  });

  it('refuses a bridge name that exists but is not this lab\'s, or is not a bridge', () => {
    const br: IpAddrLink = { ifname: 'mlab-x', linkinfo: { info_kind: 'bridge' } };
    expect(findConflicts(plan, 'mlab-x', false, [eth0, br], routes)).toEqual([expect.stringMatching(/a link named mlab-x already exists and was not created by this lab/)]);
    const dummy: IpAddrLink = { ifname: 'mlab-x', linkinfo: { info_kind: 'dummy' } };
    expect(findConflicts(plan, 'mlab-x', true, [dummy], routes)).toEqual(['mlab-x exists but is not a bridge']);
  });

  it('refuses an address of another interface inside the range, also through a wider prefix', () => {
    const other: IpAddrLink = { ifname: 'wg0', addr_info: [{ family: 'inet', local: '10.213.7.20', prefixlen: 32 }] };
    const wide: IpAddrLink = { ifname: 'tun0', addr_info: [{ family: 'inet', local: '10.0.0.5', prefixlen: 8 }] };
    const v6: IpAddrLink = { ifname: 'x', addr_info: [{ family: 'inet6', local: 'fe80::1', prefixlen: 64 }] };
    const out = findConflicts(plan, 'mlab-x', false, [eth0, other, wide, v6], []);
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(/10\.213\.7\.20\/32 on wg0 is inside the lab's range 10\.213\.7\.0\/24/);
    expect(out[1]).toMatch(/10\.0\.0\.5\/8 on tun0/);
  });

  it('refuses routes into the range through another device, ignoring the default route', () => {
    const out = findConflicts(plan, 'mlab-x', false, [eth0], [
      ...routes,
      { dst: '10.213.7.128/25', dev: 'vpn0' },
      { dst: '10.213.7.9', dev: 'eth0' },
      { dst: '10.213.8.0/24', dev: 'eth0' },
    ]);
    expect(out).toEqual([
      expect.stringMatching(/route 10\.213\.7\.128\/25 dev vpn0 overlaps/),
      expect.stringMatching(/route 10\.213\.7\.9 dev eth0 overlaps/),
    ]);
  });
});
