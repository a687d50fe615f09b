/** include_role / import_role: static and dynamic, tasks_from & co, when and loops, handlers, defaults scoping, templated names. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationErrors } from '../../../src/util/errors.js';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

const log = (text: string) => `shell: echo ${text} >> {{ tmp }}/{{ inventory_hostname }}.log`;
const FILES = {
  'roles/svc/defaults/main.yml': 'svc_port: 80\nsvc_word: default\n',
  'roles/svc/defaults/alt.yml': 'svc_port: 81\nsvc_word: alt-default\n',
  'roles/svc/vars/main.yml': 'svc_kind: main-vars\n',
  'roles/svc/tasks/main.yml': `- name: main\n  ${log('main-{{ svc_port }}-{{ svc_word }}-{{ svc_kind }}')}\n  notify: svc changed\n`,
  'roles/svc/tasks/extra.yml': `- name: extra\n  ${log('extra-{{ svc_port }}-{{ item | default("none") }}')}\n`,
  'roles/svc/handlers/main.yml': `- name: svc changed\n  ${log('handler')}\n`,
  'roles/other/tasks/main.yml': `- name: other\n  ${log('other')}\n  notify: other changed\n`,
  'roles/other/handlers/main.yml': `- name: other changed\n  ${log('other-handler')}\n`,
};
const lines = (dir: string, host: string) => readFileSync(path.join(dir, `${host}.log`), 'utf8').trim().split('\n');

describe('import_role and include_role', () => {
  it('import_role: inlined with the task keywords; tasks_from/defaults_from; handlers and defaults join the play', async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - name: before
      ${log('before-{{ svc_port }}')}
    - import_role:
        name: svc
      when: inventory_hostname == 'h1'
      vars:
        svc_word: task-var
    - import_role: name=svc tasks_from=extra defaults_from=alt
`,
      { files: FILES },
    );
    // import_role's defaults are the play's (seen before the import, as Ansible does at parse time);
    // a role's tasks see their own role's defaults above the others' (ansible-playbook 2.14: main-80)
    expect(lines(r.dir, 'h1')).toEqual(['before-81', 'main-80-task-var-main-vars', 'extra-81-none', 'handler']);
    expect(lines(r.dir, 'h2')).toEqual(['before-81', 'extra-81-none']);
    expect(r.taskOrder()).toEqual(['before', 'svc : main', 'svc : extra', 'svc : svc changed']);
    expect(counts(r.recap('h2'))).toBe('ok=2 changed=2 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
  });

  it('include_role: per-host when, loops, private defaults (public: true shares them), handlers', async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - include_role:
        name: svc
      when: inventory_hostname == 'h2'
    - name: after private
      ${log('after-{{ svc_port | default("undef") }}')}
    - include_role:
        name: svc
        tasks_from: extra
      loop: [a, b]
    - include_role:
        name: svc
        tasks_from: extra.yml
        public: true
      vars:
        svc_port: 99
    - name: after public
      ${log('public-{{ svc_port }}')}
`,
      { files: FILES },
    );
    // a public include_role's vars (its task's `vars:` too) are the play's once reached (ansible-playbook 2.14: public-99)
    expect(lines(r.dir, 'h1')).toEqual(['after-undef', 'extra-80-a', 'extra-80-b', 'extra-99-none', 'public-99']);
    expect(lines(r.dir, 'h2')).toEqual(['main-80-default-main-vars', 'after-undef', 'extra-80-a', 'extra-80-b', 'extra-99-none', 'public-99', 'handler']);
    const skipped = r.results('include_role : svc').filter((e) => e.status === 'skipped').map((e) => e.host);
    expect(skipped).toEqual(['h1']);
    // ansible-playbook 2.14 shows no "included:" line for include_role and counts it nowhere in the recap
    expect(r.events.filter((e) => e.type === 'included')).toEqual([]);
  });

  it("role vars: an import_role's are the play's at once, a public include_role's once it is reached, a private one's never", async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  tasks:
    - name: before
      debug: { msg: "{{ svc_kind | default('none') }} {{ pub_var | default('none') }}" }
    - include_role: { name: priv }
    - include_role: { name: pub, public: true }
    - name: after
      debug: { msg: "{{ priv_var | default('none') }} {{ pub_var | default('none') }}" }
    - import_role: { name: svc, tasks_from: extra }
`,
      { files: { ...FILES, 'roles/priv/vars/main.yml': 'priv_var: p\n', 'roles/priv/tasks/main.yml': '- debug: msg=x\n', 'roles/pub/vars/main.yml': 'pub_var: q\n', 'roles/pub/tasks/main.yml': '- debug: msg=y\n' } },
    );
    expect(r.results('before').map((e) => e.result.msg)).toEqual(['main-vars none']);
    expect(r.results('after').map((e) => e.result.msg)).toEqual(['none q']);
  });

  it("ansible_search_path: the task's role, then its file's directory (a play task: the playbook's)", async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  tasks:
    - name: play task
      debug: { msg: "{{ ansible_search_path }}" }
    - import_role: { name: paths }
`,
      { files: { 'roles/paths/tasks/main.yml': '- name: role task\n  debug: { msg: "{{ ansible_search_path }}" }\n' } },
    );
    expect(r.results('play task')[0].result.msg).toEqual([r.dir]);
    expect(r.results('paths : role task')[0].result.msg).toEqual([path.join(r.dir, 'roles', 'paths'), path.join(r.dir, 'roles', 'paths', 'tasks')]);
  });

  it("include_role's templated tasks_from is rendered with the host's variables when reached", async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - include_role: { name: svc, tasks_from: "{{ 'extra' if inventory_hostname == 'h1' else 'main' }}.yml" }
`,
      { files: FILES },
    );
    expect(lines(r.dir, 'h1')).toEqual(['extra-80-none']);
    expect(lines(r.dir, 'h2')[0]).toBe('main-80-default-main-vars');
  });

  it("import_role's delegate_to holds for the role's tasks and handlers, which see ansible_delegated_vars", async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  tasks:
    - import_role: { name: deleg }
      delegate_to: h2
`,
      {
        files: {
          'roles/deleg/tasks/main.yml': '- name: t\n  debug: { msg: "{{ ansible_delegated_vars.keys() | list }}" }\n  changed_when: true\n  notify: h\n',
          'roles/deleg/handlers/main.yml': '- name: h\n  debug: { msg: "{{ ansible_delegated_vars is defined }}" }\n',
        },
      },
    );
    expect(r.results('deleg : t')[0].result.msg).toEqual(['h2']);
    expect(r.results('deleg : h')[0].result.msg).toBe(true);
  });

  it("import_role's templated name is rendered when the play is loaded, from play vars and extra vars (undefined: refused)", async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  vars: { which: other }
  tasks:
    - import_role: { name: "{{ which }}" }
    - import_role: { name: "{{ from_cli }}", tasks_from: extra }
`,
      { files: FILES, extraVars: { from_cli: 'svc' } },
    );
    expect(r.taskOrder()).toEqual(['other : other', 'svc : extra', 'other : other changed']);
    const err = await play(`\n- hosts: h1\n  tasks:\n    - import_role: { name: "{{ nowhere }}" }\n`, { files: FILES }).catch((e) => e);
    expect((err as ValidationErrors).errors.map((e) => e.message)).toEqual([expect.stringMatching(/^import_role: the role's name \{\{ nowhere \}\} cannot be rendered when the play is loaded: 'nowhere' is undefined/)]);
  });

  it('include_role with a templated name is loaded when reached, with its handlers', async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - include_role:
        name: "{{ which }}"
`,
      { files: FILES, inventory: 'all:\n  vars: {ansible_connection: local}\n  hosts:\n    h1: {which: svc}\n    h2: {which: other}\n' },
    );
    expect(lines(r.dir, 'h1')).toEqual(['main-80-default-main-vars', 'handler']);
    expect(lines(r.dir, 'h2')).toEqual(['other', 'other-handler']);
    expect(r.summary.stats.h1.failed + r.summary.stats.h2.failed).toBe(0);
  });

  it('a templated include of a role that does not exist fails that host only (as ansible-playbook: shown, not counted in the recap)', async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - include_role:
        name: "{{ which }}"
`,
      { files: FILES, inventory: 'all:\n  vars: {ansible_connection: local}\n  hosts:\n    h1: {which: svc}\n    h2: {which: nope}\n' },
    );
    // as ansible-playbook 2.14: the host fails (exit code 2) but the recap counts nothing for it
    expect(r.summary.stats.h2).toBeUndefined();
    expect(r.summary.failedHosts).toEqual(['h2']);
    expect(String(r.results('include_role : {{ which }}').find((e) => e.host === 'h2')?.result.msg)).toContain("the role 'nope' was not found");
    expect(r.recap('h1').failed).toBe(0);
  });

  it('refuses bad role tasks before contacting any host, with locations and hints', async () => {
    const err = await play(
      `
- hosts: h1
  tasks:
    - import_role:
        name: svc
        task_from: extra
    - import_role: { name: svc }
      loop: [1, 2]
    - include_role: { tasks_from: extra }
    - import_role: { name: svc, tasks_from: missing }
    - include_role: { name: absent }
`,
      { files: FILES },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationErrors);
    const text = (err as ValidationErrors).errors.map((e) => `${e.loc?.line}: ${e.message} ${e.hint ?? ''}`);
    expect(text).toEqual([
      expect.stringMatching(/^6: 'task_from' is not an option of import_role .*did you mean 'tasks_from'\?/),
      expect.stringMatching(/^8: import_role is static and cannot loop/),
      expect.stringMatching(/^9: 'include_role' needs 'name'/),
    ]);
    const later = await play(
      `
- hosts: h1
  tasks:
    - import_role: { name: svc, tasks_from: missing }
    - include_role: { name: absent }
`,
      { files: FILES },
    ).catch((e) => e);
    expect(later).toBeInstanceOf(ValidationErrors);
    expect((later as ValidationErrors).errors.map((e) => e.message)).toEqual([expect.stringContaining('the role svc has no tasks/missing(.yml) for tasks_from')]);
  });
});
