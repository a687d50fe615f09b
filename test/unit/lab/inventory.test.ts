import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addressPlan } from '../../../src/lab/config.js';
import { labVars, renderInventory, renderKnownHosts } from '../../../src/lab/inventory.js';

const plan = addressPlan('10.213.7');
const input = {
  labName: 'e2e',
  plan,
  hosts: [
    { name: 'h10', address: '10.213.7.20' },
    { name: 'h2', address: '10.213.7.12' },
    { name: 'h1', address: '10.213.7.11' },
  ],
  keyFile: '/srv/labs/e2e/id_ed25519',
  knownHostsFile: '/srv/labs/e2e/known_hosts',
  suite: 'bookworm',
};

describe('renderInventory', () => {
  it('writes Ansible YAML: group lab, hosts in numeric order with ansible_host, connection vars on the group', () => {
    const text = renderInventory(input);
    expect(text.startsWith('# machinist lab "e2e": 3 hosts on 10.213.7.0/24')).toBe(true);
    const doc = parse(text);
    const lab = doc.all.children.lab;
    expect(Object.keys(lab.hosts)).toEqual(['h1', 'h2', 'h10']);
    expect(lab.hosts.h10).toEqual({ ansible_host: '10.213.7.20' });
    expect(lab.vars).toMatchObject({
      ansible_user: 'root',
      ansible_ssh_private_key_file: '/srv/labs/e2e/id_ed25519',
      ansible_ssh_common_args: '-o UserKnownHostsFile=/srv/labs/e2e/known_hosts -o StrictHostKeyChecking=yes',
    });
  });

  it('gives playbooks the lab LAN services as variables', () => {
    const vars = parse(renderInventory(input)).all.children.lab.vars;
    expect(vars).toMatchObject(labVars(plan, 'bookworm'));
    expect(vars.lab_debian_mirror).toBe('http://10.213.7.1:3142/deb.debian.org/debian');
    expect(vars.lab_gateway).toBe('10.213.7.1');
    expect(vars.lab_dhcp_range).toBe('10.213.7.100-10.213.7.250');
  });
});

describe('renderKnownHosts', () => {
  it('lists every key of every host under its address', () => {
    const text = renderKnownHosts([
      { address: '10.213.7.11', keys: [{ type: 'ssh-ed25519', key: 'AAAA1' }, { type: 'ecdsa-sha2-nistp256', key: 'AAAA2' }] },
      { address: '10.213.7.12', keys: [{ type: 'ssh-ed25519', key: 'AAAA3' }] },
    ]);
    expect(text).toBe('10.213.7.11 ssh-ed25519 AAAA1\n10.213.7.11 ecdsa-sha2-nistp256 AAAA2\n10.213.7.12 ssh-ed25519 AAAA3\n');
    expect(renderKnownHosts([])).toBe('');
  });
});
