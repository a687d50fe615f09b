import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeHostVerifier, type HostKeyPolicy } from '../../../src/transport/host-key.js';
import { fingerprint } from '../../../src/transport/known-hosts.js';

function edBlob(seed: number): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const b = Buffer.alloc(4 + type.length + 4 + 32);
  b.writeUInt32BE(type.length, 0);
  type.copy(b, 4);
  b.writeUInt32BE(32, 4 + type.length);
  createHash('sha256').update(String(seed)).digest().copy(b, 8 + type.length);
  return b;
}

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-hostkey-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function verify(policy: HostKeyPolicy, files: string[], record: string, key: Buffer, port = 22) {
  const warnings: string[] = [];
  const v = makeHostVerifier({ host: 'web1', port, alias: 'inv-web1', files, recordFile: record, policy, warn: (m) => warnings.push(m) });
  const ok = await new Promise<boolean>((r) => v.verify(key, r));
  return { ok, err: v.failure(), warnings };
}

describe('host key policy', () => {
  it('strict refuses unknown keys with the fingerprint; accept-new records into a new 0600 file', async () => {
    const rec = path.join(dir, 'sub', 'known_hosts');
    const s = await verify('strict', [rec], rec, edBlob(1));
    expect(s.ok).toBe(false);
    expect(s.err?.kind).toBe('hostkey');
    expect(s.err?.message).toContain(fingerprint(edBlob(1)));
    const a = await verify('accept-new', [rec], rec, edBlob(1), 2222);
    expect(a.ok).toBe(true);
    expect(a.warnings[0]).toMatch(/permanently added \[web1\]:2222/);
    expect(await fs.readFile(rec, 'utf8')).toBe(`[web1]:2222 ssh-ed25519 ${edBlob(1).toString('base64')}\n`);
    expect((await fs.stat(rec)).mode & 0o777).toBe(0o600);
    expect((await verify('strict', [rec], rec, edBlob(1), 2222)).ok).toBe(true);
  });

  it('a changed key is refused under every policy and nothing is recorded', async () => {
    const f = path.join(dir, 'changed');
    await fs.writeFile(f, `web1 ssh-ed25519 ${edBlob(1).toString('base64')}`);
    for (const p of ['strict', 'accept-new', 'off'] as const) {
      const r = await verify(p, [f], f, edBlob(2));
      expect(r.ok).toBe(false);
      expect(r.err?.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
      expect(r.err?.message).toContain(`${f}:1`);
    }
    expect(await fs.readFile(f, 'utf8')).toBe(`web1 ssh-ed25519 ${edBlob(1).toString('base64')}`);
  });

  it('the inventory alias is also looked up; @revoked refuses; off warns', async () => {
    const f = path.join(dir, 'alias');
    await fs.writeFile(f, `inv-web1 ssh-ed25519 ${edBlob(3).toString('base64')}\n@revoked * ssh-ed25519 ${edBlob(4).toString('base64')}\n`);
    expect((await verify('strict', [path.join(dir, 'missing'), f], f, edBlob(3))).ok).toBe(true);
    const rv = await verify('off', [f], f, edBlob(4));
    expect(rv.ok).toBe(false);
    expect(rv.err?.message).toMatch(/revoked/);
    const off = await verify('off', [], f, edBlob(5));
    expect(off.ok).toBe(true);
    expect(off.warnings[0]).toMatch(/host key checking is off/);
  });
});
