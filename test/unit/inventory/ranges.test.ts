import { describe, expect, it } from 'vitest';
import { expandHostPattern, expandRanges, HostPatternError, isIPv6, splitPort } from '../../../src/inventory/ranges.js';

describe('expandRanges', () => {
  it('keeps zero padding of numeric ranges', () => {
    expect(expandRanges('web[01:03].example.com')).toEqual(['web01.example.com', 'web02.example.com', 'web03.example.com']);
    expect(expandRanges('n[008:011]')).toEqual(['n008', 'n009', 'n010', 'n011']);
  });

  it('counts without padding when the begin has no leading zero', () => {
    expect(expandRanges('web[9:11]')).toEqual(['web9', 'web10', 'web11']);
  });

  it('honours a stride', () => {
    expect(expandRanges('web[1:10:2]')).toEqual(['web1', 'web3', 'web5', 'web7', 'web9']);
    expect(expandRanges('x[a:g:3]')).toEqual(['xa', 'xd', 'xg']);
  });

  it('expands letters, and an empty begin as 0', () => {
    expect(expandRanges('db-[a:c]')).toEqual(['db-a', 'db-b', 'db-c']);
    expect(expandRanges('h[:2]')).toEqual(['h0', 'h1', 'h2']);
  });

  it('expands several ranges, the first one outermost', () => {
    expect(expandRanges('r[1:2]-n[a:b]')).toEqual(['r1-na', 'r1-nb', 'r2-na', 'r2-nb']);
  });

  it('leaves a name without brackets alone', () => {
    expect(expandRanges('plain.example.com')).toEqual(['plain.example.com']);
  });

  it.each([
    ['web[1]', /expected \[begin:end\] or \[begin:end:step\]/],
    ['web[1:2:3:4]', /expected \[begin:end\]/],
    ['web[1:]', /must give an end value/],
    ['web[5:1]', /begin must not be after the end/],
    ['web[c:a]', /begin must not be after the end/],
    ['web[01:100]', /same length/],
    ['web[1:x]', /both be numbers or both single letters/],
    ['web[1:3:0]', /step must be a positive number/],
    ['web[1:3', /'\[' without '\]'/],
    ['web1:3]', /'\]' without '\['/],
    ['h[0:999999]', /more than 100000 hosts/],
  ])('refuses %s', (name, message) => {
    expect(() => expandRanges(name)).toThrow(HostPatternError);
    expect(() => expandRanges(name)).toThrow(message);
  });
});

describe('splitPort / expandHostPattern', () => {
  it('takes a port after the name, ranges included', () => {
    expect(splitPort('db1:2222')).toEqual({ name: 'db1', port: 2222 });
    expect(expandHostPattern('web[1:2]:2200')).toEqual({ names: ['web1', 'web2'], port: 2200 });
  });

  it('keeps IPv6 addresses whole, bracketed ones may carry a port', () => {
    expect(isIPv6('2001:db8::1')).toBe(true);
    expect(isIPv6('1:10:2')).toBe(false);
    expect(splitPort('2001:db8::1')).toEqual({ name: '2001:db8::1' });
    expect(splitPort('[2001:db8::1]:2222')).toEqual({ name: '2001:db8::1', port: 2222 });
    expect(splitPort('[::1]')).toEqual({ name: '::1' });
  });

  it('refuses a name ending in a colon, bad ports and extra colons', () => {
    expect(() => splitPort('web:')).toThrow(/cannot end in ':'/);
    expect(() => splitPort('web:http')).toThrow(/invalid port 'http'/);
    expect(() => splitPort('web:70000')).toThrow(/from 1 to 65535/);
    expect(() => splitPort('a:b:c')).toThrow(/expected NAME or NAME:PORT/);
  });

  it('refuses host names with spaces or shell metacharacters', () => {
    expect(() => expandHostPattern('web;rm')).toThrow("invalid host name 'web;rm': ';' is not allowed in a host name");
    expect(() => expandHostPattern('we b')).toThrow(/a space is not allowed/);
    expect(() => expandHostPattern('$(id)')).toThrow(/'\$' is not allowed/);
    expect(() => expandHostPattern('-oProxyCommand')).toThrow(/must start with a letter, digit or '_'/);
  });
});
