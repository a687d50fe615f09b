import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ssh2 from 'ssh2';
import { labPaths, type LabPaths } from '../../../src/lab/config.js';
import { ensureKey, listLabs, lockLab, readState, writeState } from '../../../src/lab/state.js';

let tmp: string;
let paths: LabPaths;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'lab-state-'));
  env = { MACHINIST_LAB_DIR: path.join(tmp, 'labs'), MACHINIST_LAB_CACHE: path.join(tmp, 'cache') };
  paths = labPaths('t1', env);
  await fs.mkdir(paths.dir, { recursive: true });
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('lab state files', () => {
  it('writes and reads state.json, and lists labs that have one', async () => {
    expect(await readState(paths)).toBeUndefined();
    const s = { name: 't1', prefix: '10.213.9', suite: 'bookworm', bridge: 'mlab-t1', createdAt: 'now' };
    await writeState(paths, s);
    expect(await readState(paths)).toEqual(s);
    await fs.mkdir(labPaths('t2', env).dir, { recursive: true }); // no state: not a lab
    expect(await listLabs(env)).toEqual(['t1']);
  });

  it('makes the lab key once, private to root, in a format ssh2 reads', async () => {
    const k1 = await ensureKey(paths, 't1');
    const k2 = await ensureKey(paths, 't1');
    expect(k2).toEqual(k1);
    expect(k1.publicKey).toMatch(/^ssh-ed25519 \S+ machinist-lab-t1$/);
    expect((await fs.stat(paths.key)).mode & 0o777).toBe(0o600);
    const parsed = ssh2.utils.parseKey(k1.privateKey);
    expect(parsed instanceof Error).toBe(false);
  });

  it('always makes keys that parse (ssh2 sometimes generates one that does not), and replaces a broken one', async () => {
    for (let i = 0; i < 400; i++) {
      await fs.rm(paths.key, { force: true });
      const k = await ensureKey(paths, 't1');
      expect(ssh2.utils.parseKey(k.privateKey) instanceof Error).toBe(false);
    }
    await fs.writeFile(paths.key, '-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n');
    const k = await ensureKey(paths, 't1');
    expect(ssh2.utils.parseKey(k.privateKey) instanceof Error).toBe(false);
  });

  it('refuses a second holder of the lock and takes over a dead one', async () => {
    const release = await lockLab(paths, 't1');
    await expect(lockLab(paths, 't1')).rejects.toThrow(/another machinist lab command \(pid \d+\) is working on lab t1/);
    await release();
    await fs.writeFile(paths.lock, '999999999\n'); // no such process
    const again = await lockLab(paths, 't1');
    expect((await fs.readFile(paths.lock, 'utf8')).trim()).toBe(String(process.pid));
    await again();
    await expect(fs.stat(paths.lock)).rejects.toThrow();
  });
});
