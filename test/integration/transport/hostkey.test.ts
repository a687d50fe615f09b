/** Host key verification against a real sshd: unknown, accept-new, changed, hashed, off. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UnreachableError } from '../../../src/util/errors.js';
import { fingerprint, hashHostName } from '../../../src/transport/known-hosts.js';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { connect } from './helpers.js';

const reason = skipReason();

describe.skipIf(!!reason)(`host keys against a real sshd${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  let other: Sshd;
  let n = 0;
  const file = () => path.join(sshd.dir, `kh-${++n}`);
  const fp = (i: number) => fingerprint(Buffer.from(sshd.hostKeys[i].base64, 'base64'));

  beforeAll(async () => {
    [sshd, other] = await Promise.all([startSshd(), startSshd()]);
  });
  afterAll(async () => {
    await Promise.all([sshd?.stop(), other?.stop()]);
  });

  async function tryConnect(knownHostsFiles: string[], hostKeyChecking: 'strict' | 'accept-new' | 'off', warnings: string[] = []) {
    const c = connect(sshd, { knownHostsFiles, hostKeyChecking }, warnings);
    try {
      await c.connect();
      return (await c.exec('echo in')).stdout;
    } finally {
      await c.close();
    }
  }

  it('refuses an unknown host under strict, naming the key type, the SHA256 fingerprint and the fix', async () => {
    const f = file();
    const err = await tryConnect([f], 'strict').catch((e) => e);
    expect(err).toBeInstanceOf(UnreachableError);
    expect(err.kind).toBe('hostkey');
    expect(err.message).toContain('ssh-ed25519');
    expect(err.message).toContain(fp(0));
    expect(err.message).toMatch(/^\[127\.0\.0\.1\]:\d+: host key is not known/);
    expect(err.message).toContain('--host-key-checking accept-new');
    expect(fp(0)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    await expect(fs.access(f)).rejects.toThrow();
  });

  it('accept-new records the key (0600) and warns; then strict works with that file', async () => {
    const f = file();
    const warnings: string[] = [];
    expect(await tryConnect([f], 'accept-new', warnings)).toBe('in\n');
    const text = await fs.readFile(f, 'utf8');
    expect(text).toBe(`[127.0.0.1]:${sshd.port} ssh-ed25519 ${sshd.hostKeys[0].base64}\n`);
    expect((await fs.stat(f)).mode & 0o777).toBe(0o600);
    expect(warnings.join('\n')).toContain('permanently added');
    expect(await tryConnect([f], 'strict')).toBe('in\n');
  });

  it('refuses a CHANGED key even with accept-new, with both fingerprints and the old entry', async () => {
    const f = file();
    // The other sshd's ed25519 key recorded for this sshd's address: a changed key.
    await fs.writeFile(f, `# comment\n[127.0.0.1]:${sshd.port} ${other.hostKeys[0].type} ${other.hostKeys[0].base64}\n`);
    for (const mode of ['accept-new', 'strict', 'off'] as const) {
      const err = await tryConnect([f], mode).catch((e) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect(err.kind).toBe('hostkey');
      expect(err.message).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
      expect(err.message).toContain(fp(0));
      expect(err.message).toContain(fingerprint(Buffer.from(other.hostKeys[0].base64, 'base64')));
      expect(err.message).toContain(`${f}:2`);
    }
    expect(await fs.readFile(f, 'utf8')).not.toContain(sshd.hostKeys[0].base64);
  });

  it('accepts hashed entries and entries found in any of several files', async () => {
    const f = file();
    await fs.writeFile(f, `${hashHostName(`[127.0.0.1]:${sshd.port}`)} ssh-ed25519 ${sshd.hostKeys[0].base64}\n`);
    expect(await tryConnect([file(), f], 'strict')).toBe('in\n');
  });

  it('off accepts an unknown key with a warning and records nothing', async () => {
    const f = file();
    const warnings: string[] = [];
    expect(await tryConnect([f], 'off', warnings)).toBe('in\n');
    expect(warnings.join('\n')).toContain('host key checking is off');
    await expect(fs.access(f)).rejects.toThrow();
  });
});
