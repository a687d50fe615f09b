/**
 * The views of `machinist machines` (cli/views.ts machinesView): stdout carries only the table or the
 * JSON document; the play's progress lines go beside it on stderr, without a recap.
 */
import { describe, expect, it } from 'vitest';
import { machinesView } from '../../../src/cli/views.js';
import type { EngineEvent, TaskInfo } from '../../../src/engine/events.js';
import { machineInfoOf } from '../../../src/modules/nspawn/machine/machine-info.js';
import { fixtures } from '../../helpers/fixtures.js';
import { sink } from '../../helpers/sink.js';

const fixture = fixtures('modules/nspawn');

const task: TaskInfo = { id: 't1', name: 'machine_info', module: 'machine_info', isHandler: false };
const zero = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
const events: EngineEvent[] = [
  { type: 'run_start', playbooks: [], check: false },
  { type: 'warning', message: 'Could not match supplied host pattern, ignoring: nope' },
  { type: 'play_start', play: { id: 'p1', name: 'machines', hosts: ['up', 'down'] } },
  { type: 'batch_start', hosts: ['up', 'down'] },
  { type: 'task_start', task, hosts: ['up', 'down'] },
  { type: 'host_task_start', host: 'up', task },
  { type: 'host_task_start', host: 'down', task },
  { type: 'host_task_result', host: 'down', task, status: 'unreachable', result: { changed: false, unreachable: true, msg: 'connect ECONNREFUSED' }, durationMs: 1 },
  { type: 'host_unreachable', host: 'down', message: 'connect ECONNREFUSED' },
  { type: 'host_task_result', host: 'up', task, status: 'ok', result: { changed: false, ...machineInfoOf({ rc: 0, stdout: fixture('fleet-probe.txt'), stderr: '' }) }, durationMs: 1 },
  { type: 'task_end', task },
  { type: 'play_end', play: { id: 'p1', name: 'machines' } },
  { type: 'run_end', stats: { up: { ...zero, ok: 1 }, down: { ...zero, unreachable: 1 } }, interrupted: false, durationMs: 3 },
];

async function shown(json: boolean) {
  const out = sink();
  const err = sink();
  const view = machinesView({ verbosity: 0, diff: false, out, err }, json, false);
  events.forEach((e) => view.handle(e));
  await view.finish();
  return { out: out.text(), err: err.text() };
}

describe('machines without a TTY', () => {
  it('stdout: the table alone; stderr: the progress lines a play prints, the warning once, no recap', async () => {
    const { out, err } = await shown(false);
    const lines = out.split('\n');
    expect(lines[0]).toMatch(/^HOST +MACHINE +STATE +ENABLED +OS +ADDRESSES +MEMORY$/);
    expect(lines.filter((l) => l.startsWith('up ')).map((l) => l.split(/ {2,}/)[1])).toEqual(['g1', 'g3']);
    expect(lines.find((l) => l.startsWith('down '))).toMatch(/UNREACHABLE: connect ECONNREFUSED$/);
    expect(out).not.toMatch(/PLAY|TASK|ok: \[|WARNING/);
    expect(err).toContain('PLAY [machines] ***');
    expect(err).toContain('TASK [machine_info] ***');
    expect(err).toMatch(/^ok: \[up\]$/m);
    expect(err).toMatch(/^fatal: \[down\]: UNREACHABLE! => \{.*"msg": "connect ECONNREFUSED"/m);
    expect(err.match(/\[WARNING\]: Could not match supplied host pattern, ignoring: nope/g)).toHaveLength(1);
    expect(out + err).not.toContain('PLAY RECAP');
  });
});

describe('machines --json', () => {
  it('stdout: one JSON document and nothing else; stderr: only the warning', async () => {
    const { out, err } = await shown(true);
    const doc = JSON.parse(out) as { hosts: Record<string, { status: string }>; unreachable: string[] };
    expect(Object.keys(doc.hosts)).toEqual(['up', 'down']);
    expect(doc.hosts.up.status).toBe('ok');
    expect(doc.unreachable).toEqual(['down']);
    expect(err).toBe('[WARNING]: Could not match supplied host pattern, ignoring: nope\n');
  });
});
