import { describe, expect, it } from 'vitest';
import { killScript, wrapCommand } from '../../../src/transport/wrap.js';

describe('wrapCommand', () => {
  it('runs the text under /bin/sh -c with cd and env, quoted as one word', () => {
    const w = wrapCommand(`echo "$X"`, { cwd: '/srv/my app', env: { X: "it's" } });
    expect(w.inner).toBe(`cd '/srv/my app' || exit 1; export X='it'\\''s'; echo "$X"`);
    expect(w.command).toBe(`/bin/sh -c 'cd '\\''/srv/my app'\\'' || exit 1; export X='\\''it'\\''\\'\\'''\\''s'\\''; echo "$X"'`);
    expect(w.become).toBeUndefined();
    expect(wrapCommand('ls', { cwd: '-odd' }).inner).toBe('cd ./-odd || exit 1; ls');
  });

  it('refuses bad environment names', () => {
    expect(() => wrapCommand('true', { env: { 'A-B': '1' } })).toThrow(/invalid environment variable name/);
  });

  it('wraps with sudo for become, keeping env inside (sudo resets the environment)', () => {
    const w = wrapCommand('id', { env: { A: '1' }, become: { user: 'root', password: 'pw' } });
    expect(w.command).toMatch(/^sudo -H -S -p '\[machinist-become-[0-9a-f]+\] password:' -u root \/bin\/sh -c 'echo machinist-become-ok-[0-9a-f]+; export A=1; id'$/);
    expect(w.command).not.toContain('pw');
    expect(w.become?.password).toBe('pw');
  });

  it('announces its pid first when asked, also before sudo', () => {
    const w = wrapCommand('true', {}, { announcePid: true });
    expect(w.pidMarker).toMatch(/^machinist-pid-[0-9a-f]+:$/);
    expect(w.command).toBe(`/bin/sh -c 'echo ${w.pidMarker}$$ >&2; true'`);
    const b = wrapCommand('true', { become: { user: 'root' } }, { announcePid: true });
    expect(b.command).toMatch(/^\/bin\/sh -c 'echo machinist-pid-[0-9a-f]+:\$\$ >&2; exec sudo -H -S -n /);
  });

  it('kill script targets the process group of a numeric pid only', () => {
    const k = killScript(1234.9);
    expect(k).toContain('p=1234;');
    expect(k).toContain('kill -TERM $t');
    expect(k).toContain('kill -KILL $t');
  });
});
