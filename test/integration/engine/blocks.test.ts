/** block / rescue / always with Ansible's recap numbers, and keywords inherited from blocks. */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

describe('blocks', () => {
  it('rescue clears the failure (rescued=1), a failing rescue fails the host, always always runs', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: outer
      block:
        - name: maybe fail
          command: /bin/false
          when: inventory_hostname != 'h3'
        - name: after fail in block
          debug:
            msg: only h3 gets here
      rescue:
        - name: rescue step
          debug:
            msg: "rescued {{ ansible_failed_task.name }} rc={{ ansible_failed_result.rc }}"
        - name: rescue fails on h2
          command: /bin/false
          when: inventory_hostname == 'h2'
      always:
        - name: always step
          debug:
            msg: always
    - name: final
      debug:
        msg: end
`);
    expect(counts(r.recap('h1'))).toBe('ok=3 changed=0 unreachable=0 failed=0 skipped=1 rescued=1 ignored=0');
    expect(counts(r.recap('h2'))).toBe('ok=2 changed=0 unreachable=0 failed=1 skipped=0 rescued=1 ignored=0');
    expect(counts(r.recap('h3'))).toBe('ok=3 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');

    expect(r.results('after fail in block').map((e) => e.host)).toEqual(['h3']);
    expect(r.results('rescue step').map((e) => [e.host, e.result.msg]).sort()).toEqual([
      ['h1', 'rescued maybe fail rc=1'],
      ['h2', 'rescued maybe fail rc=1'],
    ]);
    expect(r.results('always step').map((e) => e.host).sort()).toEqual(['h1', 'h2', 'h3']);
    expect(r.results('final').map((e) => e.host).sort()).toEqual(['h1', 'h3']);
    const failedInBlock = r.results('maybe fail').find((e) => e.host === 'h1')!;
    expect(failedInBlock).toMatchObject({ status: 'failed', rescued: true });
    // linear order: the block's tasks, then rescue, then always
    expect(r.taskOrder()).toEqual(['maybe fail', 'after fail in block', 'rescue step', 'rescue fails on h2', 'always step', 'final']);
  });

  it('a failure in a block without rescue still runs always, then the host fails', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - block:
        - name: boom
          command: /bin/false
      always:
        - name: cleanup
          debug:
            msg: cleaning
    - name: unreachable code
      debug:
        msg: no
`);
    expect(r.results('cleanup')).toHaveLength(1);
    expect(r.results('unreachable code')).toHaveLength(0);
    expect(counts(r.recap('h1'))).toBe('ok=1 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0');
  });

  it('meta: clear_host_errors lets a host whose block failed go on after the always section, not one that failed after it', async () => {
    const r = await play(`
- hosts: h1,h2
  gather_facts: false
  tasks:
    - block:
        - name: fail h1
          command: /bin/false
          when: inventory_hostname == 'h1'
      always:
        - meta: clear_host_errors
    - name: after cleared
      debug: {msg: x}
    - block:
        - meta: clear_host_errors
        - name: fail after clear
          command: /bin/false
          when: inventory_hostname == 'h1'
      always:
        - name: cleanup
          debug: {msg: c}
    - name: after not cleared
      debug: {msg: y}
`);
    expect(r.results('after cleared').map((e) => e.host)).toEqual(['h1', 'h2']);
    expect(r.results('cleanup').map((e) => e.host).sort()).toEqual(['h1', 'h2']);
    expect(r.results('after not cleared').map((e) => e.host)).toEqual(['h2']);
    expect(counts(r.recap('h1'))).toBe('ok=2 changed=0 unreachable=0 failed=2 skipped=0 rescued=0 ignored=0');
    expect(r.summary.failedHosts).toEqual(['h1']);
  });

  it.each([
    ['holds for the first host: both go on, the run ends well though the recap counts the failures', "inventory_hostname == 'h1'", ['h1', 'h2'], []],
    ['is false for the first host: nothing is cleared', "inventory_hostname == 'h2'", [], ['h1', 'h2']],
  ])('clear_host_errors in always after a failed rescue, whose when %s', async (_what, when, after, failedHosts) => {
    const r = await play(`
- hosts: h1,h2
  gather_facts: false
  tasks:
    - block:
        - name: boom
          command: /bin/false
      rescue:
        - name: rescue fails
          command: /bin/false
      always:
        - meta: clear_host_errors
          when: ${when}
    - name: after
      debug: {msg: x}
`);
    expect(r.results('after').map((e) => e.host).sort()).toEqual(after);
    expect(r.summary.failedHosts.sort()).toEqual(failedHosts);
    expect(r.recap('h1')).toMatchObject({ failed: 1, rescued: 1 });
  });

  it('passes when, vars and ignore_errors down to its tasks', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - block:
        - name: inner
          debug:
            msg: "{{ greeting }} {{ inventory_hostname }}"
        - name: inner fail
          command: /bin/false
      when: inventory_hostname != 'h2'
      vars:
        greeting: hi
      ignore_errors: true
    - name: still here
      debug:
        msg: ok
`);
    expect(r.results('inner').map((e) => [e.host, e.status, e.result.msg ?? null]).sort()).toEqual([
      ['h1', 'ok', 'hi h1'],
      ['h2', 'skipped', null],
      ['h3', 'ok', 'hi h3'],
    ]);
    expect(r.results('still here')).toHaveLength(3);
    expect(r.recap('h1')).toMatchObject({ ok: 3, changed: 1, ignored: 1, failed: 0 });
    expect(r.recap('h2')).toMatchObject({ ok: 1, skipped: 2 });
  });
});
