/**
 * vitest globalSetup of the e2e project: brings up a lab named 'e2e' (or MACHINIST_E2E_LAB_NAME; MACHINIST_E2E_HOSTS hosts,
 * default 3) and hands it to the tests as `inject('lab')` (and MACHINIST_E2E_INVENTORY for tests that
 * run the CLI). The teardown always brings the lab down: after the tests, when bringing it up fails,
 * and (through a detached watcher process) when vitest dies on a signal. Without root or kernel support the lab is skipped with the reason printed,
 * and the tests skip themselves (`lab.skip`).
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { checkSupport, labDown, labUp } from '../../src/lab/index.js';
import { checkLabName } from '../../src/lab/config.js';

export interface E2ELab {
  /** Why there is no lab (tests skip); undefined when the lab is up. */
  skip?: string;
  name: string;
  inventory: string;
  knownHosts: string;
  hosts: string[];
}

declare module 'vitest' {
  export interface ProvidedContext {
    lab: E2ELab;
  }
}

/** The lab's name: 'e2e', or MACHINIST_E2E_LAB_NAME (so that several checkouts can each run their own lab). */
export function e2eLabName(env: NodeJS.ProcessEnv = process.env): string {
  return checkLabName(env.MACHINIST_E2E_LAB_NAME ?? 'e2e');
}

function viteNodeBin(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('vite-node/package.json')), 'vite-node.mjs');
}

export function e2eHostCount(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MACHINIST_E2E_HOSTS ?? '3';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 20) throw new Error(`MACHINIST_E2E_HOSTS must be a whole number from 1 to 20, not ${JSON.stringify(raw)}`);
  return n;
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const E2E_LAB = e2eLabName();
  const none: E2ELab = { name: E2E_LAB, inventory: '', knownHosts: '', hosts: [] };
  const support = await checkSupport();
  if (!support.ok) {
    process.stderr.write(`[e2e] no lab, end-to-end tests skip: ${support.reason}\n`);
    project.provide('lab', { ...none, skip: support.reason });
    return undefined;
  }
  let down: Promise<void> | undefined;
  const teardown = (): Promise<void> => {
    down ??= (async () => {
      const t = Date.now();
      await labDown({ name: E2E_LAB });
      process.stderr.write(`[e2e] lab ${E2E_LAB} down in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    })();
    return down;
  };
  // vitest may die on a signal without running teardowns: a detached watcher brings the lab down
  // once this process is gone, unless the teardown below did it first.
  const watcher = spawn(process.execPath, [viteNodeBin(), fileURLToPath(new URL('./lab-down.ts', import.meta.url)), E2E_LAB, String(process.pid)], {
    detached: true,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  watcher.unref();
  const stopWatcher = () => {
    if (watcher.pid && watcher.exitCode === null) watcher.kill('SIGTERM');
  };
  const count = e2eHostCount();
  try {
    const r = await labUp({ count, name: E2E_LAB, onProgress: (m) => process.stderr.write(`[e2e] ${m}\n`) });
    process.stderr.write(`[e2e] lab ${E2E_LAB}: ${r.hosts.length} hosts up in ${(r.timings.totalMs / 1000).toFixed(1)} s (${r.inventoryPath})\n`);
    project.provide('lab', { name: E2E_LAB, inventory: r.inventoryPath, knownHosts: r.knownHostsPath, hosts: r.hosts.map((h) => h.name) });
    process.env.MACHINIST_E2E_INVENTORY = r.inventoryPath;
    process.env.MACHINIST_E2E_LAB = E2E_LAB;
  } catch (e) {
    stopWatcher();
    await teardown().catch((d) => process.stderr.write(`[e2e] lab down failed too: ${(d as Error).message}\n`));
    throw e;
  }
  return async () => {
    await teardown();
    stopWatcher();
  };
}
