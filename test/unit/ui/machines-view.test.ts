import { describe, expect, it } from 'vitest';
import type { EngineEvent, HostStatus, TaskInfo } from '../../../src/engine/events.js';
import { machineInfoOf } from '../../../src/modules/nspawn/machine/machine-info.js';
import type { ModuleResult } from '../../../src/modules/types.js';
import { hostMachinesOf, MachinesView } from '../../../src/ui/machines-view.js';
import { fixtures } from '../../helpers/fixtures.js';
import { sink } from '../../helpers/sink.js';

const fixture = fixtures('modules/nspawn');
const fleet = { changed: false, ...machineInfoOf({ rc: 0, stdout: fixture('fleet-probe.txt'), stderr: '' }) };
const bare = { changed: false, ...machineInfoOf({ rc: 0, stdout: fixture('fleet-probe-no-machinectl.txt'), stderr: '' }) };

const task: TaskInfo = { id: 't1', name: 'machine_info', module: 'machine_info', isHandler: false };
const zero = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
const result = (host: string, status: HostStatus, r: ModuleResult): EngineEvent => ({ type: 'host_task_result', host, task, status, result: r, durationMs: 1 });

/** A sweep of four hosts as the engine reports it, results arriving out of the inventory's order. */
function sweep(interrupted = false, reached = ['h1', 'h2', 'h3', 'h4']): EngineEvent[] {
  const all: Record<string, EngineEvent> = {
    h4: result('h4', 'failed', { changed: false, failed: true, msg: 'sudo: a password is required', rc: 1 }),
    h2: result('h2', 'ok', bare),
    h3: result('h3', 'unreachable', { changed: false, unreachable: true, msg: 'connect ECONNREFUSED 10.0.0.3:22' }),
    h1: result('h1', 'ok', fleet),
  };
  return [
    { type: 'run_start', playbooks: [], check: false },
    { type: 'warning', message: 'Could not match supplied host pattern, ignoring: h9' },
    { type: 'play_start', play: { id: 'p1', name: 'machines', hosts: ['h1', 'h2', 'h3', 'h4'] } },
    { type: 'task_start', task, hosts: ['h1', 'h2', 'h3', 'h4'] },
    ...Object.keys(all).filter((h) => reached.includes(h)).map((h) => all[h]),
    { type: 'task_end', task },
    { type: 'play_end', play: { id: 'p1', name: 'machines' } },
    { type: 'run_end', stats: { h1: { ...zero, ok: 1 } }, interrupted, durationMs: 5 },
  ];
}

async function show(events: EngineEvent[], json: boolean, warnings = true) {
  const out = sink();
  const err = sink();
  const v = new MachinesView({ out, err, json, warnings });
  events.forEach((e) => v.handle(e));
  await v.finish();
  return { out: out.text(), err: err.text() };
}

describe('MachinesView: the table from the events', () => {
  it('every host in the play order, whatever order the results came in', async () => {
    const { out, err } = await show(sweep(), false);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^HOST +MACHINE +STATE +ENABLED +OS +ADDRESSES +MEMORY$/);
    expect(lines.slice(1, 6).map((l) => l.split(/ {2,}/).slice(0, 3))).toEqual([
      ['h1', 'g1', 'running'],
      ['h1', 'g3', 'stopped'],
      ['h2', '-', '(no machinectl: systemd-container not installed)'],
      ['h3', '-', 'UNREACHABLE: connect ECONNREFUSED 10.0.0.3:22'],
      ['h4', '-', 'FAILED: sudo: a password is required'],
    ]);
    expect(out.trimEnd().split('\n').at(-1)).toBe('2 machines on 4 hosts, 2 hosts not read');
    expect(err).toBe('[WARNING]: Could not match supplied host pattern, ignoring: h9\n');
  });

  it('leaves the warnings to a progress view beside it', async () => {
    expect((await show(sweep(), false, false)).err).toBe('');
  });

  it('hosts Ctrl-C left unread are listed as such', async () => {
    const { out } = await show(sweep(true, ['h1']), false);
    expect(out).toMatch(/^h2 +- +FAILED: interrupted$/m);
    expect(out).toContain('2 machines on 4 hosts, 3 hosts not read');
  });

  it('writes nothing when the run never ended (it threw before any host)', async () => {
    expect(await show(sweep().slice(0, 3), false)).toEqual({ out: '', err: '[WARNING]: Could not match supplied host pattern, ignoring: h9\n' });
  });
});

describe('MachinesView --json', () => {
  it('one document: hosts → machines, unreachable and failed hosts named', async () => {
    const { out } = await show(sweep(), true);
    const doc = JSON.parse(out) as { hosts: Record<string, { status: string; systemd_version?: number; machines: Array<{ name: string }> }>; unreachable: string[]; failed: string[] };
    expect(Object.keys(doc.hosts)).toEqual(['h1', 'h2', 'h3', 'h4']);
    expect(doc.hosts.h1.machines.map((m) => m.name)).toEqual(['g1', 'g3']);
    expect(doc.hosts.h1.systemd_version).toBe(252);
    expect(doc.hosts.h2).toEqual({ status: 'no-machinectl', systemd_version: 252, machines: [] });
    expect(doc.unreachable).toEqual(['h3']);
    expect(doc.failed).toEqual(['h4']);
  });
});

describe('hostMachinesOf', () => {
  const cases: Array<[HostStatus, ModuleResult, Record<string, unknown>]> = [
    ['ok', fleet, { status: 'ok', systemdVersion: 252 }],
    ['ok', bare, { status: 'no-machinectl', machines: [] }],
    ['unreachable', { unreachable: true, msg: 'no route' }, { status: 'unreachable', msg: 'no route', machines: [] }],
    ['failed', { failed: true, msg: 'first\nsecond' }, { status: 'failed', msg: 'first', machines: [] }],
    ['failed', { failed: true }, { status: 'failed', msg: '', machines: [] }],
  ];
  it.each(cases)('%s %j', (status, r, expected) => {
    expect(hostMachinesOf('h', status, r)).toMatchObject({ host: 'h', ...expected });
  });
});
