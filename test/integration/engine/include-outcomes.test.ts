/**
 * What an include adds to the recap and how its failures stop hosts, as ansible-playbook 2.14 (each
 * expectation was checked against its output): an included file counts ok once per host and file, a
 * role does not; a file that cannot be loaded counts failed even where a rescue follows; a role that
 * cannot be found fails its hosts without a count; both are checked for any_errors_fatal.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

const files = {
  'one.yml': '- name: one\n  debug: {msg: "{{ item }}"}\n',
  'roles/r/tasks/main.yml': '- name: in role\n  debug: {msg: r}\n',
};

describe('includes in the recap', () => {
  it('counts an included file once per host and item, a role not, a missing file as failed before its rescue', async () => {
    const r = await play(
      `
- hosts: h1,h2
  gather_facts: false
  tasks:
    - name: inc
      include_tasks: one.yml
      loop: [1, 2]
    - include_role: {name: r}
    - block:
        - name: missing file
          include_tasks: missing.yml
          when: inventory_hostname == 'h1'
      rescue:
        - name: rescued
          debug: {msg: r}
`,
      { files },
    );
    expect(counts(r.recap('h1'))).toBe('ok=6 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0');
    expect(counts(r.recap('h2'))).toBe('ok=5 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
    expect(r.results('rescued').map((e) => e.host)).toEqual(['h1']);
    expect(r.summary.failedHosts).toEqual([]);
  });

  it.each([
    ['a role that cannot be found: its host has no count at all', 'include_role: {name: nope}', ['h1'], 'ok=0 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0'],
    ['a file that cannot be read: counted failed', 'include_tasks: missing.yml', ['h1', 'h2'], 'ok=0 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0'],
  ])('any_errors_fatal stops the play after %s', async (_what, include, inRecap, h2) => {
    const r = await play(`
- hosts: h1,h2
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - name: inc
      ${include}
      when: inventory_hostname == 'h2'
    - name: never
      debug: {msg: n}
`);
    expect(r.results('never')).toEqual([]);
    expect(Object.keys(r.summary.stats)).toEqual(inRecap);
    expect(counts(r.recap('h1'))).toBe('ok=0 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
    expect(counts(r.recap('h2'))).toBe(inRecap.includes('h2') ? h2 : 'ok=0 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
    expect(r.summary.failedBreak).toBe(true);
  });
});
