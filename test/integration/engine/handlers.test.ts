/** Handlers: definition order, once per flush, only notifying hosts, flush_handlers, listen, chains. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

const log = (dir: string, h: string) => readFileSync(path.join(dir, `${h}.log`), 'utf8').trim().split('\n');

describe('handlers', () => {
  it('run in definition order, once, on the hosts that notified them', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  handlers:
    - name: second
      shell: echo second >> {{ tmp }}/{{ inventory_hostname }}.log
    - name: first
      shell: echo first >> {{ tmp }}/{{ inventory_hostname }}.log
      notify: chained
    - name: chained
      shell: echo chained >> {{ tmp }}/{{ inventory_hostname }}.log
    - name: topic listener
      shell: echo topic >> {{ tmp }}/{{ inventory_hostname }}.log
      listen: restart all
  tasks:
    - name: notify first then second
      command: "true"
      notify: [first, second]
      changed_when: inventory_hostname != 'h3'
    - name: notify second again
      command: "true"
      notify: second
    - name: mark
      shell: echo mark >> {{ tmp }}/{{ inventory_hostname }}.log
    - meta: flush_handlers
    - name: after flush
      shell: echo after >> {{ tmp }}/{{ inventory_hostname }}.log
      notify: restart all
      when: inventory_hostname == 'h1'
`);
    expect(log(r.dir, 'h1')).toEqual(['mark', 'second', 'first', 'chained', 'after', 'topic']);
    expect(log(r.dir, 'h2')).toEqual(['mark', 'second', 'first', 'chained']);
    expect(log(r.dir, 'h3')).toEqual(['mark', 'second']);
    const handlerStarts = r.events.flatMap((e) => (e.type === 'task_start' && e.task.isHandler ? [[e.task.name, e.hosts.join(',')]] : []));
    expect(handlerStarts).toEqual([
      ['second', 'h1,h2,h3'],
      ['first', 'h1,h2'],
      ['chained', 'h1,h2'],
      ['topic listener', 'h1'],
    ]);
    expect(counts(r.recap('h1'))).toBe('ok=8 changed=8 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
    expect(counts(r.recap('h2'))).toBe('ok=6 changed=6 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
    expect(counts(r.recap('h3'))).toBe('ok=4 changed=3 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
  });

  it('are not run for hosts that failed after notifying, nor for unchanged tasks', async () => {
    const r = await play(`
- hosts: all
  gather_facts: false
  handlers:
    - name: h
      shell: echo ran >> {{ tmp }}/{{ inventory_hostname }}.log
  tasks:
    - name: notify
      command: "true"
      notify: h
      changed_when: inventory_hostname != 'h3'
    - name: fail h2
      command: /bin/false
      when: inventory_hostname == 'h2'
`);
    const ran = r.results('h').map((e) => e.host);
    expect(ran).toEqual(['h1']);
  });

  it('fail the notifying host when no handler answers to the name', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  vars:
    which: nothing-by-this-name
  handlers:
    - name: real
      debug: msg=x
  tasks:
    - name: notify unknown
      command: "true"
      notify: "{{ which }}"
`);
    const res = r.results('notify unknown')[0];
    expect(res.status).toBe('failed');
    expect(String(res.result.msg)).toContain("The requested handler 'nothing-by-this-name' was not found");
    expect(r.recap('h1').failed).toBe(1);
  });

  it('a handler that is an include_tasks runs its file when notified, on the notifying hosts only', async () => {
    const r = await play(`
- hosts: h1,h2
  gather_facts: false
  tasks:
    - name: notify
      command: "true"
      changed_when: inventory_hostname == 'h1'
      notify: included handler
  handlers:
    - name: included handler
      include_tasks: handler-steps.yml
`, { files: { 'handler-steps.yml': '- name: step one\n  debug: {msg: one}\n- name: step two\n  debug: {msg: "{{ inventory_hostname }}"}\n' } });
    expect(r.results('step one').map((e) => e.host)).toEqual(['h1']);
    expect(r.results('step two').map((e) => e.result.msg)).toEqual(['h1']);
    expect(r.recap('h2').failed + r.recap('h1').failed).toBe(0);
  });

  it('notify on a block is the notify of each of its tasks that has none (blocks/inherit_notify.yml)', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - notify: from block
      block:
        - name: inherits
          debug: {msg: x}
          changed_when: true
        - name: own
          debug: {msg: y}
          changed_when: true
          notify: own handler
  handlers:
    - name: from block
      set_fact: {hello: world}
    - name: own handler
      debug: {msg: own}
`);
    expect(r.results('from block').map((e) => e.status)).toEqual(['ok']);
    expect(r.results('own handler').map((e) => e.status)).toEqual(['ok']);
  });
});
