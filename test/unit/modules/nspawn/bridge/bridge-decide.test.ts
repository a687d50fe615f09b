import { describe, expect, it } from 'vitest';
import { bridgeSchema } from '../../../../../src/modules/nspawn/bridge/bridge-args.js';
import { parseBridgeProbe, type BridgeProbe } from '../../../../../src/modules/nspawn/bridge/bridge-state.js';
import { BridgePlanError, decideBridge, routeLine, transitionBatch } from '../../../../../src/modules/nspawn/bridge/bridge-decide.js';
import { fixtures } from '../../../../helpers/fixtures.js';

// captured from a lab host (Debian 12, static eth0 by ifupdown) before and after the bridge module ran
const probe = fixtures('modules/nspawn');
const fixture = (n: string) => parseBridgeProbe(probe(n));
const plain = () => fixture('bridge-probe-plain.txt');
const bridged = () => fixture('bridge-probe-bridged.txt');
const decide = (p: BridgeProbe, args: Record<string, unknown> = {}) => decideBridge(bridgeSchema.parse(args), p);

const MAC = '96:bd:5c:79:ad:57';
const ORIGINAL = '# interfaces(5) file used by ifup(8) and ifdown(8)\nsource /etc/network/interfaces.d/*\n\nauto lo\niface lo inet loopback\n\nauto eth0\niface eth0 inet static\n    address 10.213.17.11/24\n    gateway 10.213.17.1\n';

describe('bridge probe parsing (captured ip -j output)', () => {
  it('reads links, addresses, routes, files and tools', () => {
    const p = plain();
    expect(p.links.eth0).toEqual({ name: 'eth0', mac: MAC, up: true, kind: 'veth', addrs: [{ local: '10.213.17.11', prefixlen: 24 }] });
    expect(p.links.lo.addrs).toEqual([]);
    expect(p.routes).toEqual([
      { dst: 'default', gateway: '10.213.17.1', dev: 'eth0', onlink: true },
      { dst: '10.213.17.0/24', dev: 'eth0', protocol: 'kernel', prefsrc: '10.213.17.11', scope: 'link' },
    ]);
    expect(p.files['/etc/network/interfaces']).toBe(ORIGINAL);
    expect(p).toMatchObject({ ifup: true, bridgeUtils: false, systemd: true, networkdEnabled: false, cutoverActive: false });
  });
  it('a bridged host: the bridge kind, STP and forward delay, its port, the address on the bridge', () => {
    const p = bridged();
    expect(p.links.br0).toMatchObject({ kind: 'bridge', mac: MAC, stp: 0, forwardDelay: 0, addrs: [{ local: '10.213.17.11', prefixlen: 24 }] });
    expect(p.links.eth0).toMatchObject({ master: 'br0', addrs: [] });
    expect(p.bridgeUtils).toBe(true);
    expect(Object.keys(p.files).sort()).toEqual(['/etc/network/interfaces', '/etc/network/interfaces.d/br0']);
  });
});

describe('bridge plan', () => {
  it('plain host, defaults: the port of the default route, its address, gateway and MAC go to br0', () => {
    const d = decide(plain());
    expect(d.changed).toBe(true);
    expect(d.live).toBe(true);
    expect(d.files.map((f) => f.path)).toEqual(['/etc/network/interfaces.d/br0', '/etc/network/interfaces']);
    expect(d.files[0].after).toBe(
      '# Written by machinist (bridge module). Changes here are replaced on its next run.\nauto br0\niface br0 inet static\n' +
        `    bridge_ports eth0\n    bridge_hw ${MAC}\n    bridge_stp off\n    bridge_fd 0\n    address 10.213.17.11/24\n    gateway 10.213.17.1\n`,
    );
    expect(d.files[1].after).toBe('# interfaces(5) file used by ifup(8) and ifdown(8)\nsource /etc/network/interfaces.d/*\n\nauto lo\niface lo inet loopback\n\niface eth0 inet manual\n');
    expect(d.forward).toEqual([
      'link add name br0 type bridge stp_state 0 forward_delay 0',
      `link set dev br0 address ${MAC}`,
      'link set dev eth0 master br0',
      'link set dev eth0 up',
      'link set dev br0 up',
      'route flush dev eth0',
      'address flush dev eth0 scope global',
      'address replace 10.213.17.11/24 dev br0',
      'route replace default via 10.213.17.1 dev br0 onlink',
    ]);
    expect(d.rollback).toEqual([
      'link set dev eth0 nomaster',
      'route flush dev br0',
      'address flush dev br0 scope global',
      'link del dev br0',
      'link set dev eth0 up',
      'address replace 10.213.17.11/24 dev eth0',
      'route replace default via 10.213.17.1 dev eth0 onlink',
    ]);
    expect(d).toMatchObject({ checkDev: 'br0', gateway: '10.213.17.1', networkd: false });
    expect(d.result).toEqual({ name: 'br0', state: 'present', backend: 'ifupdown', ports: ['eth0'], mac: MAC, address: '10.213.17.11/24', gateway: '10.213.17.1' });
  });
  it('already bridged with the same config: nothing to do (ports default to the bridge members)', () => {
    const d = decide(bridged());
    expect(d.changed).toBe(false);
    expect(d.files).toEqual([]);
    expect(d.forward).toEqual([]);
    expect(d.result.ports).toEqual(['eth0']);
  });
  it("guests' veth links on the bridge (vb-NAME) are not taken for its ports: still nothing to do", () => {
    const p = bridged();
    for (const g of ['vb-g1', 'vb-g2', 've-web']) p.links[g] = { name: g, mac: '02:00:00:00:00:01', up: true, kind: 'veth', master: 'br0', addrs: [] };
    const d = decide(p);
    expect(d.changed).toBe(false);
    expect(d.result.ports).toEqual(['eth0']);
  });
  it('a new static gateway on a bridged host: only the route changes live, rollback puts the old one back', () => {
    const d = decide(bridged(), { address: 'static', ipv4_address: '10.213.17.11/24', gateway: '10.213.17.99' });
    expect(d.files.map((f) => f.path)).toEqual(['/etc/network/interfaces.d/br0']);
    expect(d.files[0].after).toContain('    gateway 10.213.17.99\n');
    expect(d.forward.at(-1)).toBe('route replace default via 10.213.17.99 dev br0 onlink');
    expect(d.forward).not.toContain('address flush dev br0 scope global');
    expect(d.rollback.at(-1)).toBe('route replace default via 10.213.17.1 dev br0 onlink');
    expect(d.gateway).toBe('10.213.17.99');
  });
  it('a new static address moves off the old one; stp and forward delay are set live and in the file', () => {
    const d = decide(plain(), { address: 'static', ipv4_address: '10.213.17.55/24', gateway: '10.213.17.1', stp: true, forward_delay: 4 });
    expect(d.forward[0]).toBe('link add name br0 type bridge stp_state 1 forward_delay 400');
    expect(d.forward).toContain('address replace 10.213.17.55/24 dev br0');
    expect(d.files[0].after).toContain('    bridge_stp on\n    bridge_fd 4\n    address 10.213.17.55/24\n');
  });
  it('dhcp: no static address or route; the file says inet dhcp', () => {
    const d = decide(plain(), { address: 'dhcp' });
    expect(d.to).toMatchObject({ holder: 'br0', addrs: [], routes: [], dhcp: true });
    expect(d.files[0].after).toContain('iface br0 inet dhcp\n');
    expect(d.files[0].after).not.toContain('address ');
    expect(d.forward).toContain('address flush dev eth0 scope global');
    expect(d.gateway).toBeUndefined();
  });
  it('keep on a port configured by DHCP: the bridge runs DHCP too (the lease is not frozen into a static address)', () => {
    const p = plain();
    p.files['/etc/network/interfaces'] = p.files['/etc/network/interfaces'].replace(/iface eth0 inet static\n.*$/s, 'iface eth0 inet dhcp\n');
    const d = decide(p);
    expect(d.from).toMatchObject({ holder: 'eth0', dhcp: true, addrs: ['10.213.17.11/24'] });
    expect(d.to).toMatchObject({ holder: 'br0', dhcp: true, addrs: [] });
    expect(d.files[0].after).toContain('iface br0 inet dhcp\n');
    // rolling back puts the leased address back on eth0 (the script restarts eth0's DHCP client)
    expect(d.rollback).toContain('address replace 10.213.17.11/24 dev eth0');
  });
  it('absent on a bridged host: the port gets the address back in the live network and in its stanza', () => {
    const d = decide(bridged(), { state: 'absent' });
    expect(d.files.map((f) => [f.path, f.after])).toEqual([
      ['/etc/network/interfaces.d/br0', undefined],
      ['/etc/network/interfaces', ORIGINAL],
    ]);
    expect(d.forward).toEqual([
      'link set dev eth0 nomaster',
      'route flush dev br0',
      'address flush dev br0 scope global',
      'link del dev br0',
      'link set dev eth0 up',
      'address replace 10.213.17.11/24 dev eth0',
      'route replace default via 10.213.17.1 dev eth0 onlink',
    ]);
    expect(d.rollback[0]).toBe('link add name br0 type bridge stp_state 0 forward_delay 0');
    expect(d.checkDev).toBe('eth0');
    expect(decide(plain(), { state: 'absent' }).changed).toBe(false);
  });
  it('networkd backend: .netdev with the port MAC, .network files, the port stanza still manual', () => {
    const d = decide(plain(), { backend: 'networkd', dns: ['10.213.17.1'] });
    const byPath = Object.fromEntries(d.files.map((f) => [f.path, f.after]));
    expect(byPath['/etc/systemd/network/br0.netdev']).toContain(`[NetDev]\nName=br0\nKind=bridge\nMACAddress=${MAC}\n\n[Bridge]\nSTP=no\nForwardDelaySec=0\n`);
    expect(byPath['/etc/systemd/network/br0.network']).toContain('[Match]\nName=br0\n\n[Network]\nAddress=10.213.17.11/24\nGateway=10.213.17.1\nDNS=10.213.17.1\n');
    expect(byPath['/etc/systemd/network/br0-eth0.network']).toContain('[Match]\nName=eth0\n\n[Network]\nBridge=br0\n');
    expect(byPath['/etc/network/interfaces']).toContain('iface eth0 inet manual\n');
    expect(byPath['/etc/network/interfaces.d/br0']).toBeUndefined();
    expect(d.networkd).toBe(true);
  });
  it('refuses what it cannot do safely, before anything changes', () => {
    expect(() => decide(plain(), { ports: ['eth9'] })).toThrow(new BridgePlanError('the port eth9 does not exist on this host'));
    const p = plain();
    p.files['/etc/network/interfaces'] += '\nauto br0\niface br0 inet dhcp\n';
    expect(() => decide(p)).toThrow(/br0 is already configured in \/etc\/network\/interfaces/);
    const q = plain();
    q.routes = q.routes.filter((r) => r.dst !== 'default');
    expect(() => decide(q)).toThrow(/no default route/);
    const r = plain();
    r.links.br0 = { name: 'br0', mac: '02:00:00:00:00:01', up: true, kind: 'veth', addrs: [] };
    expect(() => decide(r)).toThrow('br0 exists and is a veth interface, not a bridge');
  });
  it('routes with odd fields are not written into the batch', () => {
    expect(routeLine({ dst: '10.1.0.0/16', gateway: '10.213.17.2', dev: 'eth0', metric: 100, protocol: 'static' }, 'br0')).toBe('route replace 10.1.0.0/16 via 10.213.17.2 dev br0 proto static metric 100');
    expect(routeLine({ dst: '10.1.0.0/16\nlink del eth0', dev: 'eth0' }, 'br0')).toBeUndefined();
    expect(routeLine({ dst: 'default', gateway: 'fe80::1', dev: 'eth0' }, 'br0')).toBeUndefined();
  });
  it('a transition and its reverse between two bridges states keep the ports in sync', () => {
    const a = { bridge: { mac: MAC, stp: false, forwardDelay: 0, ports: ['eth0'] }, holder: 'br0', addrs: ['10.0.0.2/24'], routes: [], dhcp: false };
    const b = { ...a, bridge: { ...a.bridge, ports: ['eth1'] } };
    expect(transitionBatch('br0', a, b)).toEqual([
      'link set dev br0 type bridge stp_state 0 forward_delay 0',
      `link set dev br0 address ${MAC}`,
      'link set dev eth0 nomaster',
      'link set dev eth1 master br0',
      'link set dev eth1 up',
      'link set dev br0 up',
      'address replace 10.0.0.2/24 dev br0',
    ]);
  });
});

describe('bridge arguments', () => {
  it('defaults', () => {
    expect(bridgeSchema.parse({})).toEqual({ name: 'br0', address: 'keep', backend: 'ifupdown', stp: false, forward_delay: 0, confirm_timeout: 30, state: 'present' });
    expect(bridgeSchema.parse({ ports: 'eth1' }).ports).toEqual(['eth1']);
  });
  it('refuses bad names and inconsistent addresses', () => {
    const bad = (a: Record<string, unknown>) => bridgeSchema.safeParse(a).error?.issues[0].message;
    expect(bad({ name: 'br-with-a-long-name' })).toContain('at most 15 characters');
    expect(bad({ name: 'br0;reboot' })).toContain('only letters, digits');
    expect(bad({ ports: ['eth0 eth1'] })).toContain('only letters, digits');
    expect(bad({ address: 'static' })).toContain('address: static needs ipv4_address');
    expect(bad({ address: 'static', ipv4_address: '10.0.0.300/24' })).toContain('is not an IPv4 address with a prefix length');
    expect(bad({ address: 'static', ipv4_address: '10.0.0.3' })).toContain('prefix length');
    expect(bad({ gateway: '10.0.0.1' })).toContain('go with address: static');
    expect(bad({ stp: true })).toContain('forward_delay between 2 and 30');
    expect(bad({ confirm_timeout: 1 })).toContain('at least 5 seconds');
    expect(bad({ name: 'br1', ports: ['br1'] })).toContain('cannot be its own port');
  });
});
