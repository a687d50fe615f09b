import { describe, expect, it } from 'vitest';
import { BecomeWatcher, becomeCommand, isValidBecomeUser, newMarkers } from '../../../src/transport/become.js';

describe('become wrapping', () => {
  it('builds sudo -H -S -p MARKER -u USER /bin/sh -c ..., with -n only without a password', () => {
    const m = newMarkers('s3cret');
    const cmd = becomeCommand("echo 'hi'", { user: 'postgres' }, m);
    expect(cmd).toBe(`sudo -H -S -p '${m.prompt}' -u postgres /bin/sh -c 'echo ${m.ok}; echo '\\''hi'\\'''`);
    expect(cmd).not.toContain('s3cret');
    const n = newMarkers();
    expect(becomeCommand('id', { user: 'root' }, n)).toMatch(/^sudo -H -S -n -p /);
    expect(newMarkers().prompt).not.toBe(n.prompt);
    expect(n.prompt).not.toContain('%');
  });

  it('accepts only user names like Unix ones', () => {
    for (const u of ['root', 'www-data', '_apt', 'svc.account', 'machine$']) expect(isValidBecomeUser(u)).toBe(true);
    for (const u of ['', '-root', 'a b', 'root;id', "x'y", '1abc', 'a'.repeat(65)]) expect(isValidBecomeUser(u)).toBe(false);
    expect(() => becomeCommand('id', { user: 'bad user' }, newMarkers())).toThrow(/invalid become user/);
  });
});

describe('BecomeWatcher', () => {
  it('answers the prompt once, then passes on the ok marker, stripping it from stdout', () => {
    const m = newMarkers('pw');
    const w = new BecomeWatcher(m);
    expect(w.onStderr(m.prompt.slice(0, 5))).toEqual([]);
    expect(w.onStderr(m.prompt.slice(5))).toEqual([{ type: 'send-password' }]);
    expect(w.onStdout(m.ok.slice(0, 4))).toEqual({ keep: '', events: [] });
    expect(w.onStdout(m.ok.slice(4) + '\nreal output\n')).toEqual({ keep: 'real output\n', events: [{ type: 'ok' }] });
    expect(w.onStdout('more')).toEqual({ keep: 'more', events: [] });
    expect(w.scrub(`x${m.prompt}y`)).toBe('xy');
  });

  it('a second prompt or "Sorry, try again" is a wrong password', () => {
    const m = newMarkers('pw');
    const w = new BecomeWatcher(m);
    w.onStderr(m.prompt);
    expect(w.onStderr('Sorry, try again.\n')).toEqual([{ type: 'fail', message: 'sudo: incorrect sudo password' }]);
    const w2 = new BecomeWatcher(m);
    expect(w2.onStderr(m.prompt + m.prompt)).toEqual([{ type: 'send-password' }, { type: 'fail', message: 'sudo: incorrect sudo password' }]);
  });

  it('a prompt without a configured password fails: "a password is required"', () => {
    const w = new BecomeWatcher(newMarkers());
    expect(w.onStderr(w.m.prompt)).toEqual([{ type: 'fail', message: 'sudo: a password is required' }]);
  });

  it('success without any prompt (NOPASSWD) and output not from the marker is kept', () => {
    const m = newMarkers('pw');
    const w = new BecomeWatcher(m);
    expect(w.onStdout(`${m.ok}\n`).events).toEqual([{ type: 'ok' }]);
    const w2 = new BecomeWatcher(m);
    expect(w2.onStdout('unexpected\n')).toEqual({ keep: 'unexpected\n', events: [] });
    const w3 = new BecomeWatcher(m);
    w3.onStdout('mach');
    expect(w3.flushStdout()).toBe('mach');
  });
});
