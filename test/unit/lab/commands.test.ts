import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { registerLabCommands, type LabImpl } from '../../../src/lab/commands.js';
import type { LabStatus } from '../../../src/lab/status.js';

function setup() {
  const calls: Array<[string, unknown[]]> = [];
  const out: string[] = [];
  const err: string[] = [];
  let exitCode: number | undefined;
  const status: LabStatus = {
    name: 'x', dir: '/srv/x', exists: true, subnet: '10.213.7.0/24', gateway: '10.213.7.1', bridge: 'mlab-x', bridgeUp: true,
    suite: 'bookworm', proxy: 'running', dhcp: 'running', inventoryPath: '/srv/x/inventory.yml',
    hosts: [{ name: 'h1', address: '10.213.7.11', state: 'running', uptimeSec: 5, pid: 9 }],
  };
  const impl: LabImpl = {
    labUp: async (o) => {
      calls.push(['up', [{ ...o, onProgress: typeof o.onProgress }]]);
      o.onProgress?.('h1: booting');
      return { name: o.name!, dir: '/srv/x', inventoryPath: '/srv/x/inventory.yml', knownHostsPath: '/srv/x/known_hosts', hosts: [{ name: 'h1', index: 1, address: '10.213.7.11', started: true }], timings: { baseMs: 0, hostsMs: 1000, totalMs: 1200 } };
    },
    labStatus: async (name) => (calls.push(['status', [name]]), status),
    labDown: async (o) => (calls.push(['down', [{ ...o, onProgress: typeof o?.onProgress }]]), { hosts: ['h1'], purged: [] }),
    labExec: async (host, cmd, o) => (calls.push(['exec', [host, cmd, o]]), { rc: 7, stdout: 'out\n', stderr: 'err\n' }),
  };
  const program = new Command('machinist').exitOverride();
  registerLabCommands(program, impl, { out: (s) => out.push(s), err: (s) => err.push(s), setExitCode: (c) => (exitCode = c) });
  for (const c of program.commands) c.exitOverride();
  const run = (...args: string[]) => program.parseAsync(['node', 'machinist', ...args]);
  return { calls, out, err, run, exit: () => exitCode };
}

describe('machinist lab commands', () => {
  it('up: count, name, suite and subnet reach labUp; progress on stderr; the inventory path is the last stdout line', async () => {
    const t = setup();
    await t.run('lab', 'up', '5', '--name', 'x', '--subnet', '10.9.8.0/24');
    expect(t.calls).toEqual([['up', [{ count: 5, name: 'x', suite: 'bookworm', subnet: '10.9.8.0/24', onProgress: 'function' }]]]);
    expect(t.out).toEqual(['/srv/x/inventory.yml\n']);
    expect(t.err.join('')).toContain('lab: h1: booting\n');
    expect(t.err.join('')).toMatch(/lab x: 1 host up \(1 booted now\) in 1\.2 s/);
  });

  it('up: defaults to 3 hosts of the default lab, and refuses a bad count', async () => {
    const t = setup();
    await t.run('lab', 'up');
    expect(t.calls[0][1][0]).toMatchObject({ count: 3, name: 'default', suite: 'bookworm' });
    await expect(t.run('lab', 'up', 'three')).rejects.toThrow(/host count must be a whole number from 1 to 89, not "three"/);
    await expect(t.run('lab', 'up', '90')).rejects.toThrow(/from 1 to 89/);
  });

  it('status: a table, or JSON', async () => {
    const t = setup();
    await t.run('lab', 'status', '--name', 'x');
    expect(t.out.join('')).toMatch(/^h1 +10\.213\.7\.11 +running +5s$/m);
    await t.run('lab', 'status', '--name', 'x', '--json');
    expect(JSON.parse(t.out[1]).hosts[0].name).toBe('h1');
  });

  it('down: passes purge', async () => {
    const t = setup();
    await t.run('lab', 'down', '--purge');
    expect(t.calls).toEqual([['down', [{ name: 'default', purge: true, onProgress: 'function' }]]]);
    expect(t.err.join('')).toContain('lab default: down (1 host removed)');
  });

  it('exec: one argument is shell text, several are an argv; output relayed and the exit code is the remote one', async () => {
    const t = setup();
    await t.run('lab', 'exec', 'h1', '--', 'echo $HOME');
    await t.run('lab', 'exec', '--name', 'x', 'h2', '--', 'ls', '-l', '/');
    expect(t.calls).toEqual([
      ['exec', ['h1', 'echo $HOME', { name: 'default', timeoutMs: 300_000 }]],
      ['exec', ['h2', ['ls', '-l', '/'], { name: 'x', timeoutMs: 300_000 }]],
    ]);
    expect(t.out).toEqual(['out\n', 'out\n']);
    expect(t.err).toEqual(['err\n', 'err\n']);
    expect(t.exit()).toBe(7);
    await expect(t.run('lab', 'exec', 'h1', '--timeout', '0', '--', 'true')).rejects.toThrow(/--timeout must be a positive number/);
  });
});
