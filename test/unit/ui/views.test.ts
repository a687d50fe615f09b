import { describe, expect, it } from 'vitest';
import type { EngineEvent, TaskInfo } from '../../../src/engine/events.js';
import { JsonView } from '../../../src/ui/json.js';
import { PlainView } from '../../../src/ui/plain.js';
import { AdhocView } from '../../../src/ui/adhoc.js';
import { sink } from '../../helpers/sink.js';

const zero = { ok: 0, changed: 0, unreachable: 0, failed: 0, skipped: 0, rescued: 0, ignored: 0 };
const task = (name: string, module = 'copy'): TaskInfo => ({ id: name, name, module, isHandler: false });

const stream: EngineEvent[] = [
  { type: 'play_start', play: { id: 'p1', name: 'web', hosts: ['h1', 'h2'] } },
  { type: 'task_start', task: task('write config'), hosts: ['h1', 'h2'] },
  {
    type: 'host_task_result',
    host: 'h1',
    task: task('write config'),
    status: 'changed',
    result: { changed: true, dest: '/etc/x', diff: { before: 'a\n', after: 'b\n', before_header: '/etc/x', after_header: '/etc/x' } },
    durationMs: 3,
  },
  { type: 'host_task_result', host: 'h2', task: task('write config'), status: 'failed', result: { changed: false, msg: 'boom' }, durationMs: 3 },
  { type: 'task_end', task: task('write config') },
  { type: 'play_end', play: { id: 'p1', name: 'web' } },
  { type: 'run_end', stats: { h1: { ...zero, ok: 1, changed: 1 }, h2: { ...zero, failed: 1 } }, interrupted: false, durationMs: 10 },
];

describe('PlainView', () => {
  it('prints banners, host lines, failures as JSON, diffs and the recap', () => {
    const out = sink();
    const v = new PlainView({ verbosity: 0, diff: true, out, err: out });
    stream.forEach((e) => v.handle(e));
    const text = out.text();
    expect(text).toContain('PLAY [web] ***');
    expect(text).toContain('TASK [write config] ***');
    expect(text).toContain('changed: [h1]\n');
    expect(text).toContain('fatal: [h2]: FAILED! => {"changed": false, "msg": "boom"}');
    expect(text).toMatch(/--- before: \/etc\/x\n\+\+\+ after: \/etc\/x\n@@ -1 \+1 @@\n-a\n\+b/);
    expect(text).toContain('h2                         : ok=0    changed=0    unreachable=0    failed=1');
  });

  it('shows no diff without --diff', () => {
    const out = sink();
    const v = new PlainView({ verbosity: 0, diff: false, out, err: out });
    stream.forEach((e) => v.handle(e));
    expect(out.text()).not.toContain('+++ after');
  });
});

describe('PlainView details', () => {
  const t = task('x', 'command');
  const run = (events: EngineEvent[]) => {
    const out = sink();
    const v = new PlainView({ verbosity: 0, diff: false, out, err: out });
    events.forEach((e) => v.handle(e));
    return out.text();
  };

  it('says ...ignoring for ignore_errors but not for a failure that rescue handles', () => {
    const failed = { changed: false, failed: true, msg: 'no' };
    expect(run([{ type: 'host_task_result', host: 'h', task: t, status: 'failed', ignored: true, result: failed, durationMs: 1 }])).toContain('...ignoring');
    expect(run([{ type: 'host_task_result', host: 'h', task: t, status: 'failed', ignored: true, rescued: true, result: failed, durationMs: 1 }])).not.toContain('...ignoring');
  });

  it("shows a loop's items, not its aggregate, unless the loop failed", () => {
    const ok = run([
      { type: 'host_task_result', host: 'h', task: t, status: 'changed', item: 'a', result: { changed: true }, durationMs: 1 },
      { type: 'host_task_result', host: 'h', task: t, status: 'changed', loop: true, result: { changed: true, msg: 'All items completed' }, durationMs: 1 },
    ]);
    expect(ok).toBe('changed: [h] => (item=a)\n');
    const bad = run([{ type: 'host_task_result', host: 'h', task: t, status: 'failed', loop: true, result: { msg: 'One or more items failed' }, durationMs: 1 }]);
    expect(bad).toContain('fatal: [h]: FAILED! => {"msg": "One or more items failed"}');
  });

  it('announces each include like Ansible: "included: FILE for HOSTS", with the loop item', () => {
    const inc = task('include_tasks', 'include_tasks');
    expect(run([
      { type: 'included', task: inc, file: '/p/t.yml', hosts: ['h1', 'h2'] },
      { type: 'included', task: inc, file: '/p/t.yml', hosts: ['h2'], item: 'b' },
    ])).toBe('included: /p/t.yml for h1, h2\nincluded: /p/t.yml for h2 => (item=b)\n');
  });

  it('announces retries like Ansible', () => {
    expect(run([{ type: 'host_task_retry', host: 'h', task: t, attempt: 1, retriesLeft: 2, result: {} }])).toBe('FAILED - RETRYING: [h]: x (2 retries left).\n');
  });
});

describe('JsonView', () => {
  it("writes one document shaped like Ansible's json callback", async () => {
    const out = sink();
    const v = new JsonView({ out });
    stream.forEach((e) => v.handle(e));
    expect(out.text()).toBe('');
    await v.finish();
    const doc = JSON.parse(out.text());
    expect(doc.plays[0].play.name).toBe('web');
    expect(doc.plays[0].tasks[0].task.name).toBe('write config');
    expect(doc.plays[0].tasks[0].hosts.h1).toMatchObject({ action: 'copy', changed: true, dest: '/etc/x' });
    expect(doc.plays[0].tasks[0].hosts.h2).toMatchObject({ msg: 'boom' });
    expect(doc.stats.h2).toEqual({ changed: 0, failures: 1, ignored: 0, ok: 0, rescued: 0, skipped: 0, unreachable: 0 });
  });

  it('collects loop items under results', async () => {
    const out = sink();
    const v = new JsonView({ out });
    const t = task('loop', 'command');
    v.handle({ type: 'play_start', play: { id: 'p', name: 'p', hosts: ['h1'] } });
    v.handle({ type: 'task_start', task: t, hosts: ['h1'] });
    v.handle({ type: 'host_task_result', host: 'h1', task: t, status: 'ok', item: 'a', result: { rc: 0 }, durationMs: 1 });
    v.handle({ type: 'host_task_result', host: 'h1', task: t, status: 'ok', item: 'b', result: { rc: 0 }, durationMs: 1 });
    v.handle({ type: 'host_task_result', host: 'h1', task: t, status: 'ok', result: { changed: false, msg: 'All items completed' }, durationMs: 1 });
    v.handle({ type: 'run_end', stats: { h1: { ...zero, ok: 1 } }, interrupted: false, durationMs: 1 });
    await v.finish();
    const doc = JSON.parse(out.text());
    expect(doc.plays[0].tasks[0].hosts.h1.results.map((r: { item: string }) => r.item)).toEqual(['a', 'b']);
    expect(doc.plays[0].tasks[0].hosts.h1.msg).toBe('All items completed');
  });
});

describe('JsonView includes', () => {
  it("records an include_tasks per host as Ansible's include result, per item under results", async () => {
    const out = sink();
    const v = new JsonView({ out });
    const one = task('one', 'include_tasks');
    const looped = task('looped', 'include_tasks');
    v.handle({ type: 'play_start', play: { id: 'p', name: 'p', hosts: ['h1', 'h2'] } });
    v.handle({ type: 'task_start', task: one, hosts: ['h1', 'h2'] });
    v.handle({ type: 'included', task: one, file: '/p/t.yml', hosts: ['h1', 'h2'] });
    v.handle({ type: 'task_start', task: looped, hosts: ['h1'] });
    v.handle({ type: 'included', task: looped, file: '/p/t.yml', hosts: ['h1'], item: 'a' });
    v.handle({ type: 'included', task: looped, file: '/p/t.yml', hosts: ['h1'], item: 'b' });
    v.handle({ type: 'run_end', stats: { h1: { ...zero, ok: 3 }, h2: { ...zero, ok: 1 } }, interrupted: false, durationMs: 1 });
    await v.finish();
    const [first, second] = JSON.parse(out.text()).plays[0].tasks;
    expect(first.hosts.h2).toEqual({ action: 'include_tasks', include: '/p/t.yml', include_args: {}, changed: false });
    expect(second.hosts.h1.results.map((r: { item: string; include: string }) => `${r.item} ${r.include}`)).toEqual(['a /p/t.yml', 'b /p/t.yml']);
  });
});

describe('AdhocView', () => {
  it('prints command output like `ansible -a`', () => {
    const out = sink();
    const v = new AdhocView({ verbosity: 0, diff: false, out, err: out });
    const t = task('command', 'command');
    v.handle({ type: 'host_task_result', host: 'h1', task: t, status: 'changed', result: { rc: 0, stdout: 'up 3 days', stderr: '' }, durationMs: 1 });
    v.handle({ type: 'host_task_result', host: 'h2', task: t, status: 'unreachable', result: { msg: 'refused' }, durationMs: 1 });
    expect(out.text()).toBe('h1 | CHANGED | rc=0 >>\nup 3 days\nh2 | UNREACHABLE! => {\n    "msg": "refused"\n}\n');
  });
});
