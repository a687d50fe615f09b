/**
 * `lab up`: preflight (root, conflicts, packages), then bridge, apt proxy, DHCP, the cached base
 * image, and hosts 1..N that are not already running (booted together, waited for together), and
 * finally LABDIR/known_hosts and LABDIR/inventory.yml. Running hosts are left alone (idempotent).
 */
import { promises as fs } from 'node:fs';
import {
  DEFAULT_LAB_NAME, DEFAULT_SUITE, LabError, addressPlan, cacheRoot, checkCount, checkLabName, checkSuite,
  defaultSubnet, labPaths, linkNames, parseSubnet, stateRoot, type LabState,
} from './config.js';
import { ensureBase } from './base-image.js';
import { ensureDhcp } from './dhcp.js';
import { hostLayout, hostPid, startHost, type HostLayout } from './host.js';
import { renderInventory, renderKnownHosts, writeAtomic } from './inventory.js';
import { ensureBridge } from './network.js';
import { checkConflicts, installPackages, missingPackages, requireRoot } from './preflight.js';
import { ensureProxy, proxiedMirror } from './proxy.js';
import { ensureKey, lockLab, readState, writeState } from './state.js';
import { readHostKeys, waitForHost, type HostKey } from './wait.js';
import { which } from './proc.js';
import { labHostIndexes } from './status.js';

export interface LabHost {
  name: string;
  index: number;
  address: string;
  /** true when this run booted it; false when it was already running. */
  started: boolean;
}

export interface LabUpOptions {
  count: number;
  suite?: string;
  name?: string;
  /** A private /24 ("10.9.8.0/24"); default derived from the name. Fixed once the lab exists. */
  subnet?: string;
  onProgress?: (msg: string) => void;
  /** Per-host boot deadline (default 120 s). */
  bootTimeoutMs?: number;
}

export interface LabUpResult {
  name: string;
  dir: string;
  inventoryPath: string;
  knownHostsPath: string;
  hosts: LabHost[];
  /** Milliseconds spent: base build (0 if cached) and hosts (boot to SSH). */
  timings: { baseMs: number; hostsMs: number; totalMs: number };
}

const UNSAFE_PATH = /[,:\s\\]/;

export async function labUp(opts: LabUpOptions): Promise<LabUpResult> {
  const t0 = Date.now();
  const name = checkLabName(opts.name ?? DEFAULT_LAB_NAME);
  const count = checkCount(opts.count);
  const log = opts.onProgress ?? (() => {});
  requireRoot();
  for (const p of [stateRoot(), cacheRoot()]) {
    if (UNSAFE_PATH.test(p)) throw new LabError(`lab directory ${JSON.stringify(p)} must not contain ',', ':', '\\' or whitespace (overlay mount options)`);
  }
  const paths = labPaths(name);
  const names = linkNames(name);
  const prior = await readState(paths);
  const suite = checkSuite(opts.suite ?? prior?.suite ?? DEFAULT_SUITE);
  const wanted = opts.subnet !== undefined ? parseSubnet(opts.subnet) : undefined;
  if (prior && prior.suite !== suite) throw new LabError(`lab ${name} was made with suite ${prior.suite}; run \`machinist lab down --name ${name}\` first to change it`);
  if (prior && wanted && prior.prefix !== wanted) throw new LabError(`lab ${name} uses ${prior.prefix}.0/24; run \`machinist lab down --name ${name}\` first to change it`);
  const prefix = prior?.prefix ?? wanted ?? defaultSubnet(name);
  const plan = addressPlan(prefix);

  if (!(await which('ip'))) await installPackages(await missingPackages(), log);
  await checkConflicts(plan, names.bridge, prior !== undefined);
  await installPackages(await missingPackages(), log);

  await fs.mkdir(paths.dir, { recursive: true, mode: 0o700 });
  const release = await lockLab(paths, name);
  try {
    const state: LabState = prior ?? { name, prefix, suite, bridge: names.bridge, createdAt: new Date().toISOString() };
    if (!prior) await writeState(paths, state);
    const key = await ensureKey(paths, name);
    log(`network ${plan.cidr} on bridge ${names.bridge} (gateway ${plan.gateway})`);
    await ensureBridge(names.bridge, plan);
    await ensureProxy(paths, plan);
    await ensureDhcp(paths, plan, names.bridge);

    const tb = Date.now();
    await ensureBase({ base: paths.base(suite), suite, mirror: proxiedMirror(plan), log });
    const baseMs = Date.now() - tb;

    const th = Date.now();
    const layouts = new Map<number, HostLayout>();
    const started: number[] = [];
    const indexes = [...new Set([...Array.from({ length: count }, (_, i) => i + 1), ...(await labHostIndexes(paths, names))])].sort((a, b) => a - b);
    const toStart: HostLayout[] = [];
    for (const i of indexes) {
      const h = hostLayout(paths, names, plan, i);
      layouts.set(i, h);
      if (await hostPid(h)) continue;
      if (i > count) continue; // a leftover beyond N that is not running: not ours to revive
      toStart.push(h);
    }
    // Preparing a host is a handful of short commands: a few hosts at a time, boots overlap.
    await inBatches(toStart, 4, async (h) => {
      log(`${h.name}: booting (${h.address})`);
      await startHost(h, paths.base(suite), names, plan, suite, key.publicKey);
      started.push(h.index);
    });
    const keys = new Map<number, HostKey[]>();
    const results = await Promise.allSettled(
      [...layouts.values()].map(async (h) => {
        if (started.includes(h.index)) {
          keys.set(h.index, await waitForHost(h, key.privateKey, opts.bootTimeoutMs ?? 120_000));
          log(`${h.name}: up`);
        } else if (await hostPid(h)) {
          keys.set(h.index, await readHostKeys(h.root));
        }
      }),
    );
    const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed.length) {
      throw new LabError(`${failed.map((f) => (f.reason as Error).message).join('\n')}\n(run \`machinist lab down --name ${name}\` to clean up)`);
    }
    const hostsMs = Date.now() - th;

    const hosts: LabHost[] = [...layouts.values()]
      .filter((h) => keys.has(h.index))
      .map((h) => ({ name: h.name, index: h.index, address: h.address, started: started.includes(h.index) }));
    await writeAtomic(paths.knownHosts, renderKnownHosts(hosts.map((h) => ({ address: h.address, keys: keys.get(h.index)! }))));
    await writeAtomic(
      paths.inventory,
      renderInventory({ labName: name, plan, hosts, keyFile: paths.key, knownHostsFile: paths.knownHosts, suite }),
    );
    return { name, dir: paths.dir, inventoryPath: paths.inventory, knownHostsPath: paths.knownHosts, hosts, timings: { baseMs, hostsMs, totalMs: Date.now() - t0 } };
  } finally {
    await release();
  }
}

/** Runs fn over items with at most `width` at once; the first failure is thrown after all settle. */
async function inBatches<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++];
      await fn(item).catch((e: unknown) => errors.push(e));
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
  if (errors.length) throw errors[0];
}
