import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseYamlInventory } from '../../../src/inventory/yaml-source.js';
import { hostVars, inventoryList, loadInventory, selectHosts } from '../../../src/inventory/index.js';
import { fixture, parseWith } from './helpers.js';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'inv-json-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('ansible-inventory --list JSON as an inventory', () => {
  it('reads back what inventoryList writes', async () => {
    const original = await loadInventory([fixture('ini/hosts.ini')]);
    const file = path.join(tmp, 'exported.json');
    await fs.writeFile(file, JSON.stringify(inventoryList(original), null, 4));
    const again = await loadInventory([file]);
    expect([...again.hosts.keys()].sort()).toEqual([...original.hosts.keys()].sort());
    for (const h of original.hosts.keys()) expect(hostVars(again, h)).toEqual(hostVars(original, h));
    expect(selectHosts(again, 'prod:!db').hosts).toEqual(selectHosts(original, 'prod:!db').hosts);
  });

  it('takes groups given as plain host lists, with vars and children', () => {
    const { inv, errors } = parseWith(
      parseYamlInventory,
      JSON.stringify({ _meta: { hostvars: { a: { x: 1 } } }, web: ['a', 'b'], prod: { children: ['web'], vars: { env: 'prod' } } }),
      'inv.json',
    );
    expect(errors).toEqual([]);
    expect(inv.groups.get('web')!.hosts).toEqual(['a', 'b']);
    expect(inv.groups.get('prod')).toEqual({ name: 'prod', hosts: [], children: ['web'], vars: { env: 'prod' } });
    expect(inv.hosts.get('a')!.vars).toEqual({ x: 1 });
  });

  it('reports bad names and keys with their place', () => {
    const { errors } = parseWith(parseYamlInventory, '{"_meta": {}, "web": {"host": ["a b"]}, "db": {"hosts": ["x;y"]}}', 'inv.json');
    expect(errors.map((e) => [e.message, e.loc!.col, e.hint])).toEqual([
      ["unknown key 'host' in group 'web': expected hosts, children or vars", 23, "did you mean 'hosts'?"],
      ["invalid host name 'x;y': ';' is not allowed in a host name", 58, undefined],
    ]);
  });
});
