/** The local connection with real /bin/sh and sudo: same wrapping, become, atomic files, kill. */
import { existsSync, promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection } from '../../../src/transport/local.js';
import { sh } from '../../../src/util/quote.js';

const conn = new LocalConnection();
const isRoot = process.getuid?.() === 0;
const sudoReason = !isRoot ? 'needs root' : !existsSync('/usr/bin/sudo') ? 'needs sudo' : undefined;

describe('local connection', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-local-'));
    await fs.chmod(dir, 0o755);
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('runs shell text under dash with stdin, env and cwd', async () => {
    const r = await conn.exec('cat; echo "$A"; pwd; readlink /proc/$$/exe', { stdin: 'in\n', env: { A: "a'b" }, cwd: dir });
    expect(r.stdout).toBe(`in\na'b\n${await fs.realpath(dir)}\n/usr/bin/dash\n`);
    expect((await conn.exec('exit 7')).rc).toBe(7);
  });

  it('timeout and abort end the whole process tree', async () => {
    const r = await conn.exec('sleep 30 & wait', { timeoutMs: 300 });
    expect(r).toMatchObject({ timedOut: true, rc: 124 });
    const ac = new AbortController();
    const t0 = Date.now();
    const p = conn.exec('sleep 30; echo no', { signal: ac.signal });
    setTimeout(() => ac.abort(), 200);
    await expect(p).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('puts atomically with mode and keeps no temp file; gets it back', async () => {
    const f = path.join(dir, 'a.conf');
    await conn.put(f, 'one\n', { mode: '0640' });
    await conn.put(f, 'two\n');
    expect((await conn.get(f)).toString()).toBe('two\n');
    expect((await fs.stat(f)).mode & 0o777).toBe(0o640);
    const fresh = path.join(dir, 'fresh.txt');
    await conn.put(fresh, 'x');
    const umask = process.umask();
    expect((await fs.stat(fresh)).mode & 0o777).toBe(0o666 & ~umask);
    expect((await fs.readdir(dir)).filter((n) => n.includes('machinist'))).toEqual([]);
  });

  it.skipIf(!!sudoReason)(`become works locally through sudo${sudoReason ? ` (skipped: ${sudoReason})` : ''}`, async () => {
    expect((await conn.exec('whoami', { become: { user: 'nobody' } })).stdout).toBe('nobody\n');
    // root to root needs no sudo at all
    expect((await conn.exec('whoami', { become: { user: 'root' } })).stdout).toBe('root\n');
    const f = path.join(dir, 'nobody.txt');
    await fs.chmod(dir, 0o777);
    await conn.put(f, 'hi\n', { become: { user: 'nobody' } });
    expect((await conn.exec(sh`stat -c %U ${f}`)).stdout.trim()).toBe('nobody');
    expect((await conn.get(f, { become: { user: 'nobody' } })).toString()).toBe('hi\n');
  });
});
