/**
 * LABDIR/inventory.yml (Ansible YAML: group `lab` with hosts h1..hN, each with its ansible_host; user
 * root, the lab's private key, and ssh args pointing at LABDIR/known_hosts with strict checking, so the
 * inventory works by itself) and LABDIR/known_hosts (each host's real keys).
 */
import { promises as fs } from 'node:fs';
import { stringify } from 'yaml';
import { PROXY_PORT, type AddressPlan } from './config.js';
import type { HostKey } from './wait.js';

export interface InventoryHost {
  name: string;
  address: string;
}

export interface InventoryInput {
  labName: string;
  plan: AddressPlan;
  hosts: InventoryHost[];
  keyFile: string;
  knownHostsFile: string;
  suite: string;
}

/** Extra variables every lab host gets: what a playbook needs to use the lab's LAN services. */
export function labVars(plan: AddressPlan, suite: string): Record<string, string> {
  return {
    lab_gateway: plan.gateway,
    lab_subnet: plan.cidr,
    lab_apt_proxy: `http://${plan.gateway}:${PROXY_PORT}`,
    lab_debian_mirror: `http://${plan.gateway}:${PROXY_PORT}/deb.debian.org/debian`,
    lab_dhcp_range: `${plan.dhcpStart}-${plan.dhcpEnd}`,
    lab_suite: suite,
  };
}

export function renderInventory(i: InventoryInput): string {
  const hosts: Record<string, { ansible_host: string }> = {};
  for (const h of [...i.hosts].sort((a, b) => Number(a.name.slice(1)) - Number(b.name.slice(1)))) hosts[h.name] = { ansible_host: h.address };
  const doc = {
    all: {
      children: {
        lab: {
          hosts,
          vars: {
            ansible_user: 'root',
            ansible_ssh_private_key_file: i.keyFile,
            ansible_ssh_common_args: `-o UserKnownHostsFile=${i.knownHostsFile} -o StrictHostKeyChecking=yes`,
            ...labVars(i.plan, i.suite),
          },
        },
      },
    },
  };
  const head = `# machinist lab "${i.labName}": ${i.hosts.length} host${i.hosts.length === 1 ? '' : 's'} on ${i.plan.cidr} (written by \`machinist lab up\`; rewritten on every run)\n`;
  return head + stringify(doc, { lineWidth: 0 });
}

/** known_hosts lines (pure): every key of every host, under its address. */
export function renderKnownHosts(entries: Array<{ address: string; keys: HostKey[] }>): string {
  const lines: string[] = [];
  for (const e of entries) for (const k of e.keys) lines.push(`${e.address} ${k.type} ${k.key}`);
  return lines.join('\n') + (lines.length ? '\n' : '');
}

/** Writes a file atomically (temp file, rename). */
export async function writeAtomic(file: string, content: string, mode = 0o644): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}`;
  await fs.writeFile(tmp, content, { mode });
  await fs.rename(tmp, file);
}
