/**
 * runSweep: the machines sweep as an engine operation, over fake connections (the pool is replaced)
 * that answer the fleet probe with captured outputs: the events it emits, one probe exec per host
 * with the host's become, the forks limit, the recap numbers and exit codes, and the connection
 * check before any host is contacted.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { exitCodeFor } from '../../../src/cli/exit-codes.js';
import { runSweep, type SweepOptions } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import type { Inventory } from '../../../src/inventory/types.js';
import type { Connection, ConnectionSpec, ExecOptions } from '../../../src/transport/types.js';
import { UnreachableError, ValidationError, ValidationErrors } from '../../../src/util/errors.js';
import { fixtures } from '../../helpers/fixtures.js';

const fixture = fixtures('modules/nspawn');

type Answer = { rc: number; stdout: string; stderr?: string } | 'unreachable';

const fake = vi.hoisted(() => ({
  answers: new Map<string, () => Answer>(),
  execs: [] as Array<{ host: string; cmd: string; opts?: ExecOptions }>,
  opened: [] as string[],
  running: 0,
  peak: 0,
  closed: 0,
}));

vi.mock('../../../src/transport/pool.js', () => ({
  ConnectionPool: class {
    get(spec: ConnectionSpec): Connection {
      const host = spec.name;
      const answer = () => fake.answers.get(host)!();
      return {
        host,
        connect: async () => {
          fake.opened.push(host);
          if (answer() === 'unreachable') throw new UnreachableError(`connect ECONNREFUSED (${host})`, 'socket');
        },
        exec: async (cmd, opts) => {
          fake.execs.push({ host, cmd, opts });
          fake.peak = Math.max(fake.peak, ++fake.running);
          await new Promise((r) => setImmediate(r));
          fake.running--;
          const a = answer() as Exclude<Answer, 'unreachable'>;
          return { command: cmd, rc: a.rc, stdout: a.stdout, stderr: a.stderr ?? '', durationMs: 1 };
        },
        put: async () => undefined,
        get: async () => Buffer.from(''),
        close: async () => undefined,
      };
    }
    async drop(): Promise<void> {}
    async closeAll(): Promise<void> {
      fake.closed++;
    }
  },
}));

const ANSWERS: Record<string, Answer> = {
  fleet: { rc: 0, stdout: fixture('fleet-probe.txt') },
  bare: { rc: 0, stdout: fixture('fleet-probe-no-machinectl.txt') },
  down: 'unreachable',
  sudo: { rc: 1, stdout: '', stderr: 'sudo: a password is required\n' },
  cut: { rc: 0, stdout: 'sh: 1: cannot create /tmp/x: Read-only file system\n' },
};

/** Every host of ANSWERS (local connections: no ssh_config is read); `sudo` becomes root from the inventory. */
function inventory(extra: Record<string, Record<string, unknown>> = {}): Inventory {
  const vars: Record<string, Record<string, unknown>> = {};
  for (const h of Object.keys(ANSWERS)) vars[h] = { ansible_connection: 'local' };
  vars.sudo.ansible_become = true;
  Object.assign(vars, extra);
  const names = Object.keys(vars);
  return {
    sources: [],
    hosts: new Map(names.map((n) => [n, { name: n, vars: vars[n] }])),
    groups: new Map([
      ['all', { name: 'all', hosts: names, children: ['ungrouped'], vars: {} }],
      ['ungrouped', { name: 'ungrouped', hosts: names, children: [], vars: {} }],
    ]),
  };
}

async function sweep(pattern: string, o: Partial<SweepOptions> = {}) {
  const events: EngineEvent[] = [];
  const summary = await runSweep({
    pattern, inventory: inventory(), forks: 5, conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e) => void events.push(e), ...o,
  });
  return { events, summary };
}

beforeEach(() => {
  fake.answers.clear();
  for (const [h, a] of Object.entries(ANSWERS)) fake.answers.set(h, () => a);
  fake.execs.length = 0;
  fake.opened.length = 0;
  fake.running = 0;
  fake.peak = 0;
  fake.closed = 0;
});

describe('runSweep: the events of a sweep', () => {
  it('is a play of one machine_info task: every host reported once, in the events any play emits', async () => {
    const { events } = await sweep('all');
    const hosts = Object.keys(ANSWERS);
    expect(events[0]).toEqual({ type: 'run_start', playbooks: [], check: false });
    expect(events[1]).toMatchObject({ type: 'play_start', play: { name: 'machines', hosts } });
    const start = events.find((e) => e.type === 'task_start');
    expect(start).toMatchObject({ task: { name: 'machine_info', module: 'machine_info' }, hosts });
    expect(events.filter((e) => e.type === 'host_task_start').map((e) => (e as { host: string }).host).sort()).toEqual([...hosts].sort());
    expect(events.map((e) => e.type).slice(-3)).toEqual(['task_end', 'play_end', 'run_end']);
    expect(events.filter((e) => e.type === 'host_unreachable')).toEqual([{ type: 'host_unreachable', host: 'down', message: 'connect ECONNREFUSED (down)' }]);
    expect(fake.closed).toBe(1);
  });

  const results: Array<[string, string, Record<string, unknown>]> = [
    ['fleet', 'ok', { changed: false, machinectl: true, systemd_version: 252, machines_target_enabled: true }],
    ['bare', 'ok', { changed: false, machinectl: false, systemd_version: 252, machines: [] }],
    ['down', 'unreachable', { unreachable: true, msg: 'connect ECONNREFUSED (down)' }],
    ['sudo', 'failed', { failed: true, msg: 'sudo: a password is required', rc: 1 }],
    ['cut', 'failed', { failed: true, msg: 'sh: 1: cannot create /tmp/x: Read-only file system', rc: 0 }],
  ];
  it.each(results)('host %s: %s with the parsed result', async (host, status, fields) => {
    const { events } = await sweep('all');
    const r = events.find((e) => e.type === 'host_task_result' && e.host === host);
    expect(r).toMatchObject({ status, result: fields });
  });

  it('reports the machines themselves, parsed', async () => {
    const { events } = await sweep('fleet');
    const r = events.find((e) => e.type === 'host_task_result') as Extract<EngineEvent, { type: 'host_task_result' }>;
    const machines = r.result.machines as Array<Record<string, unknown>>;
    expect(machines.map((m) => [m.name, m.state, m.enabled])).toEqual([['g1', 'started', true], ['g3', 'stopped', false]]);
    expect(machines[0]).toMatchObject({ guest_state: 'running', addresses: ['192.168.77.2/24', 'fd00:77::2/64'], memory: { current: null, max: 536870912 } });
  });
});

describe('runSweep: one probe per host, as a play runs it', () => {
  it('one exec per reachable host, with a time limit and the become the inventory asks for', async () => {
    await sweep('all');
    expect(fake.execs.map((x) => x.host).sort()).toEqual(['bare', 'cut', 'fleet', 'sudo']);
    for (const x of fake.execs) {
      expect(x.cmd).toContain('machinectl list-images --no-legend');
      expect(x.opts?.timeoutMs).toBe(60_000);
      expect(x.opts?.become ?? null).toEqual(x.host === 'sudo' ? { user: 'root' } : null);
    }
  });

  it('-b and --become-user apply to every host', async () => {
    await sweep('fleet:bare', { become: true, becomeUser: 'admin' });
    expect(fake.execs.map((x) => x.opts?.become)).toEqual([{ user: 'admin' }, { user: 'admin' }]);
  });

  it('never more hosts at once than forks', async () => {
    await sweep('all', { forks: 2 });
    expect(fake.execs).toHaveLength(4);
    expect(fake.peak).toBeGreaterThan(0);
    expect(fake.peak).toBeLessThanOrEqual(2);
  });

  it('--limit narrows the hosts', async () => {
    const { events } = await sweep('all', { limit: 'fleet' });
    expect(events[1]).toMatchObject({ type: 'play_start', play: { hosts: ['fleet'] } });
    expect(fake.execs.map((x) => x.host)).toEqual(['fleet']);
  });
});

describe('runSweep: outcome', () => {
  const cases: Array<[string, number]> = [
    ['fleet:bare', 0],
    ['fleet:sudo', 2],
    ['fleet:down', 4],
    ['down:sudo', 4],
    ['cut', 2],
  ];
  it.each(cases)('%s: exit %i, as play, run and ping', async (pattern, code) => {
    const { summary } = await sweep(pattern);
    expect(exitCodeFor(summary)).toBe(code);
  });

  it('counts each host in the recap numbers', async () => {
    const { summary } = await sweep('all');
    expect(summary.interrupted).toBe(false);
    expect(Object.fromEntries(Object.entries(summary.stats).map(([h, c]) => [h, [c.ok, c.failed, c.unreachable]]))).toEqual({
      fleet: [1, 0, 0], bare: [1, 0, 0], down: [0, 0, 1], sudo: [0, 1, 0], cut: [0, 1, 0],
    });
  });
});

describe('runSweep: bad input stops it before any host is contacted', () => {
  const bad: Array<[string, Record<string, unknown>, RegExp]> = [
    ['a port that is no number', { ansible_port: 'abc' }, /host broken: ansible_port must be a port number/],
    ['an unknown connection', { ansible_connection: 'sssh' }, /host broken: unknown ansible_connection "sssh"/],
    ['an address that is a list', { ansible_host: ['10.0.0.1'] }, /ansible_host must be a string, not a list/],
  ];
  it.each(bad)('%s', async (_what, vars, message) => {
    const events: EngineEvent[] = [];
    const err = await runSweep({
      pattern: 'all', inventory: inventory({ broken: vars }), forks: 5, conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e) => void events.push(e),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationErrors);
    expect((err as ValidationErrors).errors.map((e) => e.message)).toEqual([expect.stringMatching(message)]);
    expect(events).toEqual([]);
    expect(fake.opened).toEqual([]);
  });

  it('a bad pattern is refused the same way', async () => {
    const err = await sweep('fleet:!').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(fake.opened).toEqual([]);
  });
});
