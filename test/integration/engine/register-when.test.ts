/** register + when, changed_when/failed_when, ignore_errors counting, until/retries: real /bin/sh. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

describe('register, when, changed_when, failed_when, ignore_errors', () => {
  it('gives the recap numbers Ansible gives', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: probe
      command: echo hello
      register: out
      changed_when: false
    - name: only h1
      debug:
        msg: "{{ out.stdout }} from {{ inventory_hostname }}"
      when: inventory_hostname == 'h1'
    - name: fails on h2
      command: /bin/false
      when: inventory_hostname == 'h2'
      ignore_errors: true
      register: f
    - name: warn only
      shell: "echo WARN; exit 3"
      register: w
      failed_when: "'ERROR' in w.stdout"
      changed_when: w.rc == 3
    - name: after ignored failure
      debug:
        msg: "f.failed={{ f.failed | default(False) }} rc={{ f.rc | default('none') }}"
`);
    // command /bin/false reports changed: true, so the ignored failure also counts changed (as Ansible)
    expect(counts(r.recap('h1'))).toBe('ok=4 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
    expect(counts(r.recap('h2'))).toBe('ok=4 changed=2 unreachable=0 failed=0 skipped=1 rescued=0 ignored=1');
    expect(counts(r.recap('h3'))).toBe('ok=3 changed=1 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0');

    const only = r.results('only h1');
    expect(only.find((e) => e.host === 'h1')?.result.msg).toBe('hello from h1');
    expect(only.find((e) => e.host === 'h2')).toMatchObject({ status: 'skipped', result: { skip_reason: 'Conditional result was False', false_condition: "inventory_hostname == 'h1'" } });

    const failed = r.results('fails on h2').find((e) => e.host === 'h2')!;
    expect(failed).toMatchObject({ status: 'failed', ignored: true, result: { rc: 1, msg: 'non-zero return code' } });

    const warn = r.results('warn only');
    expect(warn.map((e) => e.status)).toEqual(['changed', 'changed', 'changed']);
    expect(warn[0].result).toMatchObject({ rc: 3, failed_when_result: false, stdout: 'WARN' });

    const after = Object.fromEntries(r.results('after ignored failure').map((e) => [e.host, e.result.msg]));
    expect(after).toEqual({ h1: 'f.failed=False rc=none', h2: 'f.failed=True rc=1', h3: 'f.failed=False rc=none' });
    expect(r.summary.interrupted).toBe(false);
  });

  it('stops a failed host for the rest of the play, others go on', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: break h3
      command: /bin/false
      when: inventory_hostname == 'h3'
    - name: next
      command: "true"
`);
    expect(r.results('next').map((e) => e.host).sort()).toEqual(['h1', 'h2']);
    expect(counts(r.recap('h3'))).toBe('ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0');
    expect(r.recap('h1')).toMatchObject({ ok: 1, changed: 1, skipped: 1 });
  });
});

describe('until / retries / delay', () => {
  it('retries until the condition holds and reports attempts', async () => {
    const r = await play(`
- hosts: h1:h2
  gather_facts: false
  tasks:
    - name: count to three
      shell: n=$(cat {{ tmp }}/{{ inventory_hostname }}.n 2>/dev/null || echo 0); n=$((n+1)); echo $n > {{ tmp }}/{{ inventory_hostname }}.n; echo $n
      register: c
      until: c.stdout == '3'
      retries: 5
      delay: 0
    - name: never true
      command: echo no
      register: n
      until: n.stdout == 'yes'
      retries: 2
      delay: 0
      ignore_errors: true
`);
    for (const h of ['h1', 'h2']) {
      expect(readFileSync(path.join(r.dir, `${h}.n`), 'utf8').trim()).toBe('3');
      const res = r.results('count to three').find((e) => e.host === h)!;
      expect(res).toMatchObject({ status: 'changed', result: { attempts: 3, stdout: '3' } });
      const retries = r.events.filter((e) => e.type === 'host_task_retry' && e.host === h && e.task.name === 'count to three');
      expect(retries.map((e) => (e as { retriesLeft: number }).retriesLeft)).toEqual([5, 4]);
      const never = r.results('never true').find((e) => e.host === h)!;
      // 3 runs; Ansible reports attempts = retries (2) once they are used up
      expect(never).toMatchObject({ status: 'failed', ignored: true, result: { attempts: 2, failed: true } });
    }
    expect(r.recap('h1')).toMatchObject({ ok: 2, changed: 2, failed: 0, ignored: 1 });
  });

  it('as Ansible 2.14: retries 0 runs once, attempts is seen by failed_when, a false failed_when keeps the task ok', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - name: once
      command: echo no
      register: once
      until: once.stdout == 'yes'
      retries: 0
      delay: 0
    - name: guarded
      command: echo no
      register: g
      until: 1 == 0
      retries: 2
      delay: 0
      failed_when: g.attempts > 6
    - name: default retries
      command: echo no
      register: d
      until: false
      delay: 0
      ignore_errors: true
`);
    expect(r.results('once')[0]).toMatchObject({ status: 'changed', result: { attempts: 1 } });
    expect(r.events.filter((e) => e.type === 'host_task_retry' && e.task.name === 'once')).toHaveLength(0);
    // out of attempts (failed: true), but failed_when decides, as Ansible's TaskResult.is_failed
    expect(r.results('guarded')[0]).toMatchObject({ status: 'changed', result: { attempts: 2, failed: true, failed_when_result: false } });
    // no retries: 3 retries, 4 runs
    expect(r.events.filter((e) => e.type === 'host_task_retry' && e.task.name === 'default retries')).toHaveLength(3);
    expect(r.results('default retries')[0]).toMatchObject({ status: 'failed', result: { attempts: 3 } });
    expect(r.recap('h1')).toMatchObject({ ok: 3, changed: 3, failed: 0, ignored: 1 });
  });
});
