/** async/poll and async_status, against a real /bin/sh: the job files live in a temporary HOME. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, counts, play } from './harness.js';

const ONE_HOST = 'all:\n  vars:\n    ansible_connection: local\n  hosts:\n    h1: {}\n';
let home: string;
const savedHome = process.env.HOME;

beforeAll(() => {
  home = mkdtempSync(path.join(tmpdir(), 'machinist-async-home-'));
  process.env.HOME = home;
});
afterAll(() => {
  process.env.HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
});
afterEach(cleanup);

const jobs = () => (existsSync(path.join(home, '.ansible_async')) ? readdirSync(path.join(home, '.ansible_async')) : []);
const resultOf = (r: Awaited<ReturnType<typeof play>>, task: string) => r.results(task)[0]?.result as Record<string, unknown>;

describe('async with poll', () => {
  it('waits for the job and returns its result with the job fields, then removes the job file', async () => {
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: polled
      command: echo hi
      async: 10
      poll: 1
      register: polled
    - name: check
      assert:
        that: [polled is finished, polled is started, "polled.stdout == 'hi'", polled is changed]
`,
      { inventory: ONE_HOST },
    );
    expect(counts(r.recap('h1'))).toBe('ok=2 changed=1 unreachable=0 failed=0 skipped=0 rescued=0 ignored=0');
    const res = resultOf(r, 'polled');
    expect(res).toMatchObject({ started: 1, finished: 1, stdout: 'hi', rc: 0, results_file: path.join(home, '.ansible_async', String(res.ansible_job_id)) });
    expect(String(res.ansible_job_id)).toMatch(/^j\d+\.\d+$/);
    expect(jobs()).not.toContain(res.ansible_job_id);
  });

  it('fails when the job takes longer than async, with the last status', async () => {
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: slow
      command: sleep 3
      async: 1
      poll: 1
      ignore_errors: true
`,
      { inventory: ONE_HOST },
    );
    expect(resultOf(r, 'slow')).toMatchObject({ failed: true, msg: 'async task did not complete within the requested time - 1s', async_result: { started: 1, finished: 0 } });
  });
});

describe('poll: 0 and async_status', () => {
  it('returns at once; async_status follows the job in its file until it finished; cleanup removes it', async () => {
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: fire
      shell: sleep 1; echo done
      async: 30
      poll: 0
      register: job
    - name: status
      async_status: jid={{ job.ansible_job_id }}
      register: st
      until: st is finished
      retries: 20
      delay: 0.5
    - name: cleanup
      async_status: jid={{ job.ansible_job_id }} mode=cleanup
    - name: gone
      async_status: jid={{ job.ansible_job_id }}
      ignore_errors: true
`,
      { inventory: ONE_HOST },
    );
    const fired = resultOf(r, 'fire');
    expect(fired).toMatchObject({ started: 1, finished: 0, changed: true });
    expect(fired).not.toHaveProperty('stdout');
    expect(resultOf(r, 'status')).toMatchObject({ finished: 1, started: 1, stdout: 'done', rc: 0, changed: true, ansible_job_id: fired.ansible_job_id });
    expect(resultOf(r, 'cleanup')).toMatchObject({ erased: fired.results_file, changed: false });
    expect(resultOf(r, 'gone')).toMatchObject({ failed: true, msg: 'could not find job', finished: 1 });
    expect(counts(r.recap('h1'))).toBe('ok=4 changed=2 unreachable=0 failed=0 skipped=0 rescued=0 ignored=1');
  });

  it('the run waits for a job nobody polled: its result is in the job file when the run ends', async () => {
    const r = await play(
      `
- hosts: all
  gather_facts: false
  tasks:
    - name: fire
      command: sleep 1
      async: 30
      poll: 0
      register: job
`,
      { inventory: ONE_HOST },
    );
    const file = String(resultOf(r, 'fire').results_file);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ cmd: ['sleep', '1'], rc: 0, changed: true });
  });
});

describe('what cannot run async', () => {
  it.each([
    ['a module whose Ansible action plugin does not support it', 'debug: msg=x', false, 'async is not supported for this task.'],
    ['check mode', 'command: id', true, 'check mode and async cannot be used on same task.'],
  ])('%s fails the task', async (_what, module, check, msg) => {
    const r = await play(`- hosts: all\n  gather_facts: false\n  tasks:\n    - name: t\n      ${module}\n      async: 5\n      ignore_errors: true\n`, { inventory: ONE_HOST, check });
    expect(resultOf(r, 't')).toMatchObject({ failed: true, msg });
  });

  it('async: 0 runs the task in the foreground', async () => {
    const r = await play(`- hosts: all\n  gather_facts: false\n  tasks:\n    - name: t\n      command: echo hi\n      async: 0\n      poll: 0\n`, { inventory: ONE_HOST });
    expect(resultOf(r, 't')).toMatchObject({ stdout: 'hi' });
    expect(resultOf(r, 't')).not.toHaveProperty('ansible_job_id');
  });
});
