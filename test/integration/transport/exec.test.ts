/** exec over a real sshd: output, exit codes, stdin, env, cwd, quoting, concurrency, timeouts, abort. */
import { UnreachableError } from '../../../src/util/errors.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quote, sh } from '../../../src/util/quote.js';
import type { Ssh2Connection } from '../../../src/transport/ssh.js';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { connect } from './helpers.js';

const reason = skipReason();

describe.skipIf(!!reason)(`ssh exec against a real sshd${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  let conn: Ssh2Connection;

  beforeAll(async () => {
    sshd = await startSshd();
    conn = connect(sshd);
  });
  afterAll(async () => {
    await conn?.close();
    await sshd?.stop();
  });

  it('returns stdout, stderr and the exit code; a failing command is not an error', async () => {
    const r = await conn.exec('echo out; echo err >&2; exit 3');
    expect(r).toMatchObject({ rc: 3, stdout: 'out\n', stderr: 'err\n', command: 'echo out; echo err >&2; exit 3' });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('runs under dash whatever the login shell is', async () => {
    const r = await conn.exec('readlink /proc/$$/exe; echo ${BASH_VERSION:-none}');
    expect(r.stdout).toBe('/usr/bin/dash\nnone\n');
  });

  it('feeds stdin, sets env and cwd', async () => {
    const r = await conn.exec('cat; printf "%s|%s|" "$FOO" "$BAR"; pwd', { stdin: 'line1\nline2\n', env: { FOO: "it's", BAR: 'a b' }, cwd: '/usr/share' });
    expect(r.stdout).toBe("line1\nline2\nit's|a b|/usr/share\n");
    const bad = await conn.exec('echo never', { cwd: '/does/not/exist' });
    expect(bad.rc).not.toBe(0);
    expect(bad.stdout).toBe('');
  });

  it('round-trips nasty values exactly through quoting', async () => {
    const values = [`it's "quoted"`, '$HOME `id` $(id)', 'two\nlines\n', '  spaces  ', '-n', '--help', '\\back\\slash', '*?[a]', ';&|<>', 'ünïcødé', ''];
    for (const v of values) {
      const r = await conn.exec(sh`printf '%s' ${v}`);
      expect(r.stdout).toBe(v);
      expect(r.rc).toBe(0);
    }
    const r = await conn.exec(`printf '%s\\n' "$V"`, { env: { V: values.join('|') } });
    expect(r.stdout).toBe(values.join('|') + '\n');
    expect(quote('-n')).not.toBe('-n');
  });

  it('30 concurrent execs on one connection all succeed with at most 10 channels open', async () => {
    const rs = await Promise.all(Array.from({ length: 30 }, (_, i) => conn.exec(`sleep 0.1; echo ${i}`)));
    rs.forEach((r, i) => expect(r).toMatchObject({ rc: 0, stdout: `${i}\n` }));
    expect(conn.limiter.peak).toBeLessThanOrEqual(10);
    expect(conn.limiter.peak).toBeGreaterThan(1);
    expect(conn.connects).toBe(1);
  });

  it('timeoutMs kills the remote command', async () => {
    const t0 = Date.now();
    const r = await conn.exec('sleep 30; echo done', { timeoutMs: 500 });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(r.timedOut).toBe(true);
    expect(r.rc).toBe(124);
    expect(r.stdout).toBe('');
  });

  it('an abort signal stops a sleep 30 quickly, remote process included', async () => {
    const marker = `machinist-abort-${process.pid}-${Date.now()}`;
    const ac = new AbortController();
    const t0 = Date.now();
    const p = conn.exec(`sleep 30; echo ${marker}`);
    // Separate command so the abort target can be found in ps by its unique argument.
    const p2 = conn.exec(sh`exec sleep 31.${String(Date.now() % 1000).padStart(3, '0')}`, { signal: ac.signal });
    setTimeout(() => ac.abort(), 300);
    await expect(p2).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - t0).toBeLessThan(3000);
    // The first command was not touched.
    const ps = await conn.exec('ps -eo args');
    expect(ps.stdout).toContain('sleep 30');
    await new Promise((r) => setTimeout(r, 300));
    const ps2 = await conn.exec('ps -eo args');
    expect(ps2.stdout).not.toMatch(/sleep 31\.\d{3}/);
    void p.catch(() => undefined);
  });

  it('closing the connection right after an abort still ends the remote process (Ctrl-C, then exit)', async () => {
    const other = connect(sshd);
    const tag = `32.${String(Date.now() % 1000).padStart(3, '0')}`;
    const ac = new AbortController();
    const p = other.exec(sh`exec sleep ${tag}`, { signal: ac.signal });
    await new Promise((r) => setTimeout(r, 300));
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    await other.close();
    await new Promise((r) => setTimeout(r, 300));
    const ps = await conn.exec('ps -eo args');
    expect(ps.stdout).not.toContain(`sleep ${tag}`);
  });

  it('re-establishes a dropped connection on next use', async () => {
    const before = conn.connects;
    // Kill this connection's sshd session process from the server side.
    // the command's own connection dies under it: that is a lost connection, not a failed command
    const err = await conn.exec('kill -TERM $PPID; sleep 5').then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    await new Promise((res) => setTimeout(res, 300));
    const again = await conn.exec('echo back');
    expect(again.stdout).toBe('back\n');
    expect(conn.connects).toBe(before + 1);
  });
});
