/**
 * The lab's network on the machine: a bridge holding the gateway address, and per host a network
 * namespace with a veth pair (the machine end enslaved to the bridge, the other end `eth0` inside the
 * namespace; the host's own ifupdown gives it its static address and default route at boot).
 * No NAT and no forwarding: the hosts reach the gateway (apt proxy, DHCP) and nothing else.
 */
import { promises as fs } from 'node:fs';
import type { AddressPlan, LabNames } from './config.js';
import { run, sleep } from './proc.js';

export async function linkExists(name: string): Promise<boolean> {
  return (await run(['ip', 'link', 'show', 'dev', name], { allowFail: true })).rc === 0;
}

export async function netnsExists(ns: string): Promise<boolean> {
  return fs.stat(`/run/netns/${ns}`).then(() => true, () => false);
}

/** Creates the bridge with the gateway address (or completes a half-made one). */
export async function ensureBridge(bridge: string, plan: AddressPlan): Promise<void> {
  if (!(await linkExists(bridge))) await run(['ip', 'link', 'add', 'name', bridge, 'type', 'bridge', 'stp_state', '0', 'forward_delay', '0']);
  const addrs = (await run(['ip', '-4', '-o', 'addr', 'show', 'dev', bridge])).stdout;
  if (!addrs.includes(` ${plan.gateway}/24 `)) await run(['ip', 'addr', 'add', `${plan.gateway}/24`, 'dev', bridge]);
  await run(['ip', 'link', 'set', 'dev', bridge, 'up']);
}

/** True when `bridge` exists, is a bridge, and holds `address`. */
export async function bridgeHolds(bridge: string, address: string): Promise<boolean> {
  const r = await run(['ip', '-d', '-j', 'addr', 'show', 'dev', bridge], { allowFail: true });
  if (r.rc !== 0) return false;
  const [link] = JSON.parse(r.stdout || '[]') as Array<{ linkinfo?: { info_kind?: string }; addr_info?: Array<{ local?: string }> }>;
  return link?.linkinfo?.info_kind === 'bridge' && (link.addr_info ?? []).some((a) => a.local === address);
}

export async function removeBridge(bridge: string): Promise<void> {
  if (await linkExists(bridge)) await run(['ip', 'link', 'del', 'dev', bridge]);
}

/**
 * A fresh namespace and veth pair for host `index` (leftovers of an earlier run are removed first).
 * Returns the namespace's path for systemd-nspawn --network-namespace-path.
 */
export async function createHostNet(names: LabNames, index: number): Promise<string> {
  await removeHostNet(names, index);
  const ns = names.netns(index);
  const veth = names.veth(index);
  await run(['ip', 'netns', 'add', ns]);
  try {
    await run(['ip', 'link', 'add', 'name', veth, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns]);
    await run(['ip', 'link', 'set', 'dev', veth, 'master', names.bridge]);
    await run(['ip', 'link', 'set', 'dev', veth, 'up']);
  } catch (e) {
    await removeHostNet(names, index).catch(() => {});
    throw e;
  }
  return `/run/netns/${ns}`;
}

export async function removeHostNet(names: LabNames, index: number): Promise<void> {
  const ns = names.netns(index);
  if (await netnsExists(ns)) await run(['ip', 'netns', 'del', ns]);
  // Deleting the namespace destroys the pair too, but the kernel does that a moment later.
  const veth = names.veth(index);
  for (let i = 0; i < 50 && (await linkExists(veth)); i++) {
    if ((await run(['ip', 'link', 'del', 'dev', veth], { allowFail: true })).rc !== 0) await sleep(20);
  }
  if (await linkExists(veth)) await run(['ip', 'link', 'del', 'dev', veth]);
}

/** Namespaces of this lab that exist now (by name prefix), as host indexes. */
export async function labNamespaces(names: LabNames): Promise<number[]> {
  const entries = await fs.readdir('/run/netns').catch(() => [] as string[]);
  const prefix = names.netns(1).slice(0, -1); // "mlab-NAME-h"
  return entries
    .filter((e) => e.startsWith(prefix) && /^\d+$/.test(e.slice(prefix.length)))
    .map((e) => Number(e.slice(prefix.length)))
    .sort((a, b) => a - b);
}
