import { describe, expect, it } from 'vitest';
import { ranResult, skippedResult, type RunSpec } from '../../../../src/modules/kit/run-command.js';

const spec: RunSpec = { command: 'x', cmd: ['touch', '/tmp/f'], creates: '/tmp/f', stdinAddNewline: true, stripEmptyEnds: true };

describe('command results', () => {
  it('creates that exists: ok, not changed, Ansible message and stdout', () => {
    expect(skippedResult('creates', spec, false)).toEqual({
      changed: false, cmd: ['touch', '/tmp/f'], rc: 0, stdout: 'skipped, since /tmp/f exists', stdout_lines: ['skipped, since /tmp/f exists'],
      stderr: '', stderr_lines: [], start: null, end: null, delta: null, msg: "Did not run command since '/tmp/f' exists",
    });
  });
  it('removes that matches nothing; check mode says Would', () => {
    const r = skippedResult('removes', { ...spec, removes: '/tmp/g*' }, true);
    expect(r.msg).toBe("Would not run command since '/tmp/g*' does not exist");
    expect(r.changed).toBe(false);
  });
  it('a run command is changed, with start/end/delta and stripped output', () => {
    const start = new Date(2024, 0, 1, 10, 0, 0, 0).getTime();
    const r = ranResult(spec, { rc: 0, stdout: 'a\nb\n\n', stderr: 'w\n' }, start, start + 1500.25);
    expect(r).toMatchObject({
      changed: true, rc: 0, stdout: 'a\nb', stdout_lines: ['a', 'b'], stderr: 'w', stderr_lines: ['w'],
      start: '2024-01-01 10:00:00', end: '2024-01-01 10:00:01.500250', delta: '0:00:01.500250', msg: '',
    });
    expect(r.failed).toBeUndefined();
  });
  it('keeps trailing newlines when strip_empty_ends is false', () => {
    expect(ranResult({ ...spec, stripEmptyEnds: false }, { rc: 0, stdout: 'a\n', stderr: '' }, 0, 1).stdout).toBe('a\n');
  });
  it('rc != 0 fails with "non-zero return code"', () => {
    expect(ranResult(spec, { rc: 2, stdout: '', stderr: 'no' }, 0, 1)).toMatchObject({ failed: true, msg: 'non-zero return code', rc: 2, changed: true });
  });
});
