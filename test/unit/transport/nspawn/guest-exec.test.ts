import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asGuestUser, GUEST_UNAVAILABLE_RC, guestExec, parseGuestUnavailable } from '../../../../src/transport/nspawn/guest-exec.js';
import { LocalConnection } from '../../../../src/transport/local.js';
import { fakeGuestTools, type FakeTools } from './fake-guest-tools.js';

const NASTY = `it's "quoted" $HOME \`id\` \\ ; | & * ? [x] $(echo no) \n second line`;

describe('guestExec (the host command, run for real with fake nsenter/systemd-nspawn)', () => {
  let fake: FakeTools;
  const local = new LocalConnection('test');
  beforeAll(async () => {
    fake = await fakeGuestTools();
  });
  afterAll(() => fake.cleanup());

  const run = (name: string, script: string, running: 'require' | 'any', leader: string | undefined, stdin?: string) => {
    const g = guestExec(name, script, { running, hostPath: `${fake.bin}:/usr/bin:/bin`, imageDirs: [path.join(fake.images, 'none'), fake.images] });
    const env = leader ? { FAKE_LEADER: leader } : { FAKE_LEADER: '' };
    return local.exec(g.command, { env, stdin }).then((r) => ({ r, g }));
  };

  it('runs the script in a running machine through nsenter on its leader, text and stdin untouched', async () => {
    const script = `printf '%s|' ${"'" + NASTY.replace(/'/g, `'\\''`) + "'"}; cat; echo "$MACHINIST_GUEST_STATE"; echo to-stderr >&2; exit 3`;
    const { r } = await run('web-1', script, 'require', String(process.pid), 'from stdin\n');
    expect(r.rc).toBe(3);
    expect(r.stdout).toBe(`${NASTY}|from stdin\nrunning\n`);
    expect(r.stderr).toBe('to-stderr\n');
    const calls = await fake.calls();
    expect(calls).toContain('machinectl show web-1 -p Leader --value');
    expect(calls.find((c) => c.startsWith('nsenter'))).toMatch(new RegExp(`^nsenter -t ${process.pid} -a -r -w -- /usr/bin/env -i PATH=\\S+ HOME=/root`));
  });

  it('gives the script a clean environment (nothing of the caller leaks in)', async () => {
    const { r } = await run('web-1', 'env | sort', 'require', String(process.pid));
    const names = r.stdout.trim().split('\n').map((l) => l.split('=')[0]);
    expect(names.filter((n) => n !== 'PWD' && n !== 'SHLVL' && n !== '_')).toEqual(['HOME', 'LOGNAME', 'MACHINIST_GUEST_STATE', 'PATH', 'SHELL', 'USER']);
  });

  it('refuses a stopped machine with a marker when running is required', async () => {
    const { r, g } = await run('web-1', 'echo never', 'require', undefined);
    expect(r.rc).toBe(GUEST_UNAVAILABLE_RC);
    expect(r.stdout).toBe('');
    expect(parseGuestUnavailable(r.rc, r.stderr, g.marker)).toBe('not-running');
    // the same rc and text from the script itself is not taken for the marker of another call
    expect(parseGuestUnavailable(r.rc, r.stderr, 'machinist-guest-0000000000000000')).toBeUndefined();
    expect(parseGuestUnavailable(0, r.stderr, g.marker)).toBeUndefined();
  });

  it('runs a stopped directory image under systemd-nspawn without settings, registration or network setup', async () => {
    await fs.mkdir(path.join(fake.images, 'db1'));
    const { r } = await run('db1', 'echo "$MACHINIST_GUEST_STATE"; cat', 'any', undefined, 'in\n');
    expect(r.rc, r.stderr).toBe(0);
    expect(r.stdout).toBe('stopped\nin\n');
    const call = (await fake.calls()).filter((c) => c.startsWith('systemd-nspawn')).pop()!;
    expect(call).toContain(`-D ${path.join(fake.images, 'db1')} --pipe --as-pid2 --settings=no --register=no --keep-unit`);
    expect(call).toContain('--resolv-conf=off --timezone=off --link-journal=no');
    expect(call).not.toMatch(/--private-network|--network-/);
    const owner = (await fs.stat(path.join(fake.images, 'db1'))).uid;
    expect(call).toContain(owner === 0 ? '--private-users=no' : `--private-users=${owner}:65536`);
  });

  it.skipIf(process.getuid?.() !== 0)('maps a UID-shifted image (owned by the shift base) with --private-users=BASE:65536', async () => {
    const dir = path.join(fake.images, 'shifted');
    await fs.mkdir(dir);
    await fs.chown(dir, 524288, 524288);
    const { r } = await run('shifted', 'true', 'any', undefined);
    expect(r.rc).toBe(0);
    expect((await fake.calls()).filter((c) => c.startsWith('systemd-nspawn')).pop()).toContain('--private-users=524288:65536');
  });

  it('says missing for no image and raw for a raw disk image', async () => {
    const missing = await run('nothere', 'true', 'any', undefined);
    expect(parseGuestUnavailable(missing.r.rc, missing.r.stderr, missing.g.marker)).toBe('missing');
    await fs.writeFile(path.join(fake.images, 'disk.raw'), '');
    const raw = await run('disk', 'true', 'any', undefined);
    expect(parseGuestUnavailable(raw.r.rc, raw.r.stderr, raw.g.marker)).toBe('raw');
  });

  it('refuses invalid machine names before building anything', () => {
    expect(() => guestExec('a;rm -rf /', 'true', { running: 'any' })).toThrow(/invalid machine name/);
    expect(() => guestExec('.host', 'true', { running: 'any' })).toThrow(/host itself/);
    expect(() => guestExec('ok', 'true', { running: 'any', marker: 'bad marker' })).toThrow(/marker/);
  });
});

describe('asGuestUser', () => {
  it('leaves root commands as they are', () => {
    expect(asGuestUser('id -u', 'root')).toBe('id -u');
  });
  it('wraps others in runuser, su or sudo with the text quoted once', () => {
    const w = asGuestUser(`echo 'a b'`, 'www-data');
    expect(w).toContain(`runuser -u www-data -- /bin/sh -c 'echo '\\''a b'\\'''`);
    expect(w).toContain('su -s /bin/sh www-data -c');
    expect(w).toContain('sudo -n -H -u www-data /bin/sh -c');
  });
  it('refuses a user name that is not one', () => {
    expect(() => asGuestUser('true', 'x; reboot')).toThrow(/invalid become user/);
  });
  it.skipIf(process.getuid?.() !== 0)('really runs as the user (as root here)', async () => {
    const r = await new LocalConnection('t').exec(asGuestUser('id -un; cat', 'nobody'), { stdin: 'hi\n' });
    expect(r.stdout).toBe('nobody\nhi\n');
  });
});
