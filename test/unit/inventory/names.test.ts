import { describe, expect, it } from 'vitest';
import { badGroupName, badHostName } from '../../../src/inventory/names.js';

describe('host and group names', () => {
  it.each(['web01', 'web-1.example.com', '192.0.2.1', '2001:db8::1', 'fe80::1%eth0', 'host_1', 'münchen'])('accepts host %s', (n) => {
    expect(badHostName(n)).toBeUndefined();
  });

  it.each([
    ['', 'a host name cannot be empty'],
    ['we b', "invalid host name 'we b': a space is not allowed in a host name"],
    ['a;b', "invalid host name 'a;b': ';' is not allowed in a host name"],
    ['a`id`', "invalid host name 'a`id`': '`' is not allowed in a host name"],
    ['a\tb', "invalid host name 'a\tb': a tab is not allowed in a host name"],
    ['a\u0001', "invalid host name 'a\u0001': the control character \\x01 is not allowed in a host name"],
    ['-x', "invalid host name '-x': a host name must start with a letter, digit or '_'"],
  ])('refuses host %j', (n, why) => {
    expect(badHostName(n)).toBe(why);
  });

  it.each(['web', 'web-servers', 'dc1.prod', '_private', 'all', 'ungrouped'])('accepts group %s', (n) => {
    expect(badGroupName(n)).toBeUndefined();
  });

  it.each([
    ['web servers', /a space is not allowed/],
    ['web:vars', /':' is not allowed/],
    ['a$b', /'\$' is not allowed/],
    ['.hidden', /must start with/],
  ])('refuses group %j', (n, why) => {
    expect(badGroupName(n)).toMatch(why);
  });
});
