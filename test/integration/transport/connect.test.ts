/** Connecting: unreachable classification, authentication order, ProxyJump, the pool and specs. */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../../src/util/errors.js';
import { ConnectionPool, connectionSpecFor, LocalConnection } from '../../../src/transport/index.js';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { connect } from './helpers.js';

const reason = skipReason();
const PW = `Pw-${randomBytes(6).toString('hex')}`;

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

describe.skipIf(!!reason)(`connecting to a real sshd${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  const user = `mtauth${process.pid % 10000}`;

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser(user, { password: PW });
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('a closed port is UnreachableError kind socket, quickly', async () => {
    const port = await closedPort();
    const c = connect(sshd, { port }, [], { connectAttempts: 2 });
    const t0 = Date.now();
    const err = await c.exec('true').catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.kind).toBe('socket');
    expect(err.message).toMatch(/connection refused/);
    expect(Date.now() - t0).toBeLessThan(5000);
    await c.close();
  });

  it('retries a connection dropped before the handshake (as MaxStartups does) and succeeds', async () => {
    // A real TCP relay in front of the real sshd that drops the first connection at once.
    let seen = 0;
    const relay = net.createServer((s) => {
      if (++seen === 1) return s.destroy();
      const up = net.connect(sshd.port, '127.0.0.1');
      s.pipe(up).pipe(s);
      s.on('error', () => up.destroy());
      up.on('error', () => s.destroy());
      s.on('close', () => up.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
    const port = (relay.address() as net.AddressInfo).port;
    const kh = path.join(sshd.dir, 'relay_kh');
    await fs.writeFile(kh, sshd.hostKeys.map((k) => `[127.0.0.1]:${port} ${k.type} ${k.base64}\n`).join(''));
    const c = connect(sshd, { port, knownHostsFiles: [kh] });
    try {
      expect((await c.exec('echo ok')).stdout).toBe('ok\n');
      expect(seen).toBe(2);
      expect(c.connects).toBe(1);
    } finally {
      await c.close();
      await new Promise((r) => relay.close(r));
    }
  });

  it('a server that never speaks SSH times out (kind timeout) after the connect timeout', async () => {
    const held: net.Socket[] = [];
    const silent = net.createServer((s) => held.push(s));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const port = (silent.address() as net.AddressInfo).port;
    const c = connect(sshd, { port, connectTimeoutMs: 700 }, [], { connectAttempts: 1 });
    const t0 = Date.now();
    try {
      const err = await c.connect().catch((e) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect(err.kind).toBe('timeout');
      expect(Date.now() - t0).toBeLessThan(3000);
    } finally {
      await c.close();
      held.forEach((s) => s.destroy());
      await new Promise((r) => silent.close(r));
    }
  });

  it('a wrong key is kind auth and says what was tried', async () => {
    const other = path.join(sshd.dir, 'other_key');
    await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    const c = connect(sshd, { privateKeyFiles: [other] });
    const err = await c.connect().catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.kind).toBe('auth');
    expect(err.message).toContain(`publickey ${other}`);
    await c.close();
  });

  it('falls back to the password after a refused key; a wrong password is kind auth', async () => {
    const other = path.join(sshd.dir, 'other_key2');
    await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', other]);
    // Not the authorized key: the password must do it.
    await fs.rm(path.join(sshd.dir, 'authorized_keys', user));
    const ok = connect(sshd, { user, privateKeyFiles: [other], password: PW });
    expect((await ok.exec('whoami')).stdout).toBe(`${user}\n`);
    await ok.close();
    const bad = connect(sshd, { user, privateKeyFiles: [], password: 'nope' });
    const err = await bad.connect().catch((e) => e);
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('password');
    expect(err.message).not.toContain('nope');
    await bad.close();
  });

  it('asks the passphrase of an encrypted key once and reuses it', async () => {
    const enc = path.join(sshd.dir, 'enc_key');
    await promisify(execFile)('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'sesame', '-f', enc]);
    await fs.appendFile(path.join(sshd.dir, 'authorized_keys', 'root'), await fs.readFile(enc + '.pub'));
    const asked: string[] = [];
    const askPassphrase = async (f: string) => (asked.push(f), 'sesame');
    const a = connect(sshd, { privateKeyFiles: [enc] }, [], { askPassphrase });
    expect((await a.exec('echo a')).stdout).toBe('a\n');
    const { KeyCache } = await import('../../../src/transport/auth.js');
    const cache = new KeyCache();
    const b = connect(sshd, { privateKeyFiles: [enc] }, [], { askPassphrase, keyCache: cache });
    const c = connect(sshd, { privateKeyFiles: [enc] }, [], { askPassphrase, keyCache: cache });
    await Promise.all([b.connect(), c.connect()]);
    expect(asked).toEqual([enc, enc]); // once for a's cache, once for the shared cache of b and c
    await Promise.all([a.close(), b.close(), c.close()]);
  });

  it('ProxyJump through the same sshd to itself (two hops too), jump host keys verified', async () => {
    const hop = `root@127.0.0.1:${sshd.port}`;
    const one = connect(sshd, { proxyJump: hop });
    expect((await one.exec('echo via; echo $SSH_CLIENT')).stdout).toMatch(/^via\n127\.0\.0\.1 \d+ \d+\n$/);
    await one.close();
    const two = connect(sshd, { proxyJump: `${hop},${hop}` });
    expect((await two.exec('echo twice')).stdout).toBe('twice\n');
    await two.close();
    const unknownJump = connect(sshd, { proxyJump: hop, knownHostsFiles: [path.join(sshd.dir, 'empty_kh')] });
    const err = await unknownJump.connect().catch((e) => e);
    expect(err.kind).toBe('hostkey');
    await unknownJump.close();
  });

  it('the pool gives one connection per host name, built by connectionSpecFor, and closes all', async () => {
    const cfg = path.join(sshd.dir, 'ssh_config');
    await fs.writeFile(cfg, `Host target-alias\n  HostName 127.0.0.1\n  Port ${sshd.port}\n  User root\n  IdentityFile ${sshd.clientKeyPath}\n`);
    const opts = { knownHostsFiles: [sshd.knownHostsPath], hostKeyChecking: 'strict' as const, sshConfigFile: cfg };
    const pool = new ConnectionPool({ ...opts, warn: () => {} });
    const spec = connectionSpecFor('target-alias', {}, opts);
    expect(spec).toMatchObject({ host: '127.0.0.1', port: sshd.port, user: 'root', privateKeyFiles: [sshd.clientKeyPath] });
    const c1 = pool.get(spec);
    expect(pool.get(connectionSpecFor('target-alias', {}, opts))).toBe(c1);
    const rs = await Promise.all([c1.exec('echo 1'), c1.exec('echo 2')]);
    expect(rs.map((r) => r.stdout)).toEqual(['1\n', '2\n']);
    const local = pool.get(connectionSpecFor('ctl', { ansible_connection: 'local' }, opts));
    expect(local).toBeInstanceOf(LocalConnection);
    expect((await local.exec('echo here')).stdout).toBe('here\n');
    await pool.closeAll();
    await expect(c1.exec('true')).rejects.toMatchObject({ kind: 'closed' });
  });
});
