/** put/get over a real sshd: atomic temp + rename, mode/owner, big files, become, no leftovers. */
import { randomBytes, createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sh } from '../../../src/util/quote.js';
import type { Ssh2Connection } from '../../../src/transport/ssh.js';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { connect } from './helpers.js';

const reason = skipReason();
const BECOME_PW = `pw-${randomBytes(4).toString('hex')}`;

describe.skipIf(!!reason)(`ssh put/get against a real sshd${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let sshd: Sshd;
  let root: Ssh2Connection;
  let user: Ssh2Connection;
  let dir: string;
  const uname = `mtfiles${process.pid % 10000}`;

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser(uname, { password: BECOME_PW, sudo: true });
    root = connect(sshd);
    user = connect(sshd, { user: uname });
    dir = (await root.exec('mktemp -d /tmp/machinist-files-XXXXXX')).stdout.trim();
    await root.exec(sh`chmod 755 ${dir}`);
  });
  afterAll(async () => {
    if (dir) await root?.exec(sh`rm -rf ${dir}`).catch(() => undefined);
    await root?.close();
    await user?.close();
    await sshd?.stop();
  });

  it('writes a new file and replaces an existing one, leaving no temp file', async () => {
    const f = `${dir}/plain.txt`;
    await root.put(f, 'first\n');
    expect((await root.get(f)).toString()).toBe('first\n');
    await root.put(f, Buffer.from('second\n'));
    expect((await root.get(f)).toString()).toBe('second\n');
    const ls = await root.exec(sh`ls -A ${dir}`);
    expect(ls.stdout.split('\n').filter((n) => n.includes('machinist'))).toEqual([]);
  });

  it('replaces atomically: a reader never sees a partial file (inode changes by rename)', async () => {
    const f = `${dir}/atomic.txt`;
    await root.put(f, 'old\n');
    const before = (await root.exec(sh`stat -c %i ${f}`)).stdout.trim();
    await root.put(f, 'new\n');
    const after = (await root.exec(sh`stat -c %i ${f}`)).stdout.trim();
    expect(after).not.toBe(before);
    expect((await root.get(f)).toString()).toBe('new\n');
  });

  it('applies mode, owner and group before the rename; keeps the mode of an existing file otherwise', async () => {
    const f = `${dir}/owned.conf`;
    await root.put(f, 'x=1\n', { mode: '0640', owner: uname, group: 'root' });
    expect((await root.exec(sh`stat -c '%a %U %G' ${f}`)).stdout.trim()).toBe(`640 ${uname} root`);
    await root.put(f, 'x=2\n');
    expect((await root.exec(sh`stat -c '%a %U %G' ${f}`)).stdout.trim()).toBe(`640 ${uname} root`);
    const fresh = `${dir}/fresh.txt`;
    await root.put(fresh, 'new\n');
    expect((await root.exec(sh`stat -c '%a' ${fresh}`)).stdout.trim()).toBe('644');
    await expect(root.put(f, 'x', { mode: '-rf /' })).rejects.toThrow(/invalid mode/);
    await expect(root.put(f, 'x', { owner: 'bad name' })).rejects.toThrow(/invalid owner/);
  });

  it('puts and gets a 5 MB file from a stream intact', async () => {
    const data = randomBytes(5 * 1024 * 1024);
    const f = `${dir}/big.bin`;
    const t0 = Date.now();
    await root.put(f, Readable.from([data.subarray(0, 1 << 20), data.subarray(1 << 20)]));
    const sum = (await root.exec(sh`sha256sum ${f}`)).stdout.split(' ')[0];
    expect(sum).toBe(createHash('sha256').update(data).digest('hex'));
    const back = await root.get(f);
    expect(back.equals(data)).toBe(true);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it('get of a missing file rejects with ENOENT', async () => {
    await expect(root.get(`${dir}/missing`)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('with become: a sudo user writes a root-owned file atomically and reads it back', async () => {
    const f = `${dir}/root-only.conf`;
    const become = { user: 'root', password: BECOME_PW };
    await expect(user.put(f, 'nope\n')).rejects.toThrow();
    await user.put(f, 'secret=1\n', { mode: '0600', become });
    expect((await root.exec(sh`stat -c '%a %U' ${f}`)).stdout.trim()).toBe('600 root');
    expect((await user.get(f, { become })).toString()).toBe('secret=1\n');
    await expect(user.get(f)).rejects.toThrow();
    // The staging file in /tmp is gone.
    const left = await root.exec(`ls -A /tmp | grep -c '^\\.machinist-' || true`);
    expect(left.stdout.trim()).toBe('0');
  });

  it('with become to a non-root user: content via stdin, owned by that user', async () => {
    const f = `/home/${uname}/mine.txt`;
    await root.put(f, 'by root\n', { become: { user: uname } });
    expect((await root.exec(sh`stat -c '%U' ${f}`)).stdout.trim()).toBe(uname);
    expect((await root.get(f)).toString()).toBe('by root\n');
  });
});
