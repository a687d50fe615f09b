import { describe, expect, it } from 'vitest';
import { groupNames, hostVars, loadInventory, selectHosts } from '../../../src/inventory/index.js';
import { fixture, formatted, rejection } from './helpers.js';

describe('loadInventory', () => {
  it('loads a directory source with the group_vars and host_vars inside it', async () => {
    const inv = await loadInventory([fixture('dir')]);
    expect(inv.sources).toEqual([fixture('dir')]);
    expect(hostVars(inv, 'web1')).toEqual({ dns: '192.0.2.53', role: 'web', port: 9000, tls: true });
    expect(hostVars(inv, 'db1')).toEqual({ dns: '192.0.2.53', role: 'db', backup: true });
    expect(hostVars(inv, 'lb1')).toEqual({ dns: '192.0.2.53', role: 'generic' });
    // file vars are also in the group and host vars, for the ansible-inventory views
    expect(inv.groups.get('web')!.vars).toEqual({ role: 'web', port: 8080, tls: true });
    expect(inv.hosts.get('db1')!.vars).toEqual({ backup: true });
  });

  it('merges several sources: later ones add hosts and override vars', async () => {
    const inv = await loadInventory([fixture('yaml/hosts.yml'), fixture('ini/hosts.ini'), 'extra1,']);
    expect(inv.hosts.size).toBe(8 + 9 + 1);
    expect(inv.groups.get('web')!.hosts).toEqual([
      'web01.example.com',
      'web02.example.com',
      'web03.example.com',
      'web-a',
      'web-b',
      'web1',
      'web2',
      'web3',
      'web4',
    ]);
    expect(inv.groups.get('web')!.vars).toMatchObject({ tier: 'web', http_port: 80, max: '10' });
    expect(inv.groups.get('all')!.vars).toEqual({ ntp: 'pool.ntp.org', tier: 'all' });
    expect(groupNames(inv, 'web01.example.com')).toEqual(['nginx', 'prod', 'staging', 'web']);
    expect(selectHosts(inv, 'ungrouped').hosts).toEqual(['bastion.example.com', 'mail.example.com', 'jump', 'extra1']);
  });

  it('an empty source list is an empty inventory', async () => {
    const inv = await loadInventory([]);
    expect(inv.hosts.size).toBe(0);
    expect([...inv.groups.keys()]).toEqual(['all', 'ungrouped']);
  });

  it('throws every problem of every source at once, each located, with hints', async () => {
    const errors = await rejection(loadInventory([fixture('bad/typo.yml'), fixture('bad/typo.ini'), 'missing-inventory.yml']));
    const text = formatted(errors).replaceAll(`${fixture('')}/`, 'fixtures/');
    expect(text).toMatchInlineSnapshot(`
      "fixtures/bad/typo.yml:4:7: unknown key 'host' in group 'web': expected hosts, children or vars
        4 |       host:
          |       ^
        did you mean 'hosts'?

      fixtures/bad/typo.yml:7:7: unknown key 'childen' in group 'db': expected hosts, children or vars
        7 |       childen:
          |       ^
        did you mean 'children'?

      fixtures/bad/typo.ini:4:2: section [webb:vars] is for group 'webb', which is not defined
        4 | [webb:vars]
          |  ^
        did you mean 'web'?

      fixtures/bad/typo.ini:8:1: section [prod:children] names group 'wbe', which is not defined
        8 | wbe
          | ^
        declare it with a [wbe] section

      inventory source 'missing-inventory.yml' does not exist"
    `);
  });
});
