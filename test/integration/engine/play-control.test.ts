/** run_once, serial batches (event order), max_fail_percentage, any_errors_fatal, failed hosts across plays. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

describe('run_once', () => {
  it('runs on the first host only and registers the result on every host', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: once
      shell: echo {{ inventory_hostname }} >> {{ tmp }}/once.log
      run_once: true
      register: o
    - name: show
      debug:
        msg: "{{ o.rc }} {{ o.cmd }}"
`);
    expect(readFileSync(path.join(r.dir, 'once.log'), 'utf8')).toBe('h1\n');
    expect(r.results('once').map((e) => e.host)).toEqual(['h1']);
    const shown = r.results('show').map((e) => e.result.msg);
    expect(shown).toHaveLength(3);
    expect(new Set(shown).size).toBe(1);
    expect(String(shown[0])).toContain('echo h1');
    expect(counts(r.recap('h1'))).toBe('ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
    expect(counts(r.recap('h2'))).toBe('ok=1 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
  });
});

describe('serial', () => {
  it('runs the whole play per batch, in order, the last size repeating', async () => {
    const r = await play(`
- hosts: all
  serial: [1, 2]
  gather_facts: false
  tasks:
    - name: t1
      command: "true"
    - name: t2
      command: "true"
`);
    const seq = r.events.flatMap((e) => {
      if (e.type === 'batch_start') return [`batch ${e.hosts.join(',')}`];
      if (e.type === 'task_start') return [`${e.task.name} ${e.hosts.join(',')}`];
      return [];
    });
    expect(seq).toEqual(['batch h1', 't1 h1', 't2 h1', 'batch h2,h3', 't1 h2,h3', 't2 h2,h3']);
    for (const h of ['h1', 'h2', 'h3']) expect(r.recap(h)).toMatchObject({ ok: 2, changed: 2 });
  });

  it('keeps going with the next batch when one host of a batch fails', async () => {
    const r = await play(`
- hosts: all
  serial: 2
  gather_facts: false
  tasks:
    - name: t1
      command: /bin/false
      when: inventory_hostname == 'h1'
    - name: t2
      command: "true"
`);
    expect(r.results('t2').map((e) => e.host).sort()).toEqual(['h2', 'h3']);
  });

  it('ends the run when every host of a batch failed (NO MORE HOSTS LEFT)', async () => {
    const r = await play(`
- hosts: all
  serial: 1
  gather_facts: false
  tasks:
    - name: t1
      command: /bin/false
- hosts: all
  gather_facts: false
  tasks:
    - name: second play
      command: "true"
`);
    expect(r.results('t1').map((e) => e.host)).toEqual(['h1']);
    expect(r.events.some((e) => e.type === 'no_more_hosts' && e.reason === 'all_failed')).toBe(true);
    expect(r.results('second play')).toHaveLength(0);
    expect(r.summary.stats.h2).toBeUndefined();
  });
});

describe('max_fail_percentage', () => {
  it('aborts the play when the failed share is exceeded', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  max_fail_percentage: 30
  tasks:
    - name: fail h1
      command: /bin/false
      when: inventory_hostname == 'h1'
    - name: next
      command: "true"
`);
    expect(r.results('next')).toHaveLength(0);
    expect(r.events.some((e) => e.type === 'no_more_hosts' && e.reason === 'max_fail_percentage')).toBe(true);
    expect(r.recap('h1').failed).toBe(1);
    expect(r.recap('h2')).toMatchObject({ skipped: 1, failed: 0 });
  });

  it('goes on when the share is reached but not exceeded', async () => {
    const r = await play(`
- hosts: h1:h2
  gather_facts: false
  max_fail_percentage: 50
  tasks:
    - name: fail h1
      command: /bin/false
      when: inventory_hostname == 'h1'
    - name: next
      command: "true"
`);
    expect(r.results('next').map((e) => e.host)).toEqual(['h2']);
  });
});

describe('any_errors_fatal and failed hosts across plays', () => {
  it('ends the play for all hosts after the failing task', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: fail h2
      command: /bin/false
      when: inventory_hostname == 'h2'
    - name: next
      command: "true"
- hosts: all
  gather_facts: false
  tasks:
    - name: second play
      command: "true"
`);
    expect(r.results('fail h2')).toHaveLength(3);
    expect(r.results('next')).toHaveLength(0);
    expect(r.results('second play')).toHaveLength(0);
    expect(counts(r.recap('h2'))).toBe('ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0');
    expect(counts(r.recap('h1'))).toBe('ok=0 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
    expect(r.summary.failedBreak).toBe(true); // ansible-playbook exits 2 then, even with a host unreachable
  });

  it('a failure in rescue: the always section runs first (and, as Ansible, the play goes on for the others)', async () => {
    // ansible-playbook 2.14 prints exactly these recaps for this play (linear strategy spares hosts in rescue/always)
    const r = await play(`
- hosts: h1,h2
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - block:
        - name: fail h2
          command: /bin/false
          when: inventory_hostname == 'h2'
      rescue:
        - name: fail again
          command: /bin/false
      always:
        - name: always
          debug: msg=always
    - name: after
      debug: msg=after
`);
    expect(r.results('always').map((e) => e.host)).toEqual(['h1', 'h2']);
    expect(r.results('after').map((e) => e.host)).toEqual(['h1']);
    expect(counts(r.recap('h1'))).toBe('ok=2 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
    expect(counts(r.recap('h2'))).toBe('ok=1 changed=0 unreachable=0 failed=1 skipped=0 rescued=1 ignored=0');
  });

  it('leaves a host that failed out of later plays', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: fail h1
      command: /bin/false
      when: inventory_hostname == 'h1'
- hosts: all
  gather_facts: false
  tasks:
    - name: second play
      command: "true"
`);
    expect(r.results('second play').map((e) => e.host).sort()).toEqual(['h2', 'h3']);
    const starts = r.events.filter((e) => e.type === 'play_start');
    expect(starts.map((e) => (e as { play: { hosts: string[] } }).play.hosts)).toEqual([
      ['h1', 'h2', 'h3'],
      ['h2', 'h3'],
    ]);
  });
});

describe('forks', () => {
  const BOOK = `
- hosts: all
  gather_facts: false
  tasks:
    - name: work
      shell: "sleep {{ '0.6' if inventory_hostname == 'h1' else '0.05' }}"
`;
  const trace = (events: Awaited<ReturnType<typeof play>>['events']) =>
    events.flatMap((e) => (e.type === 'host_task_start' ? [`start ${e.host}`] : e.type === 'host_task_result' ? [`done ${e.host}`] : []));

  it('runs hosts concurrently, a slow host not holding back the others\' results', async () => {
    const r = await play(BOOK, { forks: 5 });
    const t = trace(r.events);
    expect(t.slice(0, 3).sort()).toEqual(['start h1', 'start h2', 'start h3']);
    expect(t.at(-1)).toBe('done h1');
  });

  it('never has more than `forks` hosts working at once', async () => {
    const r = await play(BOOK, { forks: 1 });
    expect(trace(r.events)).toEqual(['start h1', 'done h1', 'start h2', 'done h2', 'start h3', 'done h3']);
  });

  it.each([
    ['on the task', '', 'throttle: 1'],
    ['on the play, a template', 'throttle: "{{ one }}"', ''],
  ])('throttle %s: one host at a time with forks 5', async (_where, onPlay, onTask) => {
    const r = await play(`
- hosts: all
  gather_facts: false
  vars: {one: 1}
  ${onPlay}
  tasks:
    - name: work
      shell: "sleep {{ '0.6' if inventory_hostname == 'h1' else '0.05' }}"
      ${onTask}
`, { forks: 5 });
    expect(trace(r.events)).toEqual(['start h1', 'done h1', 'start h2', 'done h2', 'start h3', 'done h3']);
  });
});

describe('meta', () => {
  it('end_host stops one host, end_play the play (not the run), clear_host_errors lets failed hosts into later plays', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: fail h1
      command: /bin/false
      when: inventory_hostname == 'h1'
    - meta: clear_host_errors
    - meta: end_host
      when: inventory_hostname == 'h2'
    - name: after end_host
      debug: { msg: y }
    - meta: end_play
      when: inventory_hostname == 'h3'
    - name: after end_play
      debug: { msg: z }
- hosts: all
  gather_facts: false
  tasks:
    - name: next play
      debug: { msg: w }
`);
    expect(r.results('after end_host').map((e) => e.host)).toEqual(['h3']);
    expect(r.results('after end_play')).toHaveLength(0);
    expect(r.results('next play').map((e) => e.host).sort()).toEqual(['h1', 'h2', 'h3']);
    expect(r.recap('h1').failed).toBe(1);
  });
});

describe('strategy', () => {
  // h1 waits (bounded) for a file that h2 writes in the task after: only a host that does not wait for
  // the others gets there, so the wait succeeds under free and times out under linear
  const book = (strategy: string) => `
- hosts: h1,h2
  gather_facts: false
  strategy: ${strategy}
  tasks:
    - name: wait
      shell: "if [ {{ inventory_hostname }} = h1 ]; then for i in $(seq 100); do [ -f {{ tmp }}/mark ] && exit 0; sleep 0.1; done; exit 1; fi"
    - name: mark
      shell: "[ {{ inventory_hostname }} = h1 ] || touch {{ tmp }}/mark"
      notify: done
  handlers:
    - name: done
      debug: {msg: flushed}
`;
  it.each([
    ['free', 'free', 'ok=3 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0'],
    ['a template rendering free', '"{{ how | default(\'free\') }}"', 'ok=3 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0'],
    ['host_pinned (run as free)', 'ansible.builtin.host_pinned', 'ok=3 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0'],
    ['linear', 'linear', 'ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0'],
  ])('%s: each host goes on by itself only when free', async (_what, strategy, h1) => {
    const r = await play(book(strategy));
    expect(counts(r.recap('h1'))).toBe(h1);
    expect(r.results('done').map((e) => e.host).sort()).toEqual(h1.includes('failed=0') ? ['h1', 'h2'] : ['h2']);
  });

  it('a template that renders to no strategy stops the run with Ansible\'s message', async () => {
    const r = await play(book('"{{ how }}"'), { extraVars: { how: 'fre' } });
    const warning = r.events.find((e) => e.type === 'warning');
    expect(warning).toMatchObject({ message: expect.stringContaining('Invalid play strategy specified: fre') });
    expect(r.results('wait')).toHaveLength(0);
  });
});
