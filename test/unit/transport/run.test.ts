/**
 * Driving a command without a host: the result built from what ended it (execResult), and drive over
 * a scripted process (streams in memory, fake timers): the pid announcement, sudo's exchange, the
 * timeout with its grace period and an abort during it.
 */
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { newMarkers } from '../../../src/transport/become.js';
import { drive, type RunningProcess } from '../../../src/transport/run.js';
import { execResult, type Ended } from '../../../src/transport/run-result.js';

describe('execResult', () => {
  const ended = (e: Partial<Ended>): Ended => ({ command: 'c', code: 0, stdout: Buffer.from('out'), stderr: 'err', timedOut: false, durationMs: 5, ...e });
  it.each([
    { what: 'an exit code', e: { code: 3 }, rc: 3, stderr: 'err' },
    { what: 'a signal', e: { code: null, signal: 'SIGTERM' }, rc: 143, stderr: 'err' },
    { what: 'an unknown signal', e: { code: null, signal: 'USR1' }, rc: 128, stderr: 'err' },
    { what: 'no code and no signal', e: { code: null }, rc: 1, stderr: 'err' },
    { what: 'the timeout, whatever the code', e: { code: 143, timedOut: true }, rc: 124, stderr: 'err' },
    { what: 'sudo refused, the command had no failing code', e: { code: 0, becomeFailure: 'sudo: incorrect sudo password' }, rc: 1, stderr: 'sudo: incorrect sudo password\n' },
    { what: 'sudo refused, with its failing code', e: { code: 1, becomeFailure: 'sudo: a password is required' }, rc: 1, stderr: 'sudo: a password is required\n' },
  ])('$what', ({ e, rc, stderr }) => {
    const r = execResult(ended(e));
    expect(r).toMatchObject({ command: 'c', rc, stderr, stdout: 'out', durationMs: 5 });
    expect(r.stdoutBuffer?.toString()).toBe('out');
  });
});

/** A process whose streams and end the test controls; kill() records the pid it was given. */
function scripted() {
  let end!: (v: { code: number | null; signal?: string }) => void;
  const stdinText: string[] = [];
  const stdin = new PassThrough();
  stdin.on('data', (d: Buffer) => void stdinText.push(d.toString()));
  const kills: Array<number | undefined> = [];
  const p: RunningProcess = {
    stdin, stdout: new PassThrough(), stderr: new PassThrough(),
    kill: (pid) => void kills.push(pid),
    done: new Promise((resolve) => (end = resolve)),
  };
  return { p, end, kills, stdinText, out: (s: string) => (p.stdout as PassThrough).write(s), err: (s: string) => (p.stderr as PassThrough).write(s) };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('drive', () => {
  afterEach(() => vi.useRealTimers());

  it('takes the pid announcement out of stderr, and kills that pid on abort', async () => {
    const s = scripted();
    const ac = new AbortController();
    const r = drive(s.p, { inner: 'x', command: 'x', pidMarker: 'pid-1:' }, 'x', { signal: ac.signal });
    s.err('pid-1:4242\nreal error\n');
    await tick();
    ac.abort();
    await expect(r).rejects.toMatchObject({ name: 'AbortError' });
    expect(s.kills).toEqual([4242]);
  });

  it('answers sudo: the password on the prompt, the caller stdin once let through; the markers stay out', async () => {
    const s = scripted();
    const m = newMarkers('pw');
    const r = drive(s.p, { inner: 'x', command: 'x', become: m }, 'x', { stdin: 'input' });
    s.err(m.prompt);
    await tick();
    expect(s.stdinText).toEqual(['pw\n']);
    s.out(`${m.ok}\nhello\n`);
    await tick();
    expect(s.stdinText).toEqual(['pw\n', 'input']);
    s.end({ code: 0 });
    expect(await r).toMatchObject({ rc: 0, stdout: 'hello\n', stderr: '' });
  });

  it('a wrong sudo password ends the command with the reason', async () => {
    const s = scripted();
    const m = newMarkers('bad');
    const r = drive(s.p, { inner: 'x', command: 'x', become: m }, 'x', {});
    s.err(`${m.prompt}Sorry, try again.\n${m.prompt}`);
    await tick();
    expect(s.kills).toHaveLength(1);
    s.end({ code: 1 });
    expect(await r).toMatchObject({ rc: 1, stderr: 'sudo: incorrect sudo password\n' });
  });

  it('the timeout kills the command and reports rc 124, also when it never ends (after the grace period)', async () => {
    vi.useFakeTimers();
    const s = scripted();
    const r = drive(s.p, { inner: 'x', command: 'x' }, 'x', { timeoutMs: 1000 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(s.kills).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(5000);
    expect(await r).toMatchObject({ rc: 124, timedOut: true });
  });

  it('an abort during the grace period after the timeout interrupts at once', async () => {
    vi.useFakeTimers();
    const s = scripted();
    const ac = new AbortController();
    const r = drive(s.p, { inner: 'x', command: 'x' }, 'x', { timeoutMs: 1000, signal: ac.signal });
    const settled = r.catch((e: Error) => e);
    await vi.advanceTimersByTimeAsync(1000);
    ac.abort();
    expect(await settled).toMatchObject({ name: 'AbortError' });
  });
});
