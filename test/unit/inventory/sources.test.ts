import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InventoryBuilder } from '../../../src/inventory/builder.js';
import { addSource } from '../../../src/inventory/sources.js';
import type { ValidationError } from '../../../src/util/errors.js';
import { fixture } from './helpers.js';

async function load(source: string) {
  const b = new InventoryBuilder();
  const errors: ValidationError[] = [];
  const base = await addSource(source, b, errors);
  return { inv: b.finish([source], []), errors, base };
}

let tmp: string | undefined;
afterEach(async () => {
  if (tmp) await fs.rm(tmp, { recursive: true, force: true });
  tmp = undefined;
});

describe('inventory sources', () => {
  it('reads every file of a directory in sorted order, recursively, skipping backups, READMEs, hidden files and vars dirs', async () => {
    const dir = fixture('dir');
    const { inv, errors, base } = await load(dir);
    expect(errors).toEqual([]);
    expect(base).toBe(dir);
    expect([...inv.hosts.keys()]).toEqual(['web1', 'web2', 'db1', 'web3', 'lb1']);
    expect(inv.groups.get('web')!.hosts).toEqual(['web1', 'web2', 'web3']);
    expect(inv.groups.has('lb')).toBe(true);
  });

  it('sniffs files without a telling extension: YAML mappings as YAML, the rest as INI', async () => {
    expect((await load(fixture('sniff/yaml-no-ext'))).inv.groups.get('web')!.hosts).toEqual(['w1']);
    const ini = await load(fixture('sniff/ini-no-ext'));
    expect(ini.errors).toEqual([]);
    expect(ini.inv.groups.get('db')!.hosts).toEqual(['d1']);
    expect(ini.inv.hosts.get('w2')!.vars).toEqual({ ansible_port: 22 });
  });

  it('reports YAML errors for a broken file that looks like YAML', async () => {
    const { errors } = await load(fixture('sniff/broken-yaml'));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].message).toMatch(/^YAML syntax error/);
    expect(errors[0].loc!.file).toBe(fixture('sniff/broken-yaml'));
    expect([3, 4]).toContain(errors[0].loc!.line);
  });

  it('refuses inventory scripts, and vault files when no vault password was given', async () => {
    expect((await load(fixture('sniff/script.sh'))).errors.map((e) => e.message)).toEqual([
      'inventory scripts are not supported: give a static YAML or INI inventory',
    ]);
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'inv-src-'));
    const vault = path.join(tmp, 'hosts.yml');
    await fs.writeFile(vault, '$ANSIBLE_VAULT;1.1;AES256\n6162\n');
    expect((await load(vault)).errors.map((e) => e.message)).toEqual(['Attempting to decrypt but no vault secrets found']);
  });

  it('reads a comma-separated host list, ports and ranges included, into ungrouped', async () => {
    const { inv, errors, base } = await load('h1, h2:2222,web[1:2],,');
    expect(errors).toEqual([]);
    expect(base).toBeUndefined();
    expect([...inv.hosts.keys()]).toEqual(['h1', 'h2', 'web1', 'web2']);
    expect(inv.groups.get('ungrouped')!.hosts).toEqual(['h1', 'h2', 'web1', 'web2']);
    expect(inv.hosts.get('h2')!.vars).toEqual({ ansible_port: 2222 });
    expect((await load('ok,bad host,')).errors.map((e) => e.message)).toEqual([
      "in the host list 'ok,bad host,': invalid host name 'bad host': a space is not allowed in a host name",
    ]);
  });

  it('says a missing source does not exist, with a hint', async () => {
    const single = await load('no-such-host');
    expect(single.errors.map((e) => [e.message, e.hint])).toEqual([
      ["inventory source 'no-such-host' does not exist", "to give a single host, end it with a comma: -i 'no-such-host,'"],
    ]);
    const near = await load(fixture('ini/host.ini'));
    expect(near.errors[0].hint).toBe(`did you mean '${fixture('ini/hosts.ini')}'?`);
  });

  it('the base of a file source is its directory', async () => {
    const { base } = await load(fixture('ini/hosts.ini'));
    expect(base).toBe(path.dirname(fixture('ini/hosts.ini')));
  });
});
