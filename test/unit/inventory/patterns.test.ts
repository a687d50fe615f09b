import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadInventory } from '../../../src/inventory/index.js';
import { selectHosts, splitPattern } from '../../../src/inventory/patterns.js';
import { fnmatchRegExp } from '../../../src/py/glob.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { OptionsError, ValidationError } from '../../../src/util/errors.js';
import { fixture } from './helpers.js';

let inv: Inventory;
let tmp: string;
beforeAll(async () => {
  // hosts: bastion.example.com, web01..03.example.com, web-a, web-b, db1, db2
  // web ⊃ nginx{web01}; db{db1,db2}; staging{web01, db1}; empty
  inv = await loadInventory([fixture('yaml/hosts.yml')]);
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'inv-limit-'));
});
afterAll(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

const hosts = (pattern: string, limit?: string) => selectHosts(inv, pattern, limit).hosts;
const WEB = ['web01.example.com', 'web02.example.com', 'web03.example.com', 'web-a', 'web-b'];

describe('selectHosts', () => {
  it('all and * select every host in inventory order', () => {
    expect(hosts('all')).toEqual([...inv.hosts.keys()]);
    expect(hosts('*')).toEqual([...inv.hosts.keys()]);
  });

  it('selects by host name and by group (child groups included)', () => {
    expect(hosts('db1')).toEqual(['db1']);
    expect(hosts('web')).toEqual(WEB);
    expect(hosts('nginx')).toEqual(['web01.example.com']);
    expect(hosts('ungrouped')).toEqual(['bastion.example.com']);
  });

  it('unions with : and , and returns inventory order whatever the order written', () => {
    expect(hosts('db:nginx')).toEqual(['web01.example.com', 'db1', 'db2']);
    expect(hosts('db, bastion.example.com')).toEqual(['bastion.example.com', 'db1', 'db2']);
    expect(hosts('db web-a')).toEqual(['web-a', 'db1', 'db2']);
  });

  it('intersects with & and excludes with !, unions first whatever the order', () => {
    expect(hosts('web:&staging')).toEqual(['web01.example.com']);
    expect(hosts('all:!web')).toEqual(['bastion.example.com', 'db1', 'db2']);
    expect(hosts('!db:web:&staging')).toEqual(['web01.example.com']);
    expect(hosts('!web:db')).toEqual(['db1', 'db2']);
    expect(hosts('all,!staging,&db')).toEqual(['db2']);
  });

  it('takes all when only & and ! patterns are given', () => {
    expect(hosts('!web:!db')).toEqual(['bastion.example.com']);
  });

  it('matches globs against groups and hosts', () => {
    expect(hosts('*.example.com')).toEqual(['bastion.example.com', ...WEB.slice(0, 3)]);
    expect(hosts('web-?')).toEqual(['web-a', 'web-b']);
    expect(hosts('d[a-c][12]*')).toEqual(['db1', 'db2']); // a final [12] would be a subscript, as in Ansible
    expect(hosts('web-[!a]')).toEqual(['web-b']);
    expect(hosts('stag*')).toEqual(['web01.example.com', 'db1']);
  });

  it('matches ~regex from the start of names', () => {
    expect(hosts('~web0[23]')).toEqual(['web02.example.com', 'web03.example.com']);
    expect(hosts('~(?P<x>db)\\d')).toEqual(['db1', 'db2']);
    expect(hosts('~^ngin')).toEqual(['web01.example.com']);
  });

  it('slices the hosts of a group', () => {
    expect(hosts('web[0]')).toEqual(['web01.example.com']);
    expect(hosts('web[-1]')).toEqual(['web-b']);
    expect(hosts('web[1:3]')).toEqual(['web02.example.com', 'web03.example.com', 'web-a']);
    expect(hosts('web[3:]')).toEqual(['web-a', 'web-b']);
    expect(hosts('web[0]:db[1]')).toEqual(['web01.example.com', 'db2']);
  });

  it('warns about patterns and subscripts that match nothing', () => {
    expect(selectHosts(inv, 'nosuch:db')).toEqual({ hosts: ['db1', 'db2'], warnings: ['Could not match supplied host pattern, ignoring: nosuch'] });
    expect(selectHosts(inv, 'db[5]')).toEqual({ hosts: [], warnings: ["No hosts matched the subscripted pattern 'db[5]' (it has 2 hosts)"] });
    expect(selectHosts(inv, 'empty')).toEqual({ hosts: [], warnings: [] });
  });

  it('gives the implicit localhost when it is not in the inventory', () => {
    expect(selectHosts(inv, 'localhost')).toEqual({ hosts: ['localhost'], warnings: [] });
    expect(hosts('db1:127.0.0.1')).toEqual(['db1', '127.0.0.1']);
    expect(hosts('all')).not.toContain('localhost');
  });

  it('applies --limit, also from an @file of one pattern per line', async () => {
    expect(hosts('all', 'web:!nginx')).toEqual(WEB.slice(1));
    expect(hosts('db', 'staging')).toEqual(['db1']);
    const file = path.join(tmp, 'retry');
    await fs.writeFile(file, 'db2\n\n  web-a  \n');
    expect(hosts('all', `@${file}`)).toEqual(['web-a', 'db2']);
    expect(selectHosts(inv, 'all', 'nosuch').warnings).toEqual(['Could not match supplied host pattern, ignoring: nosuch']);
  });

  it('refuses a missing limit file as a bad option', () => {
    expect(() => selectHosts(inv, 'all', `@${path.join(tmp, 'missing')}`)).toThrow(OptionsError);
    expect(() => selectHosts(inv, 'all', `@${tmp}`)).toThrow(/must be a file, not a directory/);
  });

  it.each([
    ['', 'empty host pattern: give a host, a group or \'all\''],
    ['web:!', "malformed host pattern '!': '!' must be followed by a host or group"],
    ['&!web', "malformed host pattern '&!web': use only one of '&' or '!' before a name"],
    ['~web(', "malformed host pattern '~web(': invalid regular expression"],
    ['web[0', "malformed host pattern 'web[0': unbalanced '[' and ']'"],
    ['@hosts', "malformed host pattern '@hosts': '@file' is only for --limit"],
  ])('refuses the malformed pattern %j', (pattern, message) => {
    expect(() => selectHosts(inv, pattern)).toThrow(ValidationError);
    expect(() => selectHosts(inv, pattern)).toThrow(message);
  });
});

describe('splitPattern and fnmatchRegExp', () => {
  it('splits on commas, colons outside brackets and spaces; keeps IPv6 whole', () => {
    expect(splitPattern('a:b,c d')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitPattern('web[1:3]:db')).toEqual(['web[1:3]', 'db']);
    expect(splitPattern('2001:db8::1,!fe80::2')).toEqual(['2001:db8::1', '!fe80::2']);
  });

  it('translates shell globs like Python fnmatch', () => {
    expect(fnmatchRegExp('a.b*').test('a.bcd')).toBe(true);
    expect(fnmatchRegExp('a.b*').test('axbcd')).toBe(false);
    expect(fnmatchRegExp('[').test('[')).toBe(true);
    expect(fnmatchRegExp('h[!0-4]').test('h7')).toBe(true);
  });
});
