/** Check mode, no_log, set_fact across plays, extra vars, tags and --start-at-task. */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

describe('check mode', () => {
  it('changes nothing, reports what would change, skips commands, honours check_mode: false', async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  tasks:
    - name: would write
      copy:
        content: hello
        dest: "{{ tmp }}/new.txt"
    - name: would run
      command: touch {{ tmp }}/cmd.txt
    - name: runs anyway
      command: touch {{ tmp }}/forced.txt
      check_mode: false
    - name: mode var
      debug:
        msg: "{{ ansible_check_mode }}"
`,
      { check: true },
    );
    expect(existsSync(path.join(r.dir, 'new.txt'))).toBe(false);
    expect(existsSync(path.join(r.dir, 'cmd.txt'))).toBe(false);
    expect(existsSync(path.join(r.dir, 'forced.txt'))).toBe(true);
    expect(r.results('would write')[0].status).toBe('changed');
    expect(r.results('would run')[0].status).toBe('skipped');
    expect(r.results('mode var')[0].result.msg).toBe(true);
    expect(counts(r.recap('h1'))).toBe('ok=3 changed=2 unreachable=0 failed=0 skipped=1 rescued=0 ignored=0');
  });
});

describe('diff mode', () => {
  it('puts the module diff in results only with --diff', async () => {
    const BOOK = `
- hosts: h1
  gather_facts: false
  tasks:
    - name: write
      copy:
        content: "new\\n"
        dest: "{{ tmp }}/f.txt"
`;
    const withDiff = await play(BOOK, { check: true, diff: true });
    const diff = withDiff.results('write')[0].result.diff;
    expect([diff].flat()).toContainEqual(expect.objectContaining({ after: 'new\n' }));
    const without = await play(BOOK, { check: true });
    expect(without.results('write')[0].result.diff).toBeUndefined();
  });

  it.each([
    // [keyword on the play, on the block, on the task, --diff, diff expected in the result]
    ['', '', 'diff: yes', false, true],
    ['', 'diff: true', '', false, true],
    ['diff: "{{ want }}"', '', '', false, true],
    ['diff: yes', '', 'diff: no', false, false],
    ['', '', 'diff: false', true, false],
  ])('play %j block %j task %j with --diff %s: diff %s', async (onPlay, onBlock, onTask, cli, expected) => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  vars: {want: true}
  ${onPlay}
  tasks:
    - ${onBlock}
      block:
        - name: write
          copy:
            content: "new\\n"
            dest: "{{ tmp }}/f.txt"
          ${onTask}
        - name: mode
          debug:
            msg: "{{ ansible_diff_mode }}"
          ${onTask}
`, { check: true, diff: cli });
    expect(r.results('write')[0].result.diff !== undefined).toBe(expected);
    expect(r.results('mode')[0].result.msg).toBe(expected);
  });
});

describe('no_log and secrets', () => {
  it('hides no_log values in every event while the registered value stays usable', async () => {
    const SECRET = 's3cr3t-value';
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  vars:
    secret: "${SECRET}"
  tasks:
    - name: secret cmd
      shell: echo {{ secret }}
      no_log: true
      register: s
    - name: loop secret
      debug:
        msg: "{{ item }}"
      loop: ["{{ secret }}", "other"]
      no_log: true
    - name: failing secret
      shell: "echo {{ secret }}; exit 1"
      no_log: true
      ignore_errors: true
    - name: use registered
      assert:
        that: s.stdout == secret
    - name: become password in output
      debug:
        msg: "pw is hunter2-pw"
    - name: inventory become password in output
      debug:
        msg: "inv pw is {{ ansible_become_password }}"
`,
      {
        becomePassword: 'hunter2-pw',
        inventory: 'all:\n  vars:\n    ansible_connection: local\n    ansible_become_password: inv-pw-123\n  hosts:\n    h1: {}\n',
      },
    );
    const all = JSON.stringify(r.events);
    expect(all).not.toContain(SECRET);
    expect(all).not.toContain('hunter2-pw');
    expect(all).not.toContain('inv-pw-123');
    expect(r.results('inventory become password in output')[0].result.msg).toBe('inv pw is VALUE_SPECIFIED_IN_NO_LOG_PARAMETER');
    expect(r.results('secret cmd')[0].result).toEqual({
      censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result",
      changed: true,
    });
    expect(r.results('failing secret')[0]).toMatchObject({ status: 'failed', ignored: true, result: { failed: true } });
    expect(r.results('use registered')[0].status).toBe('ok');
    expect(r.items('loop secret')).toHaveLength(2);
    expect(String(r.results('become password in output')[0].result.msg)).toBe('pw is VALUE_SPECIFIED_IN_NO_LOG_PARAMETER');
  });
});

describe('variables', () => {
  it('keeps set_fact across plays (hostvars too) and lets extra vars win over everything', async () => {
    const r = await play(
      `
- hosts: all
  gather_facts: false
  vars:
    x: play
  tasks:
    - set_fact:
        color: "{{ 'blue' if inventory_hostname == 'h1' else 'red' }}"
        x: fact
- hosts: h1
  gather_facts: false
  tasks:
    - name: show
      debug:
        msg: "{{ color }} {{ hostvars['h2'].color }} {{ x }}"
      vars:
        x: task
`,
      { extraVars: { x: 'extra' } },
    );
    expect(r.results('show')[0].result.msg).toBe('blue red extra');
    expect(r.recap('h1').ok).toBe(2);
  });
});

describe('playbook-side group_vars and host_vars', () => {
  it('layers them over the inventory as Ansible does', async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - name: show
      debug:
        msg: "{{ a }} {{ b }}"
`,
      {
        inventoryPath: 'inv/hosts.yml',
        inventory: 'all:\n  vars:\n    ansible_connection: local\n    a: inv-all\n    b: inv-all\n  hosts:\n    h1: {}\n    h2: {}\n',
        files: { 'group_vars/all.yml': 'a: pb-all\nb: pb-all\n', 'host_vars/h1.yml': 'b: pb-h1\n' },
      },
    );
    expect(r.results('show').map((e) => `${e.host} ${e.result.msg}`).sort()).toEqual(['h1 pb-all pb-h1', 'h2 pb-all pb-all']);
  });
});

describe('tags', () => {
  const BOOK = `
- hosts: h1
  gather_facts: false
  tags: [play]
  tasks:
    - name: a
      debug: { msg: a }
      tags: [web]
    - name: b
      debug: { msg: b }
      tags: [db]
    - name: c
      debug: { msg: c }
      tags: [always]
    - name: d
      debug: { msg: d }
      tags: [never, debug]
    - block:
        - name: e
          debug: { msg: e }
      tags: [web]
`;
  const ran = async (o: { tags?: string[]; skipTags?: string[]; startAtTask?: string }) => (await play(BOOK, o)).taskOrder();

  it('selects with --tags / --skip-tags, always, never and inherited block tags', async () => {
    expect(await ran({})).toEqual(['a', 'b', 'c', 'e']);
    expect(await ran({ tags: ['web'] })).toEqual(['a', 'c', 'e']);
    expect(await ran({ skipTags: ['web'] })).toEqual(['b', 'c']);
    expect(await ran({ tags: ['debug'] })).toEqual(['c', 'd']);
    expect(await ran({ tags: ['untagged'] })).toEqual(['c']);
  });

  it('--start-at-task skips everything before the named task', async () => {
    expect(await ran({ startAtTask: 'c' })).toEqual(['c', 'e']);
  });
});
