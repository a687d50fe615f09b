/**
 * `lab down`: stops every host (TERM to its systemd-nspawn, which powers the host off; KILL after a
 * grace time), unmounts overlays, deletes namespaces, veths and the bridge, stops the proxy and
 * dnsmasq, and deletes LABDIR. `purge` also deletes the lab's package cache and the cached base images
 * that no running host of any lab uses. Safe to run on a lab that is half up, down, or never existed.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LAB_NAME, addressPlan, cacheRoot, checkLabName, defaultSubnet, labPaths, linkNames } from './config.js';
import { removeBase } from './base-image.js';
import { stopDhcp } from './dhcp.js';
import { hostLayout, removeHost, stopContainer } from './host.js';
import { bridgeHolds, removeBridge } from './network.js';
import { requireRoot } from './preflight.js';
import { stopProxy } from './proxy.js';
import { labHostIndexes } from './status.js';
import { lockLab, readState } from './state.js';

export interface LabDownOptions {
  name?: string;
  purge?: boolean;
  onProgress?: (msg: string) => void;
}

export interface LabDownResult {
  /** Hosts that were removed. */
  hosts: string[];
  /** Cache directories deleted by purge. */
  purged: string[];
}

export async function labDown(opts: LabDownOptions = {}): Promise<LabDownResult> {
  const name = checkLabName(opts.name ?? DEFAULT_LAB_NAME);
  const log = opts.onProgress ?? (() => {});
  requireRoot();
  const paths = labPaths(name);
  const names = linkNames(name);
  const state = await readState(paths).catch(() => undefined);
  const plan = addressPlan(state?.prefix ?? defaultSubnet(name));
  const dirExists = await fs.stat(paths.dir).then(() => true, () => false);
  const release = dirExists ? await lockLab(paths, name) : async () => {};
  const removed: string[] = [];
  try {
    const hosts = (await labHostIndexes(paths, names)).map((i) => hostLayout(paths, names, plan, i));
    if (hosts.length) log(`stopping ${hosts.map((h) => h.name).join(', ')}`);
    // Power off in parallel first (each takes a moment), then remove leftovers.
    await Promise.all(hosts.map((h) => stopContainer(h)));
    const errors: string[] = [];
    for (const h of hosts) {
      try {
        await removeHost(h, names);
        removed.push(h.name);
      } catch (e) {
        errors.push(`${h.name}: ${(e as Error).message}`);
      }
    }
    await stopDhcp(paths);
    await stopProxy(paths);
    // Without state, only a bridge that holds this lab's gateway address is taken to be ours.
    if (state || (await bridgeHolds(names.bridge, plan.gateway))) await removeBridge(names.bridge);
    if (errors.length) throw new Error(`lab ${name} is not fully down:\n  ${errors.join('\n  ')}`);
  } finally {
    await release();
  }
  await fs.rm(paths.dir, { recursive: true, force: true });

  const purged: string[] = [];
  if (opts.purge) {
    await fs.rm(paths.aptCache, { recursive: true, force: true });
    purged.push(paths.aptCache);
    const mounts = await fs.readFile('/proc/mounts', 'utf8');
    const root = cacheRoot();
    for (const e of await fs.readdir(root).catch(() => [] as string[])) {
      if (!e.startsWith('base-') || e.includes('.partial')) continue;
      const base = path.join(root, e);
      if (mounts.includes(`lowerdir=${base},`) || mounts.includes(`lowerdir=${base}:`)) {
        log(`keeping ${base}: hosts of another lab use it`);
        continue;
      }
      await removeBase(base);
      purged.push(base);
    }
    log(`purged ${purged.join(', ')}`);
  }
  return { hosts: removed, purged };
}
