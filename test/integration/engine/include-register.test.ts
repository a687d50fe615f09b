/** register on include_tasks / include_role: what Ansible 2.14 registers (compared with ansible-playbook's output). */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, play } from './harness.js';

afterEach(cleanup);

describe('register on an include', () => {
  it.each([
    ['include_tasks', 'include_tasks: t1.yml', { include: 't1.yml', include_args: {}, changed: false }],
    ['include_role', 'include_role: {name: r1}', { include_args: { name: 'r1' }, changed: false }],
    ['a skipped include', 'include_tasks: t1.yml\n      when: false', { changed: false, skipped: true, skip_reason: 'Conditional result was False' }],
    [
      'a looped include',
      'include_tasks: t1.yml\n      loop: [a, b]',
      {
        results: [
          { include: 't1.yml', include_args: {}, item: 'a', ansible_loop_var: 'item' },
          { include: 't1.yml', include_args: {}, item: 'b', ansible_loop_var: 'item' },
        ],
        skipped: false, msg: 'All items completed', changed: false,
      },
    ],
  ])('%s', async (_what, include, expected) => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  tasks:
    - ${include}
      register: inc
    - name: show
      debug: {var: inc}
`, { files: { 't1.yml': '- debug: {msg: in t1}\n', 'roles/r1/tasks/main.yml': '- debug: {msg: in r1}\n' } });
    expect(r.results('show')[0].result.inc).toEqual(expected);
  });
});
