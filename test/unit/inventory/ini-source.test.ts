import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupVarValue, parseIniInventory } from '../../../src/inventory/ini-source.js';
import { fixture, formatted, parseWith } from './helpers.js';
import { fixtures } from '../../helpers/fixtures.js';

const fsText = fixtures('inventory');

const parse = (text: string) => parseWith(parseIniInventory, text, 'hosts.ini');

describe('INI inventories', () => {
  it('reads sections, host vars typed like Ansible, group vars as strings, children and ranges', async () => {
    const file = fixture('ini/hosts.ini');
    const { inv, errors } = parseWith(parseIniInventory, await fs.readFile(file, 'utf8'), file);
    expect(errors).toEqual([]);
    expect([...inv.hosts.keys()]).toEqual(['mail.example.com', 'jump', 'web1', 'web2', 'web3', 'web4', 'db-a', 'db-b', 'db-c']);
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['mail.example.com', 'jump']);
    expect(inv.hosts.get('jump')!.vars).toEqual({ ansible_host: '192.0.2.9', ansible_port: 2200 });
    expect(inv.hosts.get('web2')!.vars).toEqual({ http_port: 8080, opts: '-a -b' });
    expect(inv.hosts.get('web4')!.vars).toEqual({ ansible_become: true, ratio: 0.5, ports: [80, 443], mode: '0644', flag: true });
    expect(inv.hosts.get('db-b')!.vars).toEqual({ ansible_port: 5432 });
    expect(inv.groups.get('web')!.vars).toEqual({
      tier: 'web',
      ansible_ssh_common_args: '-o ProxyJump=jump',
      max: '10',
      raw: 'value with spaces # and a hash',
    });
    expect(inv.groups.get('prod')).toEqual({ name: 'prod', hosts: [], children: ['web', 'db'], vars: { env: 'prod' } });
    expect(inv.groups.get('all')!.vars).toEqual({ ntp: 'pool.ntp.org' });
    expect(inv.groups.get('all')!.children).toEqual(['ungrouped', 'prod']); // web and db are under prod
  });

  it('allows children and :vars before the group is declared, and an empty [group]', () => {
    const { inv, errors } = parse('[parent:children]\nkid\n\n[kid:vars]\na=1\n\n[kid]\nk1\n\n[lonely]\n');
    expect(errors).toEqual([]);
    expect(inv.groups.get('parent')!.children).toEqual(['kid']);
    expect(inv.groups.get('kid')).toEqual({ name: 'kid', hosts: ['k1'], children: [], vars: { a: '1' } });
    expect(inv.groups.get('lonely')!.hosts).toEqual([]);
  });

  it('merges a host listed in several groups, later values winning', () => {
    const { inv } = parse('[a]\nh1 x=1 y=1\n[b]\nh1 y=2\n');
    expect(inv.hosts.get('h1')!.vars).toEqual({ x: 1, y: 2 });
    expect(inv.groups.get('a')!.hosts).toEqual(['h1']);
    expect(inv.groups.get('b')!.hosts).toEqual(['h1']);
    expect(inv.groups.get('ungrouped')!.hosts).toEqual([]);
  });

  it('handles CRLF line ends, a BOM and ; comments', () => {
    const { inv, errors } = parse('\uFEFF; top\r\n[web]\r\nw1 a=1\r\n; x\r\n');
    expect(errors).toEqual([]);
    expect(inv.hosts.get('w1')!.vars).toEqual({ a: 1 });
  });

  it('names the undefined group of a :vars or :children section, with a hint', () => {
    const { errors } = parse(fsText('bad/typo.ini'));
    expect(formatted(errors)).toMatchInlineSnapshot(`
      "hosts.ini:4:2: section [webb:vars] is for group 'webb', which is not defined
        4 | [webb:vars]
          |  ^
        did you mean 'web'?

      hosts.ini:8:1: section [prod:children] names group 'wbe', which is not defined
        8 | wbe
          | ^
        declare it with a [wbe] section"
    `);
  });

  it('refuses unknown section types, spaces in headers and bad group names', () => {
    const { errors } = parse('[web:var]\na=1\n[web servers]\nh\n[we$b]\n[ok]\nfine\n');
    expect(formatted(errors)).toMatchInlineSnapshot(`
      "hosts.ini:1:6: section [web:var] has an unknown type 'var': expected vars or children
        1 | [web:var]
          |      ^
        did you mean 'vars'?

      hosts.ini:3:1: invalid section header '[web servers]': a section name cannot contain spaces
        3 | [web servers]
          | ^

      hosts.ini:5:2: invalid group name 'we$b': '$' is not allowed in a group name
        5 | [we$b]
          |  ^"
    `);
  });

  it('reports bad host lines with the column of the offending word', () => {
    const { errors } = parse('[web]\nw1 novalue\nw2 a="open\nw3:\nbad;name\nw4 =x\n');
    expect(errors.map((e) => `${e.loc!.line}:${e.loc!.col} ${e.message}`)).toEqual([
      "2:4 expected key=value host variable assignment, got 'novalue'",
      '3:6 cannot read this host line: no closing quotation',
      "4:1 invalid host pattern 'w3:': a name cannot end in ':', which is reserved for a port",
      "5:1 invalid host name 'bad;name': ';' is not allowed in a host name",
      "6:4 a host variable needs a name before '='",
    ]);
    expect(parse('[web]\nw1 novalue\n').inv.hosts.has('w1')).toBe(false);
  });

  it('refuses a :vars line without = and a bad child name', () => {
    const { errors } = parse('[web]\nw\n[web:vars]\nw2\n[p:children]\nweb extra\n');
    expect(formatted(errors)).toMatchInlineSnapshot(`
      "hosts.ini:4:1: expected key=value in [web:vars], got 'w2'
        4 | w2
          | ^
        hosts belong in [web], not in [web:vars]

      hosts.ini:6:1: expected a group name in [p:children], got 'web extra'
        6 | web extra
          | ^
        list one child group name per line"
    `);
  });

  it('recognises a YAML file read as INI', () => {
    const { errors } = parse('---\nall:\n');
    expect(errors[0].hint).toBe('this looks like a YAML file: name it .yml or .yaml');
  });

  it('refuses child group loops', () => {
    const { errors } = parse('[a:children]\nb\n[b:children]\na\n');
    expect(errors.map((e) => `${e.loc!.line}: ${e.message}`)).toEqual(["4: group 'a' cannot be a child of 'b': that makes a loop (a → b → a)"]);
  });
});

describe('groupVarValue', () => {
  it.each([
    ['plain', 'plain'],
    ['"double quoted"', 'double quoted'],
    ["'single # quoted'", 'single # quoted'],
    ['22', '22'],
    ['22  # comment', '22'],
    ["['a', 'b#c']  # c", "['a', 'b#c']"],
    ['True', 'True'],
    ['FALSE', 'FALSE'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (text, value) => {
    expect(groupVarValue(text)).toBe(value);
  });
});
