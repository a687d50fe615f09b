/**
 * with_<lookup> loops and lookup()/query() in a real run on the local connection: every with_ form
 * machinist has, their items (as Ansible labels them), the files lookups read beside the playbook
 * and in a role, a failing lookup failing its task only, and a with_first_found that finds nothing.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

const PLAY = `
- hosts: h1
  gather_facts: false
  vars:
    d: {b: 2, a: 1}
    users:
      - {name: al, keys: [k1, k2]}
      - {name: bo, keys: [k3]}
  roles:
    - r
  tasks:
    - {name: dict, debug: {msg: "{{ item.key }}={{ item.value }}"}, with_dict: "{{ d }}"}
    - {name: sequence, debug: {msg: "{{ item }}"}, with_sequence: start=1 end=5 stride=2 format=n%02d}
    - {name: together, debug: {msg: "{{ item.0 }}{{ item.1 }}"}, with_together: [[1, 2], [a]]}
    - {name: nested, debug: {msg: "{{ item.0 }}{{ item.1 }}"}, with_nested: [[1, 2], [a, b]]}
    - {name: subelements, debug: {msg: "{{ item.0.name }}:{{ item.1 }}"}, with_subelements: ["{{ users }}", keys]}
    - {name: indexed_items, debug: {msg: "{{ item.0 }}"}, with_indexed_items: [x, y]}
    - {name: lines, debug: {msg: "{{ item }}"}, with_lines: "printf 'l1\\\\nl2\\\\n'"}
    - {name: first_found, debug: {msg: "{{ item | basename }}"}, with_first_found: ["{{ nothing_here }}.txt", nope.txt, a.txt]}
    - {name: nothing found, debug: {msg: "{{ item }}"}, with_first_found: [{files: [nope.txt], skip: true}]}
    - {name: fileglob, debug: {msg: "{{ item | basename }}"}, with_fileglob: "*.conf"}
    - {name: list, debug: {msg: "{{ item }}"}, with_list: [[1, 2], 3]}
    - {name: items, debug: {msg: "{{ item }}"}, with_items: [[1, 2], 3]}
    - {name: flattened, debug: {msg: "{{ item }}"}, with_flattened: [1, [2, [3]]]}
    - {name: random_choice, debug: {msg: "{{ item }}"}, with_random_choice: [only]}
    - name: lookups
      copy:
        dest: "{{ tmp }}/out.txt"
        content: "{{ lookup('file', 'a.txt') }}|{{ lookup('template', 't.j2') }}|{{ lookup('pipe', 'echo hi') }}|{{ query('sequence', 'count=2') | join(',') }}|{{ lookup('password', tmp ~ '/pw length=6 chars=digits') | length }}"
    - name: bad lookup
      debug: {msg: "{{ lookup('file', 'nope.txt') }}"}
      ignore_errors: true
    - name: bad with
      debug: {msg: "{{ item }}"}
      with_sequence: start=3 end=1
      ignore_errors: true
`;

describe('with_<lookup> loops on the local connection', () => {
  it('runs every with_ form with the items Ansible makes, and lookups read controller files', async () => {
    const r = await play(PLAY, {
      files: {
        'files/a.txt': 'A\n',
        'files/x1.conf': '',
        'files/x2.conf': '',
        'templates/t.j2': 'T{{ d.a }}',
        'roles/r/tasks/main.yml': '- {name: role file, debug: {msg: "{{ item }}"}, with_file: [a.txt]}\n',
        'roles/r/files/a.txt': 'from role',
      },
    });
    const labels = (t: string) => r.items(t).map((e) => e.item);
    expect(labels('dict')).toEqual(["{'key': 'b', 'value': 2}", "{'key': 'a', 'value': 1}"]);
    expect(labels('sequence')).toEqual(['n01', 'n03', 'n05']);
    expect(labels('together')).toEqual(["[1, 'a']", '[2, None]']);
    expect(labels('nested')).toEqual(["[1, 'a']", "[1, 'b']", "[2, 'a']", "[2, 'b']"]);
    expect(labels('subelements')).toEqual(["[{'name': 'al'}, 'k1']", "[{'name': 'al'}, 'k2']", "[{'name': 'bo'}, 'k3']"]);
    expect(labels('indexed_items')).toEqual(["[0, 'x']", "[1, 'y']"]);
    expect(labels('lines')).toEqual(['l1', 'l2']);
    expect(labels('first_found')).toEqual([path.join(r.dir, 'files/a.txt')]);
    expect(r.results('nothing found')[0]).toMatchObject({ status: 'skipped' });
    expect(labels('fileglob')).toEqual([path.join(r.dir, 'files/x1.conf'), path.join(r.dir, 'files/x2.conf')]);
    expect(labels('list')).toEqual(['[1, 2]', '3']);
    expect(labels('items')).toEqual(['1', '2', '3']);
    expect(labels('flattened')).toEqual(['1', '2', '3']);
    expect(labels('random_choice')).toEqual(['only']);
    expect(labels('r : role file')).toEqual(['from role']);
    expect(readFileSync(path.join(r.dir, 'out.txt'), 'utf8')).toBe('A|T1|hi|1,2|6');
    expect(r.results('bad lookup')[0]).toMatchObject({ status: 'failed' });
    expect(r.results('bad with')[0]).toMatchObject({ status: 'failed' });
    expect(counts(r.recap('h1'))).toBe('ok=17 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=2');
  });
});
