/** runAdhoc: one module on the hosts a pattern selects, free-form and k=v arguments, same events. */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runAdhoc } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { OptionsError } from '../../../src/util/errors.js';
import { cleanup, LOCAL_INVENTORY, tempDir } from './harness.js';

afterEach(cleanup);

async function adhoc(pattern: string, module: string, args: string | Record<string, unknown>, limit?: string) {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'inv.yml'), LOCAL_INVENTORY);
  const inventory = await loadInventory([path.join(dir, 'inv.yml')]);
  const events: EngineEvent[] = [];
  const summary = await runAdhoc({
    pattern, module, args, inventory, limit, extraVars: {}, check: false, diff: false, forks: 2,
    conn: { knownHostsFiles: [], sshConfigFile: '' }, signal: new AbortController().signal, emit: (e) => events.push(e),
  });
  const results = events.filter((e): e is Extract<EngineEvent, { type: 'host_task_result' }> => e.type === 'host_task_result');
  return { dir, summary, events, results };
}

describe('runAdhoc', () => {
  it('runs a free-form command on every matched host without gathering facts', async () => {
    const r = await adhoc('all', 'command', 'echo {{ inventory_hostname }}', 'h1:h3');
    expect(r.results.map((e) => `${e.host} ${e.status} ${e.result.stdout}`).sort()).toEqual(['h1 changed h1', 'h3 changed h3']);
    expect(r.events.some((e) => e.type === 'host_task_result' && e.task.name === 'Gathering Facts')).toBe(false);
    expect(Object.keys(r.summary.stats).sort()).toEqual(['h1', 'h3']);
    expect(r.events[0].type).toBe('run_start');
    expect(r.events.at(-1)?.type).toBe('run_end');
  });

  it('parses k=v arguments for other modules', async () => {
    const dir = tempDir();
    const r = await adhoc('h2', 'copy', `content='two words' dest=${path.join(dir, 'out.txt')}`);
    expect(r.results[0].status).toBe('changed');
    expect(readFileSync(path.join(dir, 'out.txt'), 'utf8')).toBe('two words');
  });

  it('refuses an argument the module does not take before contacting any host', async () => {
    await expect(adhoc('h1', 'copy', 'nonsense=1')).rejects.toThrow(/unsupported argument 'nonsense' for module 'copy'/);
  });

  it('reports a failure on the host as a failed host result', async () => {
    const r = await adhoc('h1', 'copy', 'content=x dest=/nonexistent-machinist-dir/f');
    expect(r.results[0].status).toBe('failed');
    expect(r.summary.stats.h1.failed).toBe(1);
  });

  it('refuses an unknown module before contacting any host', async () => {
    await expect(adhoc('all', 'no_such_module', '')).rejects.toThrow(OptionsError);
  });
});
