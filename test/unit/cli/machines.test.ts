import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { machinesExitCode, mapLimited, probeHost } from '../../../src/cli/machines.js';
import type { Connection, ExecOptions } from '../../../src/transport/types.js';
import { UnreachableError } from '../../../src/util/errors.js';

const fixture = (n: string) => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../modules/nspawn/fixtures', n), 'utf8');

function conn(answer: () => Promise<{ rc: number; stdout: string; stderr?: string }>, seen: Array<{ cmd: string; opts?: ExecOptions }> = []): Connection {
  return {
    host: 'h',
    connect: async () => undefined,
    exec: async (cmd, opts) => {
      seen.push({ cmd, opts });
      const a = await answer();
      return { command: cmd, rc: a.rc, stdout: a.stdout, stderr: a.stderr ?? '', durationMs: 1 };
    },
    put: async () => undefined,
    get: async () => Buffer.from(''),
    close: async () => undefined,
  };
}

describe('probeHost: one exec per host', () => {
  it('lists the machines of a host, with become', async () => {
    const seen: Array<{ cmd: string; opts?: ExecOptions }> = [];
    const r = await probeHost('h1', conn(async () => ({ rc: 0, stdout: fixture('fleet-probe.txt') }), seen), { user: 'root' });
    expect(r).toMatchObject({ host: 'h1', status: 'ok', systemdVersion: 252 });
    expect(r.machines.map((m) => m.name)).toEqual(['g1', 'g3']);
    expect(seen).toHaveLength(1);
    expect(seen[0].cmd).toContain('machinectl list-images --no-legend');
    expect(seen[0].opts?.become).toEqual({ user: 'root' });
  });
  it('a host without machinectl, an unreachable one, a failed probe', async () => {
    expect(await probeHost('h2', conn(async () => ({ rc: 0, stdout: fixture('fleet-probe-no-machinectl.txt') })), null)).toMatchObject({ status: 'no-machinectl', machines: [] });
    const down = await probeHost('h3', conn(async () => { throw new UnreachableError('connect ECONNREFUSED', 'socket'); }), null);
    expect(down).toEqual({ host: 'h3', status: 'unreachable', msg: 'connect ECONNREFUSED', machines: [] });
    const bad = await probeHost('h4', conn(async () => ({ rc: 126, stdout: '', stderr: 'sudo: a password is required\n' })), null);
    expect(bad).toEqual({ host: 'h4', status: 'failed', msg: 'sudo: a password is required', machines: [] });
  });
});

describe('exit codes', () => {
  it('as play, run and ping: 2 when a probe failed, else 3 when a host was unreachable, else 0', () => {
    const ok = { host: 'a', status: 'ok' as const, machines: [] };
    expect(machinesExitCode([ok, { ...ok, status: 'no-machinectl' }])).toBe(0);
    expect(machinesExitCode([ok, { ...ok, status: 'failed' }])).toBe(2);
    expect(machinesExitCode([ok, { ...ok, status: 'unreachable' }])).toBe(3);
    expect(machinesExitCode([{ ...ok, status: 'failed' }, { ...ok, status: 'unreachable' }])).toBe(2);
  });
});

describe('mapLimited', () => {
  it('keeps the order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapLimited([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(peak).toBe(2);
  });
});
