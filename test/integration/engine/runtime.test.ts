/** Facts, environment, include_tasks, delegate_to localhost, unreachable hosts and interrupts. */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

afterEach(cleanup);

/** A TCP port on 127.0.0.1 that refuses connections (bound once, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('facts and environment', () => {
  it('gathers facts once per host (counted ok) and exposes them both ways', async () => {
    const r = await play(`
- hosts: h1:h2
  environment:
    GREETING: from-play
  tasks:
    - name: facts
      assert:
        that:
          - ansible_facts.hostname == ansible_hostname
          - ansible_facts.hostname | length > 0
    - name: env
      shell: echo "$GREETING $OTHER"
      environment:
        OTHER: "{{ inventory_hostname }}"
`);
    const gather = r.results('Gathering Facts');
    expect(gather.map((e) => e.status)).toEqual(['ok', 'ok']);
    expect(r.results('facts').map((e) => e.status)).toEqual(['ok', 'ok']);
    expect(r.results('env').map((e) => e.result.stdout).sort()).toEqual(['from-play h1', 'from-play h2']);
    expect(counts(r.recap('h1'))).toBe('ok=3 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
  });
});

const canSudo = existsSync('/usr/bin/sudo') && process.getuid?.() === 0;

describe.skipIf(!canSudo)('become (needs sudo and root)', () => {
  it('applies task > play become keywords through sudo', async () => {
    const r = await play(`
- hosts: h1
  gather_facts: false
  become: true
  become_user: nobody
  tasks:
    - name: as nobody
      command: id -un
    - name: as root
      command: id -un
      become_user: root
    - name: no become
      command: id -un
      become: false
`);
    expect(r.results('as nobody')[0].result.stdout).toBe('nobody');
    expect(r.results('as root')[0].result.stdout).toBe('root');
    expect(r.results('no become')[0].result.stdout).toBe('root');
  });
});

describe('include_tasks', () => {
  it('includes per host (templated file names too), each counted ok once per file and host (ansible-playbook 2.14)', async () => {
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: static include
      include_tasks: common.yml
    - name: dynamic include
      include_tasks: "{{ 'special' if inventory_hostname == 'h1' else 'common' }}.yml"
      vars:
        who: dyn
`,
      {
        files: {
          'common.yml': `- name: common task\n  debug:\n    msg: "common {{ who | default('static') }}"\n`,
          'special.yml': `- name: special task\n  debug:\n    msg: "special {{ who }}"\n`,
        },
      },
    );
    const included = r.events.filter((e) => e.type === 'included') as Array<{ file: string; hosts: string[] }>;
    expect(included.map((e) => [e.file, e.hosts])).toEqual([
      ['common.yml', ['h1', 'h2', 'h3']],
      ['special.yml', ['h1']],
      ['common.yml', ['h2', 'h3']],
    ]);
    expect(r.results('special task').map((e) => e.result.msg)).toEqual(['special dyn']);
    expect(r.results('common task').map((e) => `${e.host} ${e.result.msg}`).sort()).toEqual([
      'h1 common static',
      'h2 common dyn',
      'h2 common static',
      'h3 common dyn',
      'h3 common static',
    ]);
    expect(counts(r.recap('h1'))).toBe('ok=4 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
  });

  it('an include whose when fails under ignore_errors: failed and ignored, registered as failed, the host goes on', async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  tasks:
    - include_tasks: common.yml
      ignore_errors: true
      register: inc
      when: nowhere == 'yes'
    - name: after
      debug:
        msg: "{{ inc is failed }} {{ inc.msg }}"
`,
      { files: { 'common.yml': '- debug: msg=never\n' } },
    );
    expect(r.results('after').map((e) => e.result.msg)).toEqual(["True 'nowhere' is undefined"]);
    expect(counts(r.recap('h1'))).toBe('ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1');
  });
});

describe('files/ and templates/ lookups', () => {
  it('finds copy and template sources beside the playbook and renders with host variables', async () => {
    const r = await play(
      `
- hosts: h1
  gather_facts: false
  vars:
    port: 8080
  tasks:
    - name: copy
      copy:
        src: motd.txt
        dest: "{{ tmp }}/motd"
    - name: template
      template:
        src: app.conf.j2
        dest: "{{ tmp }}/app.conf"
`,
      { files: { 'files/motd.txt': 'welcome\n', 'templates/app.conf.j2': 'host={{ inventory_hostname }} port={{ port }}\n' } },
    );
    expect(r.results('copy')[0].status).toBe('changed');
    expect(r.results('template')[0].status).toBe('changed');
    expect(readFileSync(path.join(r.dir, 'motd'), 'utf8')).toBe('welcome\n');
    expect(readFileSync(path.join(r.dir, 'app.conf'), 'utf8')).toBe('host=h1 port=8080\n');
  });
});

describe('include_tasks with a loop', () => {
  it('runs the file once per item with the loop variable', async () => {
    const r = await play(
      `
- hosts: h1:h2
  gather_facts: false
  tasks:
    - name: per user
      include_tasks: user.yml
      loop: [ann, bob]
      loop_control:
        loop_var: user
`,
      { files: { 'user.yml': `- name: user task\n  debug:\n    msg: "{{ user }}@{{ inventory_hostname }}"\n` } },
    );
    expect(r.events.filter((e) => e.type === 'included').map((e) => (e as { hosts: string[] }).hosts)).toEqual([
      ['h1', 'h2'],
      ['h1', 'h2'],
    ]);
    expect(r.results('user task').map((e) => e.result.msg).sort()).toEqual(['ann@h1', 'ann@h2', 'bob@h1', 'bob@h2']);
    // two tasks, and an ok per included file (one per item), as Ansible's _load_included_file counts them
    expect(r.recap('h1').ok).toBe(4);
  });
});

describe('delegate_to', () => {
  it('runs a task delegated to localhost with the delegating host\'s variables', async () => {
    const r = await play(`
- hosts: h2
  gather_facts: false
  tasks:
    - name: delegated
      command: echo {{ inventory_hostname }}
      delegate_to: localhost
`);
    expect(r.results('delegated')[0]).toMatchObject({ host: 'h2', status: 'changed', result: { stdout: 'h2' } });
  });
});

describe('unreachable hosts', () => {
  it('reports the host unreachable, drops it from the play, others go on', async () => {
    const port = await closedPort();
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: first
      command: "true"
    - name: second
      command: "true"
    - name: tolerant
      command: "true"
      ignore_unreachable: true
`,
      {
        inventory: `
all:
  hosts:
    h1:
      ansible_connection: local
    dead:
      ansible_host: 127.0.0.1
      ansible_port: ${port}
      ansible_user: nobody
`,
      },
    );
    expect(r.results('first').find((e) => e.host === 'dead')?.status).toBe('unreachable');
    expect(r.events.some((e) => e.type === 'host_unreachable' && e.host === 'dead')).toBe(true);
    expect(r.results('second').map((e) => e.host)).toEqual(['h1']);
    expect(counts(r.recap('dead'))).toBe('ok=0 changed=0 unreachable=1 failed=0 skipped=0 rescued=0 ignored=0');
    expect(r.recap('h1')).toMatchObject({ ok: 3, changed: 3 });
  });

  it('counts ignore_unreachable as ok + ignored and keeps the host', async () => {
    const port = await closedPort();
    const r = await play(
      `
- hosts: all
  gather_facts: false
  ignore_unreachable: true
  tasks:
    - name: first
      command: "true"
    - name: second
      debug:
        msg: still here
`,
      { inventory: `all:\n  hosts:\n    dead:\n      ansible_host: 127.0.0.1\n      ansible_port: ${port}\n` },
    );
    expect(r.results('first')[0]).toMatchObject({ status: 'unreachable', ignored: true });
    expect(r.results('second')[0].status).toBe('ok');
    expect(counts(r.recap('dead'))).toBe('ok=2 changed=0 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1');
  });
});

describe('bad connection variables', () => {
  // a value known only once rendered (a literal one on a targeted host refuses the run before any
  // host is contacted: test/integration/cli/refused-input.test.ts)
  it('fail host tasks with the reason, while controller-side tasks still run', async () => {
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: controller side
      debug:
        msg: fine
    - name: host side
      command: "true"
`,
      { inventory: 'all:\n  hosts:\n    bad:\n      ansible_host: 127.0.0.1\n      ansible_port: "{{ \'notaport\' }}"\n      ansible_password: conn-secret-77\n' },
    );
    expect(r.results('controller side')[0].status).toBe('ok');
    const res = r.results('host side')[0];
    expect(res.status).toBe('failed');
    expect(String(res.result.msg)).toContain('ansible_port must be a port number');
    expect(JSON.stringify(r.events)).not.toContain('conn-secret-77');
  });
});

describe('interrupt', () => {
  it('signals running commands, reports them failed "interrupted", starts nothing new', async () => {
    const ac = new AbortController();
    const started = Date.now();
    let running = 0;
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: slow
      command: sleep 20
    - name: never
      command: "true"
`,
      {
        signal: ac.signal,
        onEvent: (e) => {
          if (e.type === 'host_task_start' && ++running === 3) setTimeout(() => ac.abort(), 200);
        },
      },
    );
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(r.summary.interrupted).toBe(true);
    expect(r.results('slow').map((e) => [e.status, e.result.msg])).toEqual([
      ['failed', 'interrupted'],
      ['failed', 'interrupted'],
      ['failed', 'interrupted'],
    ]);
    expect(r.taskOrder()).toEqual(['slow']);
    const end = r.events.at(-1)!;
    expect(end).toMatchObject({ type: 'run_end', interrupted: true });
  });
});
