import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection } from '../../../../src/transport/local.js';
import { guestPutScript, hostBecomeFor, NspawnConnection, type GuestParent } from '../../../../src/transport/nspawn/connection.js';
import { nspawnSpecFor } from '../../../../src/transport/nspawn/spec.js';
import type { Connection, ConnectionSpec, ExecOptions } from '../../../../src/transport/types.js';
import { UnreachableError } from '../../../../src/util/errors.js';
import { fakeGuestTools, type FakeTools } from './fake-guest-tools.js';
import { scriptedConnection } from '../../../helpers/scripted-connection.js';

const base = { become: undefined, connectTimeoutMs: 1000, knownHostsFiles: [] };
const guestSpec = (name = 'g1', host = 'h1') => nspawnSpecFor(name, { machinist_nspawn_host: host, ansible_host: 'web1' }, base);
const hostSpec = (user = 'root'): ConnectionSpec => ({ name: 'h1', connection: 'ssh', host: '10.0.0.1', port: 22, user, privateKeyFiles: [], knownHostsFiles: [], hostKeyChecking: 'strict', connectTimeoutMs: 1000 });

/** The parent: this machine, with the fake machinectl/nsenter first on the host command's PATH. */
class FakeHost implements Connection {
  readonly host = 'h1';
  readonly seen: { command: string; opts: ExecOptions }[] = [];
  private readonly local = new LocalConnection('h1');
  leader: string | undefined = String(process.pid);
  constructor(private readonly bin: string) {}
  async connect() {}
  async exec(command: string, opts: ExecOptions = {}) {
    this.seen.push({ command, opts });
    expect(command.split('\n')[0]).toMatch(/^PATH=\S+; export PATH$/);
    const cmd = command.replace(/^PATH=/, `PATH=${this.bin}:`);
    return this.local.exec(cmd, { ...opts, become: null, env: { FAKE_LEADER: this.leader ?? '' } });
  }
  put(): Promise<void> {
    throw new Error('the guest connection must not use the parent put');
  }
  get(): Promise<Buffer> {
    throw new Error('the guest connection must not use the parent get');
  }
  async close() {}
}

describe('NspawnConnection over a fake host', () => {
  let fake: FakeTools;
  let dir: string;
  let parent: FakeHost;
  let conn: NspawnConnection;
  beforeAll(async () => {
    fake = await fakeGuestTools();
    dir = await fs.mkdtemp(path.join(fake.dir, 'files-'));
    parent = new FakeHost(fake.bin);
    conn = new NspawnConnection(guestSpec(), () => ({ conn: parent, spec: hostSpec() }));
  });
  afterAll(() => fake.cleanup());

  it('runs commands in the machine with cwd, environment and stdin, output and rc kept apart', async () => {
    const r = await conn.exec(`pwd; echo "$GREETING"; cat; echo oops >&2; exit 5`, { cwd: dir, env: { GREETING: "it's me" }, stdin: 'data\n' });
    expect(r).toMatchObject({ rc: 5, stdout: `${dir}\nit's me\ndata\n`, stderr: 'oops\n' });
    expect(r.command).toBe(`pwd; echo "$GREETING"; cat; echo oops >&2; exit 5`);
    expect(parent.seen.at(-1)!.command).toContain('m=web1;');
    expect(parent.seen.at(-1)!.opts.become).toBeNull();
  });

  it('writes files atomically inside the guest, keeping an existing mode, and reads them back', async () => {
    const f = path.join(dir, 'conf');
    await conn.put(f, Buffer.from('one\n'), { mode: '0640' });
    expect((await fs.stat(f)).mode & 0o777).toBe(0o640);
    await conn.put(f, "two 'quoted'\n");
    expect(await fs.readFile(f, 'utf8')).toBe("two 'quoted'\n");
    expect((await fs.stat(f)).mode & 0o777).toBe(0o640);
    expect((await conn.get(f)).toString()).toBe("two 'quoted'\n");
    expect((await fs.readdir(dir)).filter((n) => n.includes('machinist'))).toEqual([]);
    await expect(conn.get(path.join(dir, 'missing'))).rejects.toThrow(/reading .* in web1 failed/);
  });

  it('reports a machine that is not running as unreachable', async () => {
    parent.leader = undefined;
    try {
      const e = await conn.exec('true').catch((x) => x);
      expect(e).toBeInstanceOf(UnreachableError);
      expect(e.message).toBe('machine web1 is not running on h1');
    } finally {
      parent.leader = String(process.pid);
    }
  });

  it('refuses bad put arguments before running anything', async () => {
    const n = parent.seen.length;
    await expect(conn.put('relative/file', 'x')).rejects.toThrow(/absolute file path/);
    await expect(conn.put('/tmp/x', 'x', { mode: '0644; reboot' })).rejects.toThrow(/invalid mode/);
    await expect(conn.put('/tmp/x', 'x', { owner: 'a b' })).rejects.toThrow(/invalid owner/);
    expect(parent.seen.length).toBe(n);
  });

  it('detects guests that name each other as their host', async () => {
    let a: NspawnConnection;
    const b = new NspawnConnection(guestSpec('g2', 'g1'), () => ({ conn: a, spec: guestSpec('g1', 'g2') }));
    a = new NspawnConnection(guestSpec('g1', 'g2'), () => ({ conn: b, spec: guestSpec('g2', 'g1') }));
    await expect(a.exec('true')).rejects.toThrow(/g1 → g2 → g1: guests reach each other/);
  });
});

describe('guest connection details', () => {
  it('needs sudo on the host only when the parent logs in as another user than root', () => {
    expect(hostBecomeFor(hostSpec('root'))).toBeNull();
    expect(hostBecomeFor(hostSpec('admin'))).toEqual({ user: 'root' });
    expect(hostBecomeFor({ ...hostSpec('admin'), become: { user: 'root', password: 'pw' } })).toEqual({ user: 'root', password: 'pw' });
    expect(hostBecomeFor(guestSpec())).toBeNull();
  });

  it('builds the put script from quoted values only', () => {
    const s = guestPutScript("/etc/it's here", 12, { mode: '0600', owner: 'root', group: 'adm' });
    expect(s).toContain(`mv -f -- "$t" '/etc/it'\\''s here'`);
    expect(s).toContain('chmod 0600 "$t"');
    expect(s).toContain('chown root:adm "$t"');
    expect(s).toMatch(/^_mxp='\/etc\/\.it'\\''s here\.machinist-'; /);
    expect(s).toContain('[ $_mxn -eq 12 ]');
  });

  it('runs a become user through runuser inside the guest, not through sudo on the host', async () => {
    const host = scriptedConnection(() => '');
    const seen = host.commands;
    const parent: GuestParent = { spec: hostSpec(), conn: host };
    const c = new NspawnConnection(guestSpec(), () => parent);
    await c.exec('id', { become: { user: 'postgres' } });
    expect(seen[0]).toContain('runuser -u postgres');
    expect(seen[0]).not.toMatch(/^sudo/m);
  });
});
