/** wait_for through the real LocalConnection: a real listening port, a file created later, timeouts. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as net from 'node:net';
import { mkdtempSync, rmSync, writeFileSync, unlinkSync } from 'node:fs';
import * as os from 'node:os';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { LocalConnection } from '../../../../src/transport/local.js';
import { moduleContext } from '../../../helpers/module-context.js';
import { waitForModule, waitForSchema } from '../../../../src/modules/commands/wait-for.js';
import { ModuleFailure } from '../../../../src/util/errors.js';

const conn = new LocalConnection();
let dir: string;
let server: net.Server;
let port: number;
const timers: NodeJS.Timeout[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-waitfor-'));
  server = net.createServer((s) => {
    s.end('HELLO machinist v42\n');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(async () => {
  for (const t of timers) clearTimeout(t);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

const waitFor = (args: Record<string, unknown>) => waitForModule.plan(waitForSchema.parse(args), moduleContext(conn));

/** A port that nothing listens on (bound, read, closed). */
async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

describe('wait_for on ports', () => {
  it('an open local port is found in the socket tables at once', async () => {
    const p = await waitFor({ port, timeout: 5 });
    expect(p.result).toMatchObject({ changed: false, state: 'started', port, elapsed: 0 });
  });
  it('the same port through localhost', async () => {
    expect((await waitFor({ port, host: 'localhost', timeout: 5 })).result).toMatchObject({ port });
  });
  it('a port that opens after a delay', async () => {
    const late = await freePort();
    const srv = net.createServer();
    timers.push(setTimeout(() => srv.listen(late, '127.0.0.1'), 1200));
    try {
      const p = await waitFor({ port: late, timeout: 10, sleep: 0.2 });
      expect(p.result).toMatchObject({ state: 'started', port: late });
      expect(p.result?.elapsed).toBeGreaterThanOrEqual(1);
    } finally {
      await new Promise<void>((r) => (srv.listening ? srv.close(() => r()) : r()));
    }
  });
  it('a closed port times out with Ansible message and elapsed', async () => {
    const closed = await freePort();
    const e = await waitFor({ port: closed, timeout: 1, sleep: 0.2 }).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.message).toBe(`Timeout when waiting for 127.0.0.1:${closed}`);
    expect(e.result).toMatchObject({ failed: true, elapsed: 1 });
  });
  it('state=stopped succeeds for a closed port, fails for the open one', async () => {
    const closed = await freePort();
    expect((await waitFor({ port: closed, state: 'stopped', timeout: 2 })).result).toMatchObject({ state: 'stopped' });
    await expect(waitFor({ port, state: 'stopped', timeout: 0.5, sleep: 0.2, msg: 'still open' })).rejects.toThrow('still open');
  });
  it('search_regex reads the banner through bash /dev/tcp and returns match groups', async () => {
    const p = await waitFor({ port, search_regex: 'machinist v(?P<version>\\d+)', timeout: 5, connect_timeout: 2 });
    expect(p.result).toMatchObject({ match_groups: ['42'], match_groupdict: { version: '42' } });
  });
  it('a non-loopback address is tried with a real connect (bash /dev/tcp)', async () => {
    const ip = Object.values(os.networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    expect(ip, 'this machine needs a non-loopback IPv4 address').toBeDefined();
    const srv = net.createServer((c) => c.destroy());
    await new Promise<void>((r) => srv.listen(0, ip, r));
    const p2 = (srv.address() as net.AddressInfo).port;
    try {
      expect((await waitFor({ port: p2, host: ip, timeout: 3, connect_timeout: 1 })).result).toMatchObject({ port: p2, state: 'started' });
    } finally {
      await new Promise<void>((r) => srv.close(() => r()));
    }
    expect((await waitFor({ port: p2, host: ip, state: 'stopped', timeout: 3, connect_timeout: 1 })).result).toMatchObject({ state: 'stopped' });
  });
  it('drained: no active connections on a quiet port', async () => {
    const quiet = await freePort();
    expect((await waitFor({ port: quiet, state: 'drained', timeout: 2 })).result).toMatchObject({ state: 'drained' });
  });
  it('drained waits while a connection is established, and returns once it closes', async () => {
    const held: net.Socket[] = [];
    const srv = net.createServer((c) => held.push(c));
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const p2 = (srv.address() as net.AddressInfo).port;
    const client = net.connect(p2, '127.0.0.1');
    client.on('error', () => {});
    try {
      await new Promise<void>((r) => client.on('connect', () => r()));
      const e = await waitFor({ port: p2, state: 'drained', timeout: 0.6, sleep: 0.2 }).catch((x) => x);
      expect(e).toBeInstanceOf(ModuleFailure);
      expect(e.message).toBe(`Timeout when waiting for 127.0.0.1:${p2} to drain`);
      // Only established connections count here, so closing them drains the port.
      timers.push(setTimeout(() => { client.destroy(); held.forEach((c) => c.destroy()); }, 500));
      const ok = await waitFor({ port: p2, state: 'drained', timeout: 5, sleep: 0.2, active_connection_states: ['ESTABLISHED'] });
      expect(ok.result).toMatchObject({ state: 'drained', port: p2 });
    } finally {
      client.destroy();
      held.forEach((c) => c.destroy());
      await new Promise<void>((r) => srv.close(() => r()));
    }
  });
});

describe('wait_for on paths', () => {
  it('waits for a file created after a delay', async () => {
    const f = path.join(dir, "late file's");
    timers.push(setTimeout(() => writeFileSync(f, 'starting\n'), 1000));
    const p = await waitFor({ path: f, timeout: 10, sleep: 0.2 });
    expect(p.result).toMatchObject({ changed: false, path: f, state: 'started' });
    expect(p.result?.elapsed).toBeGreaterThanOrEqual(0);
  });
  it('waits for content matching search_regex (multi-line, Python syntax)', async () => {
    const f = path.join(dir, 'app.log');
    writeFileSync(f, 'booting\n');
    timers.push(setTimeout(() => writeFileSync(f, 'booting\nlistening on port 8080\n'), 800));
    const p = await waitFor({ path: f, search_regex: '^listening on port (?P<port>\\d+)$', timeout: 10, sleep: 0.2 });
    expect(p.result).toMatchObject({ match_groups: ['8080'], match_groupdict: { port: '8080' } });
  });
  it('absent: waits for removal', async () => {
    const f = path.join(dir, 'lock');
    writeFileSync(f, '');
    timers.push(setTimeout(() => unlinkSync(f), 700));
    expect((await waitFor({ path: f, state: 'absent', timeout: 10, sleep: 0.2 })).result).toMatchObject({ state: 'absent' });
  });
  it('times out on a file that never appears', async () => {
    const f = path.join(dir, 'never');
    await expect(waitFor({ path: f, timeout: 1, sleep: 0.3 })).rejects.toThrow(`Timeout when waiting for file ${f}`);
  });
  it('delay is waited before the first check', async () => {
    const t0 = Date.now();
    await waitFor({ path: dir, delay: 1, timeout: 5 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
  });
  it('with neither port nor path it just waits timeout seconds', async () => {
    const t0 = Date.now();
    const p = await waitFor({ timeout: 1 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
    expect(p.result).toEqual({ changed: false, elapsed: 1 });
  });
});
