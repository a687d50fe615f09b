import { describe, expect, it } from 'vitest';
import {
  LabError, addressPlan, checkCount, checkLabName, checkSuite, defaultSubnet, hostAddress, hostIndex, hostName, labDir,
  labPaths, linkNames, parseState, parseSubnet, MAX_HOSTS,
} from '../../../src/lab/config.js';

describe('lab names', () => {
  it('accepts short lowercase names and refuses what cannot make link names', () => {
    expect(checkLabName('e2e')).toBe('e2e');
    expect(checkLabName('a-b-c')).toBe('a-b-c');
    for (const bad of ['', 'E2E', '1lab', 'toolongname', 'a_b', 'a b', 'lab-', '-lab', "x'y"]) {
      expect(() => checkLabName(bad), bad).toThrow(LabError);
    }
  });

  it('makes link names of at most 15 characters, unique per lab and host', () => {
    const longest = linkNames('abcdefghij');
    expect(longest.bridge).toBe('mlab-abcdefghij');
    expect(longest.veth(MAX_HOSTS)).toBe('mlabcdefghijh89');
    for (const n of [longest.bridge, longest.veth(MAX_HOSTS)]) expect(n.length).toBeLessThanOrEqual(15);
    expect(longest.netns(3)).toBe('mlab-abcdefghij-h3');
    const seen = new Set<string>();
    for (const lab of ['a', 'ah1', 'a1', 'a1h']) for (let i = 1; i <= 20; i++) seen.add(linkNames(lab).veth(i));
    expect(seen.size).toBe(80);
  });

  it('names hosts hN and parses them back', () => {
    expect(hostName(1)).toBe('h1');
    expect(hostIndex('h12')).toBe(12);
    for (const bad of ['h0', 'h90', 'h01', 'x1', 'h', 'h1 ']) expect(hostIndex(bad), bad).toBeUndefined();
    expect(() => checkCount(0)).toThrow(/1 to 89/);
    expect(() => checkCount(2.5)).toThrow(LabError);
    expect(checkCount(MAX_HOSTS)).toBe(MAX_HOSTS);
  });

  it('knows the supported suites', () => {
    expect(checkSuite('bookworm')).toBe('bookworm');
    expect(() => checkSuite('bookwrom')).toThrow(/unsupported suite "bookwrom"/);
  });
});

describe('address plan', () => {
  it('derives a stable private /24 from the name, different for different labs', () => {
    expect(defaultSubnet('e2e')).toBe(defaultSubnet('e2e'));
    expect(defaultSubnet('e2e')).toMatch(/^10\.213\.(\d+)$/);
    const third = Number(defaultSubnet('dev').split('.')[2]);
    expect(third).toBeGreaterThanOrEqual(1);
    expect(third).toBeLessThanOrEqual(254);
    const labs = ['default', 'e2e', 'dev', 'ci', 'demo', 'test'].map(defaultSubnet);
    expect(new Set(labs).size).toBe(labs.length);
  });

  it('puts the gateway, hosts and DHCP range inside the /24 without overlap', () => {
    const p = addressPlan('10.213.7');
    expect(p).toMatchObject({ cidr: '10.213.7.0/24', gateway: '10.213.7.1', dhcpStart: '10.213.7.100', dhcpEnd: '10.213.7.250' });
    expect(hostAddress('10.213.7', 1)).toBe('10.213.7.11');
    expect(hostAddress('10.213.7', MAX_HOSTS)).toBe('10.213.7.99');
  });

  it('accepts only private /24 subnets given by the user', () => {
    expect(parseSubnet('10.9.8.0/24')).toBe('10.9.8');
    expect(parseSubnet('192.168.50')).toBe('192.168.50');
    expect(parseSubnet('172.20.1.0/24')).toBe('172.20.1');
    for (const bad of ['8.8.8.0/24', '10.1.2.0/16', '10.1.256.0/24', '172.32.0.0/24', 'x', '10.1.2.3']) {
      expect(() => parseSubnet(bad), bad).toThrow(LabError);
    }
  });
});

describe('paths', () => {
  it('puts state under MACHINIST_LAB_DIR and caches under MACHINIST_LAB_CACHE when set', () => {
    const env = { MACHINIST_LAB_DIR: '/tmp/labs', MACHINIST_LAB_CACHE: '/tmp/cache' };
    expect(labDir('e2e', env)).toBe('/tmp/labs/e2e');
    const p = labPaths('e2e', env);
    expect(p.inventory).toBe('/tmp/labs/e2e/inventory.yml');
    expect(p.knownHosts).toBe('/tmp/labs/e2e/known_hosts');
    expect(p.hostDir(2)).toBe('/tmp/labs/e2e/hosts/h2');
    expect(p.base('bookworm')).toBe('/tmp/cache/base-bookworm');
    expect(p.aptCache).toBe('/tmp/cache/apt-e2e');
  });

  it('defaults to /var/lib and /var/cache', () => {
    expect(labDir('x', {})).toBe('/var/lib/machinist/lab/x');
    expect(labPaths('x', {}).base('trixie')).toBe('/var/cache/machinist/lab/base-trixie');
  });
});

describe('state.json', () => {
  const good = { name: 'e2e', prefix: '10.213.5', suite: 'bookworm', bridge: 'mlab-e2e', createdAt: '2026-01-01T00:00:00Z' };

  it('reads back what up writes', () => {
    expect(parseState(JSON.stringify(good), 'state.json')).toEqual(good);
  });

  it('refuses broken or foreign state with the file named', () => {
    expect(() => parseState('{', 's.json')).toThrow(/s\.json: not valid JSON/);
    expect(() => parseState(JSON.stringify({ ...good, prefix: 5 }), 's.json')).toThrow(/"prefix" must be a string/);
    expect(() => parseState(JSON.stringify({ ...good, bridge: 'eth0' }), 's.json')).toThrow(/does not belong to lab e2e/);
    expect(() => parseState(JSON.stringify({ ...good, prefix: '8.8.8' }), 's.json')).toThrow(/private/);
  });
});
