/**
 * Runs real playbooks (YAML in a temp dir, loaded with loadPlaybook, inventory with loadInventory)
 * through runPlaybooks against inventory hosts that use `ansible_connection: local`: real /bin/sh,
 * real files. Collects every event. Each call gets its own temp dir, removed by cleanup().
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runPlaybooks, type RunOptions, type RunSummary } from '../../../src/engine/index.js';
import type { Counters, EngineEvent } from '../../../src/engine/events.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { loadPlaybook } from '../../../src/playbook/index.js';

export const LOCAL_INVENTORY = `
all:
  vars:
    ansible_connection: local
  hosts:
    h1: {}
    h2: {}
    h3: {}
`;

export interface PlayRun {
  summary: RunSummary;
  events: EngineEvent[];
  dir: string;
  /** Recap counters of a host (all zeros when it never appeared). */
  recap(host: string): Counters;
  /** host_task_result events (not items) for a task name. */
  results(task: string): Array<Extract<EngineEvent, { type: 'host_task_result' }>>;
  /** Per-item results of a task. */
  items(task: string): Array<Extract<EngineEvent, { type: 'host_task_result' }>>;
  /** Task names in the order they started (one entry per task_start). */
  taskOrder(): string[];
}

export interface PlayOpts extends Partial<Omit<RunOptions, 'playbooks' | 'inventory' | 'emit' | 'signal' | 'conn'>> {
  inventory?: string;
  /** Where the inventory file goes, relative to the playbook's directory (default: beside it). */
  inventoryPath?: string;
  files?: Record<string, string>;
  signal?: AbortSignal;
  onEvent?: (e: EngineEvent) => void;
}

const dirs: string[] = [];

export function tempDir(): string {
  const d = mkdtempSync(path.join(tmpdir(), 'machinist-engine-'));
  dirs.push(d);
  return d;
}

export function cleanup(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export async function play(yaml: string, o: PlayOpts = {}): Promise<PlayRun> {
  const dir = tempDir();
  const invFile = path.join(dir, o.inventoryPath ?? 'inventory.yml');
  mkdirSync(path.dirname(invFile), { recursive: true });
  writeFileSync(invFile, o.inventory ?? LOCAL_INVENTORY);
  writeFileSync(path.join(dir, 'site.yml'), yaml);
  for (const [name, text] of Object.entries(o.files ?? {})) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  const [book, inventory] = await Promise.all([loadPlaybook(path.join(dir, 'site.yml')), loadInventory([invFile])]);
  const events: EngineEvent[] = [];
  const summary = await runPlaybooks({
    playbooks: [book],
    inventory,
    extraVars: { tmp: dir, ...o.extraVars },
    check: o.check ?? false,
    diff: o.diff ?? false,
    tags: o.tags ?? [],
    skipTags: o.skipTags ?? [],
    startAtTask: o.startAtTask,
    limit: o.limit,
    forks: o.forks ?? 5,
    become: o.become,
    becomePassword: o.becomePassword,
    conn: { knownHostsFiles: [], hostKeyChecking: 'off', connectTimeoutMs: 3000, sshConfigFile: '' },
    signal: o.signal ?? new AbortController().signal,
    emit: (e) => {
      events.push(e);
      o.onEvent?.(e);
    },
  });
  const zero: Counters = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
  const hostResults = (task: string) =>
    events.filter((e): e is Extract<EngineEvent, { type: 'host_task_result' }> => e.type === 'host_task_result' && e.task.name === task);
  return {
    summary,
    events,
    dir,
    recap: (h) => summary.stats[h] ?? zero,
    results: (t) => hostResults(t).filter((e) => e.item === undefined),
    items: (t) => hostResults(t).filter((e) => e.item !== undefined),
    taskOrder: () => events.flatMap((e) => (e.type === 'task_start' ? [e.task.name] : [])),
  };
}

/** The recap as Ansible prints its numbers, for compact assertions. */
export function counts(c: Counters): string {
  return `ok=${c.ok} changed=${c.changed} unreachable=${c.unreachable} failed=${c.failed} skipped=${c.skipped} rescued=${c.rescued} ignored=${c.ignored}`;
}
