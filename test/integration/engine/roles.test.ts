/** roles: tasks, handlers, defaults < inventory < role vars < entry params, files/templates, dependencies. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationErrors } from '../../../src/util/errors.js';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

const ROLE_FILES = {
  'roles/base/tasks/main.yml': `- name: base marker\n  shell: echo base >> {{ tmp }}/{{ inventory_hostname }}.log\n`,
  'roles/web/meta/main.yml': `dependencies:\n  - base\n`,
  'roles/web/defaults/main.yml': `port: 80\nlisten: default\nfrom_inv: default\n`,
  'roles/web/vars/main.yml': `listen: role-vars\n`,
  'roles/web/tasks/main.yml': [
    '- name: config',
    '  template:',
    '    src: site.conf.j2',
    '    dest: "{{ tmp }}/{{ inventory_hostname }}.conf"',
    '  notify: restart web',
    '- name: motd',
    '  copy:',
    '    src: motd',
    '    dest: "{{ tmp }}/{{ inventory_hostname }}.motd"',
    '- name: where',
    '  debug:',
    '    msg: "{{ role_path | basename }}"',
    '',
  ].join('\n'),
  'roles/web/handlers/main.yml': `- name: restart web\n  shell: echo restart-{{ port }} >> {{ tmp }}/{{ inventory_hostname }}.log\n`,
  'roles/web/templates/site.conf.j2': 'port={{ port }} listen={{ listen }} inv={{ from_inv }}\n',
  'roles/web/files/motd': 'hello from web\n',
};

describe('roles', () => {
  it('runs dependencies, tasks, handlers with Ansible variable layering', async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  roles:
    - role: web
      port: 8080
  tasks:
    - name: after roles
      shell: echo task >> {{ tmp }}/{{ inventory_hostname }}.log
`,
      {
        files: ROLE_FILES,
        inventory: 'all:\n  vars:\n    ansible_connection: local\n    from_inv: inventory\n  hosts:\n    h1: {}\n    h2:\n      port: 9999\n',
      },
    );
    // role params (port) beat inventory; role vars beat inventory; inventory beats role defaults
    expect(readFileSync(path.join(r.dir, 'h1.conf'), 'utf8')).toBe('port=8080 listen=role-vars inv=inventory\n');
    expect(readFileSync(path.join(r.dir, 'h2.conf'), 'utf8')).toBe('port=8080 listen=role-vars inv=inventory\n');
    expect(readFileSync(path.join(r.dir, 'h1.motd'), 'utf8')).toBe('hello from web\n');
    expect(readFileSync(path.join(r.dir, 'h1.log'), 'utf8').trim().split('\n')).toEqual(['base', 'task', 'restart-8080']);
    expect(r.taskOrder()).toEqual(['base : base marker', 'web : config', 'web : motd', 'web : where', 'after roles', 'web : restart web']);
    expect(r.results('web : where')[0].result.msg).toBe('web');
    expect(counts(r.recap('h1'))).toBe('ok=6 changed=5 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
  });

  it('refuses a missing role before contacting any host', async () => {
    const err = await play(`
- hosts: h1
  roles: [nope]
  tasks: []
`).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationErrors);
    expect(String(err.errors[0].message)).toContain("the role 'nope' was not found");
  });

  it.each([
    // [--tags, hosts' role tasks that run]
    [[], ['tagged', 'dep', 'plain']],
    [['rt'], ['tagged', 'dep']],
    [['other'], []],
  ])('keywords on a role entry (tags, when) hold for its tasks and its dependencies\' (--tags %j)', async (tags, ran) => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  roles:
    - {role: tagged, tags: [rt]}
    - {role: plain, when: "inventory_hostname == 'h1'"}
    - {role: skipped, when: false}
`, {
      tags,
      files: {
        'roles/dep/tasks/main.yml': '- name: dep\n  debug: {msg: dep}\n',
        'roles/tagged/meta/main.yml': 'dependencies: [dep]\n',
        'roles/tagged/tasks/main.yml': '- name: tagged\n  debug: {msg: tagged}\n',
        'roles/plain/tasks/main.yml': '- name: plain\n  debug: {msg: plain}\n',
        'roles/skipped/tasks/main.yml': '- name: never\n  debug: {msg: never}\n',
      },
    });
    // role tasks are named "role : task"
    const done = ['tagged', 'dep', 'plain'].filter((t) => r.results(`${t} : ${t}`).some((e) => e.status === 'ok'));
    expect(done.sort()).toEqual([...ran].sort());
    expect(r.results('skipped : never').every((e) => e.status === 'skipped')).toBe(true);
    if (!tags.length) expect(r.results('skipped : never')).toHaveLength(1);
  });
});
