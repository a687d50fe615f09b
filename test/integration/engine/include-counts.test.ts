/**
 * How includes count in the PLAY RECAP: every recap here is what ansible-playbook 2.14 printed for the
 * same playbook (two local hosts). An include_tasks counts ok once per host for every file (loop item)
 * loaded for it, in tasks and in handlers; a skipped one counts skipped (a loop: when no item ran);
 * include_role counts nothing; a file that cannot be loaded counts failed even where a rescue follows;
 * a role that cannot be found fails its host without any count.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

const INVENTORY = 'all:\n  vars: {ansible_connection: local}\n  hosts:\n    h1: {}\n    h2: {}\n';
const FILES = { 't.yml': `- debug: msg="in t {{ item | default('-') }}"\n`, 'roles/r/tasks/main.yml': '- debug: msg=role\n' };
const HEAD = '- hosts: h1:h2\n  gather_facts: false\n  tasks:\n';

describe('include_tasks and include_role in the recap', () => {
  it.each<[string, string, Record<string, string | undefined>]>([
    [
      'plain, looped (an item twice), partly skipped, loop_var and label, skipped, empty loop, include_role, per-host items',
      `${HEAD}    - include_tasks: t.yml
    - include_tasks: t.yml
      loop: [a, a, b]
    - include_tasks: t.yml
      loop: [a, b, c]
      when: item != 'b'
    - include_tasks: t.yml
      loop: [x]
      loop_control: {loop_var: other, label: "lab {{ other }}"}
    - include_tasks: t.yml
      when: false
    - include_tasks: t.yml
      loop: []
    - include_role: name=r
    - include_role: name=r
      loop: [1, 2]
    - include_tasks:
        file: t.yml
      loop: "{{ [1, 2] if inventory_hostname == 'h1' else [2, 3] }}"
`,
      { h1: 'ok=21 changed=0 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0', h2: 'ok=21 changed=0 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0' },
    ],
    [
      'a handler that includes, and a looped include skipped on one host',
      `${HEAD}    - name: notify
      debug: msg=x
      changed_when: inventory_hostname == 'h1'
      notify: inc
    - include_tasks: t.yml
      loop: [1, 2]
      when: inventory_hostname == 'h2'
  handlers:
    - name: inc
      include_tasks: t.yml
`,
      { h1: 'ok=3 changed=1 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0', h2: 'ok=5 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0' },
    ],
    [
      'items skipped per host; include_role skipped on one',
      `${HEAD}    - include_tasks: t.yml
      loop: [1, 2, 3]
      when: item > (1 if inventory_hostname == 'h1' else 5)
    - include_role: name=r
      when: inventory_hostname == 'h1'
`,
      { h1: 'ok=5 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0', h2: 'ok=0 changed=0 unreachable=0 failed=0 skipped=2 rescued=0 ignored=0' },
    ],
    [
      'a file not there in a rescued block counts failed; a role not there counts nothing',
      `- hosts: h1
  gather_facts: false
  tasks:
    - block:
        - include_tasks: "{{ 'missing.yml' }}"
      rescue:
        - debug: msg=rescued
    - block:
        - include_role:
            name: "{{ 'nope' }}"
      rescue:
        - debug: msg=rescued2
    - debug: msg=after
`,
      { h1: 'ok=3 changed=0 unreachable=0 failed=1 skipped=0 rescued=0 ignored=0' },
    ],
    [
      'a role not there fails its host uncounted',
      `${HEAD}    - include_role:
        name: "{{ 'r' if inventory_hostname == 'h1' else 'nope' }}"
    - debug: msg=after
`,
      { h1: 'ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0', h2: undefined },
    ],
    [
      'any_errors_fatal stops the play when a role is not there (any_errors_fatal target, 50897.yml)',
      `- hosts: h1:h2
  gather_facts: false
  any_errors_fatal: true
  tasks:
    - include_role:
        name: nope
      when: inventory_hostname == 'h2'
    - debug: msg=never
`,
      { h1: 'ok=0 changed=0 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0', h2: undefined },
    ],
  ])('%s', async (_what, yaml, recaps) => {
    const r = await play(yaml, { files: FILES, inventory: INVENTORY });
    const got = Object.fromEntries(Object.keys(recaps).map((h) => [h, r.summary.stats[h] ? counts(r.summary.stats[h]) : undefined]));
    expect(got).toEqual(recaps);
  });

  it('reports each include with its absolute file, hosts and item, as Ansible prints "included: FILE for HOSTS => (item=X)"', async () => {
    const r = await play(`${HEAD}    - include_tasks:
        file: t.yml
      loop: "{{ [1, 2] if inventory_hostname == 'h1' else [2, 3] }}"
    - include_role: name=r
`, { files: FILES, inventory: INVENTORY });
    const included = r.events.flatMap((e) => (e.type === 'included' ? [`${e.file.slice(r.dir.length)} ${e.hosts.join(',')} ${e.item}`] : []));
    expect(included).toEqual(['/t.yml h1 1', '/t.yml h1,h2 2', '/t.yml h2 3']);
    // every include is announced (TASK banner) before anything it includes runs
    expect(r.taskOrder()).toEqual(['include_tasks', 'debug', 'debug', 'debug', 'include_role : r', 'r : debug']);
  });

  it("shows the file an include in a role's handler read from beside the handlers, and one only in the role's tasks from there", async () => {
    const r = await play(`- hosts: h1
  gather_facts: false
  roles: [hr]
  tasks:
    - {name: n1, debug: msg=x, changed_when: true, notify: from handlers}
    - {name: n2, debug: msg=x, changed_when: true, notify: from tasks}
`, {
      files: {
        'roles/hr/handlers/main.yml': '- name: from handlers\n  include_tasks: A.yml\n- name: from tasks\n  include_tasks: B.yml\n',
        'roles/hr/handlers/A.yml': '- debug: msg=A\n',
        'roles/hr/tasks/B.yml': '- debug: msg=B\n',
      },
      inventory: INVENTORY,
    });
    // as ansible-playbook 2.14: included: …/roles/hr/handlers/A.yml, then …/roles/hr/tasks/B.yml; ok=6
    expect(r.events.flatMap((e) => (e.type === 'included' ? [e.file.slice(r.dir.length)] : []))).toEqual(['/roles/hr/handlers/A.yml', '/roles/hr/tasks/B.yml']);
    expect(counts(r.recap('h1'))).toBe('ok=6 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
  });
});
