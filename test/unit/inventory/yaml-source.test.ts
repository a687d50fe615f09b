import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseYamlInventory } from '../../../src/inventory/yaml-source.js';
import { fixture, formatted, parseWith } from './helpers.js';

const parse = (text: string) => parseWith(parseYamlInventory, text, 'hosts.yml');

describe('YAML inventories', () => {
  it('reads nested groups, ranges, host vars and hosts in several groups', async () => {
    const file = fixture('yaml/hosts.yml');
    const { inv, errors } = parseWith(parseYamlInventory, await fs.readFile(file, 'utf8'), file);
    expect(errors).toEqual([]);
    expect([...inv.hosts.keys()]).toEqual([
      'bastion.example.com',
      'web01.example.com',
      'web02.example.com',
      'web03.example.com',
      'web-a',
      'web-b',
      'db1',
      'db2',
    ]);
    expect(inv.groups.get('web')).toEqual({
      name: 'web',
      hosts: ['web01.example.com', 'web02.example.com', 'web03.example.com', 'web-a', 'web-b'],
      children: ['nginx'],
      vars: { tier: 'web', http_port: 80 },
    });
    expect(inv.groups.get('nginx')!.hosts).toEqual(['web01.example.com']);
    expect(inv.groups.get('staging')!.hosts).toEqual(['web01.example.com', 'db1']);
    expect(inv.groups.get('all')!.children).toEqual(['ungrouped', 'web', 'db', 'staging', 'empty']);
    expect(inv.groups.get('all')!.vars).toEqual({ ntp: 'pool.ntp.org', tier: 'all' });
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['bastion.example.com']);
    expect(inv.groups.get('empty')).toEqual({ name: 'empty', hosts: [], children: [], vars: {} });
    expect(inv.hosts.get('web01.example.com')!.vars).toEqual({ worker_processes: 4 });
    expect(inv.hosts.get('db1')!.vars).toEqual({ ansible_port: 5432 });
    expect(inv.hosts.get('db2')!.vars).toEqual({ ansible_port: 2222 });
    expect(inv.hosts.get('bastion.example.com')!.vars).toEqual({ ansible_host: '192.0.2.1' });
  });

  it('takes top-level groups without all:, null groups and flow mappings', () => {
    const { inv, errors } = parse('web:\n  hosts: {h1: , h2: {ansible_host: 1.2.3.4}}\nlonely:\n');
    expect(errors).toEqual([]);
    expect(inv.groups.get('web')!.hosts).toEqual(['h1', 'h2']);
    expect(inv.hosts.get('h2')!.vars).toEqual({ ansible_host: '1.2.3.4' });
    expect(inv.groups.get('all')!.children).toEqual(['ungrouped', 'web', 'lonely']);
  });

  it('keeps key text as written: 010 is a host named 010', () => {
    const { inv } = parse('g:\n  hosts:\n    010:\n    1.5:\n');
    expect([...inv.hosts.keys()]).toEqual(['010', '1.5']);
  });

  it('merges a group that appears twice and resolves anchors and merge keys', () => {
    const { inv, errors } = parse(
      [
        'all:',
        '  children:',
        '    a:',
        '      vars: &common {x: 1, y: 2}',
        '      children:',
        '        shared: {hosts: {h1: }, vars: {from: a}}',
        '    b:',
        '      children:',
        '        shared: {hosts: {h2: }, vars: {from: b}}',
        '      vars:',
        '        <<: *common',
        '        y: 3',
      ].join('\n'),
    );
    expect(errors).toEqual([]);
    expect(inv.groups.get('shared')).toEqual({ name: 'shared', hosts: ['h1', 'h2'], children: [], vars: { from: 'b' } });
    expect(inv.groups.get('b')!.vars).toEqual({ x: 1, y: 3 });
  });

  it('an empty document is an empty inventory', () => {
    const { inv, errors } = parse('# nothing yet\n');
    expect(errors).toEqual([]);
    expect(inv.hosts.size).toBe(0);
    expect([...inv.groups.keys()]).toEqual(['all', 'ungrouped']);
  });

  it('points at a misspelt group key with a hint', () => {
    const { errors } = parse('all:\n  children:\n    web:\n      childen:\n        nginx:\n      host:\n        w1:\n');
    expect(formatted(errors)).toMatchInlineSnapshot(`
      "hosts.yml:4:7: unknown key 'childen' in group 'web': expected hosts, children or vars
        4 |       childen:
          |       ^
        did you mean 'children'?

      hosts.yml:6:7: unknown key 'host' in group 'web': expected hosts, children or vars
        6 |       host:
          |       ^
        did you mean 'hosts'?"
    `);
  });

  it('says where hosts go when a host is written straight under a group', () => {
    const { errors } = parse('web:\n  w1:\n');
    expect(formatted(errors)).toMatchInlineSnapshot(`
      "hosts.yml:2:3: unknown key 'w1' in group 'web': expected hosts, children or vars
        2 |   w1:
          |   ^
        put hosts under 'web: hosts:' and child groups under 'web: children:'"
    `);
  });

  it('refuses hosts written as a list, and scalar host vars, with hints', () => {
    const { errors } = parse('web:\n  hosts:\n    - w1\n    - w2\ndb:\n  hosts:\n    d1: 10.0.0.1\n');
    expect(formatted(errors)).toMatchInlineSnapshot(`
      "hosts.yml:3:5: the hosts of group 'web' must be a mapping of host names to their variables, not a list
        3 |     - w1
          |     ^
        write each host as "name:" on its own line, its variables indented under it

      hosts.yml:7:9: the variables of host 'd1' must be a mapping, not the string '10.0.0.1'
        7 |     d1: 10.0.0.1
          |         ^
        to give its address write "d1: {ansible_host: 10.0.0.1}""
    `);
  });

  it('refuses bad names, bad ranges, non-mapping vars and children lists, all at once', () => {
    const { errors } = parse(
      ['web servers:', 'g:', '  hosts:', '    "bad;host":', '    w[3:1]:', '  vars: [1, 2]', '  children: [a, b]'].join('\n'),
    );
    expect(errors.map((e) => `${e.loc!.line}:${e.loc!.col} ${e.message}`)).toEqual([
      "1:1 invalid group name 'web servers': a space is not allowed in a group name",
      "4:5 invalid host name 'bad;host': ';' is not allowed in a host name",
      "5:5 invalid host range [3:1] in 'w[3:1]': the begin must not be after the end",
      "6:9 the vars of group 'g' must be a mapping of variable names to values, not a list",
      "7:13 the children of group 'g' must be a mapping of group names, not a list",
    ]);
  });

  it('refuses group loops and all as a child', () => {
    const { errors } = parse('a:\n  children:\n    b:\n      children:\n        a:\nc:\n  children:\n    all:\n');
    expect(errors.map((e) => `${e.loc!.line}:${e.loc!.col} ${e.message}`)).toEqual([
      "5:9 group 'a' cannot be a child of 'b': that makes a loop (a → b → a)",
      "8:5 'all' cannot be a child of group 'c': every group is already under 'all'",
    ]);
  });

  it('reports YAML syntax errors with their place', () => {
    const { errors } = parse('web:\n  hosts:\n    w1:\n    w1:\n');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(/^YAML syntax error: Map keys must be unique/);
    // the yaml library places a duplicate key at the end of the mapping entry before it
    expect(errors[0].loc).toMatchObject({ file: 'hosts.yml', line: 3 });
    expect(errors[0].sourceLine).toBe('    w1:');
  });

  it('refuses inventory plugins and non-mapping documents', () => {
    expect(parse('plugin: aws_ec2\nregions: [x]\n').errors.map((e) => e.message)).toEqual([
      'inventory plugins (plugin:) are not supported: use a static YAML or INI inventory',
    ]);
    expect(parse('- a\n- b\n').errors.map((e) => e.message)).toEqual(['an inventory must be a mapping of group names (such as all:) to groups']);
  });
});
