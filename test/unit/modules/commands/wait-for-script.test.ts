import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import {
  addressHexes, buildWaitScript, ipv4Hex, ipv6Hex, isLocalHost, listenAddresses, matchGroups, needsClient, parseWaitOutput,
  pythonRegex, socketLinePattern, type WaitSpec,
} from '../../../../src/modules/commands/wait-for-script.js';

const base: WaitSpec = {
  host: '127.0.0.1', state: 'started', delay: 0, timeout: 10, sleep: 1, connectTimeout: 5, excludeHosts: [], activeStates: ['ESTABLISHED'],
};

describe('socket table addresses', () => {
  it('writes IPv4 little-endian as /proc/net/tcp does', () => {
    expect(ipv4Hex('127.0.0.1')).toBe('0100007F');
    expect(ipv4Hex('10.1.2.3')).toBe('0302010A');
    expect(ipv4Hex('256.0.0.1')).toBeUndefined();
    expect(ipv4Hex('web1')).toBeUndefined();
  });
  it('writes IPv6 as four little-endian words, including v4-mapped', () => {
    expect(ipv6Hex('::1')).toBe('00000000000000000000000001000000');
    expect(ipv6Hex('::')).toBe('0'.repeat(32));
    expect(ipv6Hex('fe80::1')).toBe('000080FE000000000000000001000000');
    expect(ipv6Hex('::ffff:127.0.0.1')).toBe('0000000000000000FFFF00000100007F');
    expect(ipv6Hex('1:2:3')).toBeUndefined();
  });
  it('a connect to 127.0.0.1 reaches sockets on it or on a wildcard address', () => {
    expect(listenAddresses('127.0.0.1')).toEqual(['0100007F', '00000000', '0'.repeat(32), '0000000000000000FFFF00000100007F']);
    expect(listenAddresses('localhost')).toContain('00000000000000000000000001000000');
    expect(listenAddresses('0.0.0.0')).toBe('any');
  });
  it('exclude_hosts must be addresses', () => {
    expect(addressHexes('10.0.0.1')).toEqual(['0100000A', '0000000000000000FFFF00000100000A']);
    expect(() => addressHexes('db.example')).toThrow(/IP addresses/);
  });
  it('the LISTEN pattern matches the kernel line format', () => {
    const re = new RegExp(socketLinePattern(listenAddresses('127.0.0.1'), 8080, ['0A']));
    expect(re.test('   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1')).toBe(true);
    expect(re.test('   0: 0100007F:1F91 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1234 1')).toBe(false);
    expect(re.test('   1: 0100007F:1F90 0100007F:D2B4 01 00000000:00000000 00:00000000 00000000     0        0 1235 1')).toBe(false);
    expect(re.test('   2: 0202000A:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1236 1')).toBe(false);
  });
  it('localhost names are checked in the socket tables, others need a client', () => {
    expect(isLocalHost('127.0.0.53')).toBe(true);
    expect(isLocalHost('10.0.0.1')).toBe(false);
    expect(needsClient({ ...base, port: 80 })).toBe(false);
    expect(needsClient({ ...base, port: 80, host: 'db' })).toBe(true);
    expect(needsClient({ ...base, port: 80, searchRegex: 'SSH' })).toBe(true);
  });
});

describe('buildWaitScript', () => {
  const variants: Array<[string, WaitSpec]> = [
    ['local port', { ...base, port: 80 }],
    ['remote port stopped', { ...base, port: 80, host: 'db.example', state: 'stopped' }],
    ['port banner', { ...base, port: 22, searchRegex: "Open'SSH$" }],
    ['drained', { ...base, port: 80, state: 'drained', excludeHosts: ['10.0.0.9'] }],
    ['path', { ...base, path: "/tmp/it's here", delay: 1.5 }],
    ['path regex', { ...base, path: '/var/log/x', searchRegex: '(?P<v>\\d+) ready' }],
    ['absent', { ...base, path: '/run/lock', state: 'absent' }],
  ];
  it.each(variants)('%s: valid dash syntax', (_n, spec) => {
    const r = spawnSync('/bin/sh', ['-n', '-c', buildWaitScript('N0NCE', spec)], { encoding: 'utf8', timeout: 5000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('quotes user values: a path with quotes and $ stays one literal word', () => {
    const s = buildWaitScript('N0NCE', { ...base, path: "/tmp/a'$(touch x)" });
    expect(s).toContain(`[ -e '/tmp/a'\\''$(touch x)' ]`);
  });
  it('waits in one loop bounded by the timeout (centiseconds) and sleeps between checks', () => {
    const s = buildWaitScript('N0NCE', { ...base, path: '/x', timeout: 2.5, sleep: 0.5, delay: 3 });
    expect(s).toContain('__deadline=$(( __start + 250 ))');
    expect(s).toContain('sleep 0.5');
    expect(s).toContain('sleep 3\n');
  });
});

describe('parseWaitOutput', () => {
  it('reads status and elapsed', () => {
    expect(parseWaitOutput('N', 'N ok 1234\n')).toEqual({ status: 'ok', elapsed: 12.34 });
    expect(parseWaitOutput('N', 'noise\nN timeout 300\n')).toEqual({ status: 'timeout', elapsed: 3 });
    expect(parseWaitOutput('N', 'N notool\n')).toEqual({ status: 'notool', elapsed: 0 });
  });
  it('returns the excerpt after the marker', () => {
    expect(parseWaitOutput('N', 'N ok 5\nversion 42 ready\n')).toEqual({ status: 'ok', elapsed: 0.05, data: 'version 42 ready\n' });
  });
  it('undefined when the loop never printed its marker', () => {
    expect(parseWaitOutput('N', 'sh: syntax error')).toBeUndefined();
  });
});

describe('match groups', () => {
  it('converts Python named groups and matches multi-line', () => {
    expect(pythonRegex('(?P<v>\\d+)(?P=v)')?.source).toBe('(?<v>\\d+)\\k<v>');
    expect(matchGroups('^(?P<k>\\w+)=(\\d+)$', 'x\nport=8080\n')).toEqual({ match_groups: ['port', '8080'], match_groupdict: { k: 'port' } });
  });
  it('empty when there is no match or no text', () => {
    expect(matchGroups('nope', 'text')).toEqual({ match_groups: [], match_groupdict: {} });
    expect(matchGroups('x', undefined)).toEqual({ match_groups: [], match_groupdict: {} });
  });
});
