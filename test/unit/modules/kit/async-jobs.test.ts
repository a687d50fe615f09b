/** Ansible's async job records, read as its async_status reads them (action plugin and module together). */
import { describe, expect, it } from 'vitest';
import { jobStatus, newJobId } from '../../../../src/modules/kit/async-jobs.js';

const EMPTY = { stdout: '', stderr: '', stdout_lines: [], stderr_lines: [] };
const path = '/root/.ansible_async/j1.2';

describe('jobStatus', () => {
  it.each<[string, string | undefined, Record<string, unknown>]>([
    ['no file: could not find job', undefined, { ...EMPTY, ansible_job_id: 'j1.2', results_file: path, started: 1, finished: 1, failed: true, changed: false, msg: 'could not find job' }],
    ['the started record: running', '{"started": 1, "finished": 0, "ansible_job_id": "j1.2"}', { ...EMPTY, ansible_job_id: 'j1.2', results_file: path, started: 1, finished: 0, changed: false, failed: false }],
    ['a half-written file: running', '{"started": 1, "fin', { ...EMPTY, ansible_job_id: 'j1.2', results_file: path, started: 1, finished: 0, changed: false }],
    ['an empty file: running', '', { ...EMPTY, ansible_job_id: 'j1.2', results_file: path, started: 1, finished: 0, changed: false }],
    [
      "the module's result: finished, its fields over the empty ones",
      '{"changed": true, "rc": 0, "stdout": "hi", "stdout_lines": ["hi"], "cmd": ["echo", "hi"]}',
      { ansible_job_id: 'j1.2', results_file: path, started: 1, finished: 1, changed: true, failed: false, rc: 0, stdout: 'hi', stdout_lines: ['hi'], stderr: '', stderr_lines: [], cmd: ['echo', 'hi'] },
    ],
    ["async_wrapper's timeout record (failed: 1): a finished failure", '{"msg": "Timeout exceeded", "failed": 1, "child_pid": 7}', { ...EMPTY, ansible_job_id: 'j1.2', results_file: path, started: 1, finished: 1, failed: true, changed: false, msg: 'Timeout exceeded', child_pid: 7 }],
    ['a record with started but no finished', '{"started": 1}', { ...EMPTY, ansible_job_id: 'j1.2', results_file: path, started: 1, finished: 0, changed: false, failed: false }],
  ])('%s', (_what, text, expected) => {
    expect(jobStatus('j1.2', { path, ...(text === undefined ? {} : { text }) })).toEqual(expected);
  });
});

describe('newJobId', () => {
  it("is Ansible's shape, j<random>.<pid>, and differs each time", () => {
    const a = newJobId();
    expect(a).toMatch(new RegExp(`^j\\d{1,12}\\.${process.pid}$`));
    expect(new Set(Array.from({ length: 20 }, newJobId)).size).toBe(20);
  });
});
