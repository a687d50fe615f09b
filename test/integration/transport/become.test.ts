/** sudo become against a real sshd and real sudo: passwords, failures, secrecy, stdin. */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ssh2Connection } from '../../../src/transport/ssh.js';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { connect } from './helpers.js';
import { existsSync } from 'node:fs';

const reason = skipReason() ?? (existsSync('/usr/bin/sudo') ? undefined : 'needs sudo (apt-get install sudo)');
const PW = `Pw-${randomBytes(6).toString('hex')}`;

describe.skipIf(!!reason)(`become (sudo) over ssh${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  let root: Ssh2Connection;
  let pwUser: Ssh2Connection;
  let freeUser: Ssh2Connection;
  let plainUser: Ssh2Connection;
  const tag = process.pid % 10000;

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser(`mtsudo${tag}`, { password: PW, sudo: true });
    await sshd.addUser(`mtnopw${tag}`, { sudo: 'nopasswd' });
    await sshd.addUser(`mtplain${tag}`, { password: PW });
    root = connect(sshd);
    pwUser = connect(sshd, { user: `mtsudo${tag}` });
    freeUser = connect(sshd, { user: `mtnopw${tag}` });
    plainUser = connect(sshd, { user: `mtplain${tag}` });
  });
  afterAll(async () => {
    await Promise.all([root, pwUser, freeUser, plainUser].map((c) => c?.close()));
    await sshd?.stop();
  });

  it('becomes root with the right password', async () => {
    const r = await pwUser.exec('whoami; echo "$HOME"', { become: { user: 'root', password: PW } });
    expect(r).toMatchObject({ rc: 0, stdout: 'root\n/root\n', stderr: '' });
    expect((await pwUser.exec('whoami')).stdout).toBe(`mtsudo${tag}\n`);
  });

  it('passes the caller stdin after the password, and env and cwd under sudo', async () => {
    const r = await pwUser.exec('cat; echo "$X"; pwd', { become: { user: 'root', password: PW }, stdin: 'payload\n', env: { X: 'y z' }, cwd: '/root' });
    expect(r).toMatchObject({ rc: 0, stdout: 'payload\ny z\n/root\n' });
  });

  it('becomes another user (nobody) and without a password where sudo needs none', async () => {
    expect((await pwUser.exec('whoami', { become: { user: 'nobody', password: PW } })).stdout).toBe('nobody\n');
    expect((await freeUser.exec('whoami', { become: { user: 'root' } })).stdout).toBe('root\n');
    // A password given but never asked for is fine too.
    expect((await freeUser.exec('whoami', { become: { user: 'root', password: 'unused' } })).stdout).toBe('root\n');
  });

  it('a wrong password fails clearly within a few seconds', async () => {
    const t0 = Date.now();
    const r = await pwUser.exec('whoami', { become: { user: 'root', password: 'wrong-password' } });
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toContain('incorrect sudo password');
    expect(r.stdout).toBe('');
    expect(JSON.stringify(r)).not.toContain('wrong-password');
  });

  it('no password where sudo asks for one fails at once with "a password is required"', async () => {
    const t0 = Date.now();
    const r = await pwUser.exec('whoami', { become: { user: 'root' } });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.rc).not.toBe(0);
    expect(r.stderr).toContain('a password is required');
    expect(r.stdout).toBe('');
  });

  it('a user without sudo rights gets sudo\'s refusal, not a hang', async () => {
    const r = await plainUser.exec('whoami', { become: { user: 'root', password: PW }, timeoutMs: 10_000 });
    expect(r.rc).not.toBe(0);
    expect(r.timedOut).toBe(false);
    expect(r.stderr).toMatch(/not in the sudoers|not allowed/);
  });

  it('the password never shows in the remote process list, output or the prompt marker', async () => {
    const running = pwUser.exec('sleep 1.5; echo done', { become: { user: 'root', password: PW } });
    await new Promise((r) => setTimeout(r, 700));
    const ps = await root.exec('ps -eo args');
    expect(ps.stdout).toContain('sudo -H -S -p');
    expect(ps.stdout).not.toContain(PW);
    const r = await running;
    expect(r).toMatchObject({ rc: 0, stdout: 'done\n', stderr: '' });
    expect(r.stderr + r.stdout).not.toContain('machinist-become');
  });

  it('refuses an invalid become user before running anything', async () => {
    await expect(pwUser.exec('id', { become: { user: 'root; id' } })).rejects.toThrow(/invalid become user/);
  });

  it('abort under become stops the root command too', async () => {
    const ac = new AbortController();
    const p = pwUser.exec('exec sleep 33.25', { become: { user: 'root', password: PW }, signal: ac.signal });
    setTimeout(() => ac.abort(), 800);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    await new Promise((r) => setTimeout(r, 1500));
    expect((await root.exec('ps -eo args')).stdout).not.toContain('sleep 33.25');
  });
});
