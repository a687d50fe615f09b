/** Loops with loop_control (loop_var, index_var, label), per-item when, with_items, register of loops. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

describe('loops', () => {
  it('runs each item with loop_var/index_var, evaluates when per item, counts the task once', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  vars:
    pkgs:
      - { name: a, enabled: true }
      - { name: b, enabled: false }
      - { name: c, enabled: true }
  tasks:
    - name: write
      copy:
        content: "{{ pkg.name }}={{ idx }}"
        dest: "{{ tmp }}/{{ pkg.name }}.txt"
      loop: "{{ pkgs }}"
      loop_control:
        loop_var: pkg
        index_var: idx
        label: "{{ pkg.name }}"
      when: pkg.enabled
      register: written
    - name: summary
      debug:
        msg: "{{ written.results | length }} {{ written.changed }} {{ written.msg }} {{ written.results[1].skipped }} {{ written.results[2].idx }}"
    - name: flat
      debug:
        msg: "{{ item }}"
      with_items:
        - [1, 2]
        - 3
    - name: extended
      debug:
        msg: "{{ ansible_loop.index }}/{{ ansible_loop.length }} first={{ ansible_loop.first }} last={{ ansible_loop.last }}"
      loop: [x, y]
    - name: empty
      debug:
        msg: "{{ item }}"
      loop: []
`);
    expect(readFileSync(path.join(r.dir, 'a.txt'), 'utf8')).toBe('a=0');
    expect(readFileSync(path.join(r.dir, 'c.txt'), 'utf8')).toBe('c=2');
    expect(existsSync(path.join(r.dir, 'b.txt'))).toBe(false);

    expect(r.items('write').map((e) => [e.item, e.status])).toEqual([
      ['a', 'changed'],
      ['b', 'skipped'],
      ['c', 'changed'],
    ]);
    const agg = r.results('write');
    expect(agg).toHaveLength(1);
    expect(agg[0]).toMatchObject({ status: 'changed', loop: true });
    expect(r.results('summary')[0].result.msg).toBe('3 True All items completed True 2');
    expect(r.items('flat').map((e) => e.item)).toEqual(['1', '2', '3']);
    expect(r.items('extended').map((e) => e.result.msg)).toEqual(['1/2 first=True last=False', '2/2 first=False last=True']);
    expect(r.results('empty')[0]).toMatchObject({ status: 'skipped', result: { skipped_reason: 'No items in the list' } });
    // write (changed), summary, flat, extended (ok), empty (skipped)
    expect(counts(r.recap('h1'))).toBe('ok=4 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
  });

  it('an undefined variable in the loop skips a task whose when is false, and fails it otherwise (as Ansible)', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - name: guarded with
      debug: msg=x
      with_list: "{{ fake_var }}"
      when: false
    - name: guarded loop
      debug: msg=x
      loop: "{{ fake_var }}"
      when: false
    - name: unguarded
      debug: msg=x
      loop: "{{ fake_var }}"
      when: true
`);
    expect(r.results('guarded with')[0].status).toBe('skipped');
    expect(r.results('guarded loop')[0].status).toBe('skipped');
    expect(r.results('unguarded')[0]).toMatchObject({ status: 'failed', result: { msg: "'fake_var' is undefined" } });
  });

  it('fails the task when an item fails, once in the recap', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - name: items
      command: "test {{ item }} -lt 2"
      loop: [0, 1, 2, 3]
`);
    expect(r.items('items').map((e) => e.status)).toEqual(['changed', 'changed', 'failed', 'failed']);
    expect(r.results('items')[0]).toMatchObject({ status: 'failed', result: { msg: 'One or more items failed', changed: true } });
    expect(counts(r.recap('h1'))).toBe('ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0');
  });

  it('loop_control.extended: ansible_loop in each item result, without allitems when extended_allitems is false, and in an included file', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - name: ext
      debug:
        msg: "{{ ansible_loop.allitems is defined }}"
      loop: [a, b]
      loop_control:
        extended: yes
        extended_allitems: no
      register: ext
    - name: check
      assert:
        that:
          - ext.results[1].ansible_loop.previtem == 'a'
          - ext.results[0].ansible_loop.allitems is undefined
    - name: inc
      include_tasks: inner.yml
      loop: [x, y, z]
      loop_control:
        extended: true
`, { files: { 'inner.yml': '- name: inner\n  debug:\n    msg: "{{ ansible_loop.index }}/{{ ansible_loop.allitems | join(\',\') }}"\n' } });
    expect(r.items('ext').map((e) => e.result.msg)).toEqual([false, false]);
    expect(r.results('check')[0].status).toBe('ok');
    expect(r.results('inner').map((e) => e.result.msg)).toEqual(['1/x,y,z', '2/x,y,z', '3/x,y,z']);
  });
});
