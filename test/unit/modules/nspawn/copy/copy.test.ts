import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDiff, copyProbe, decideCopy, machineCopySchema, parseCopyProbe, parseFileReport, type CopyState, type MachineCopyArgs } from '../../../../../src/modules/nspawn/copy/copy-state.js';
import { ancestors, copyScript, mkdirScript } from '../../../../../src/modules/nspawn/copy/copy.js';
import { GUEST_RESOLVE } from '../../../../../src/modules/nspawn/copy/copy-resolve.js';
import { fixtures } from '../../../../helpers/fixtures.js';
import { bootMarker } from '../../../../../src/util/temp-files.js';

const fx = fixtures('modules/nspawn');
const args = (a: Record<string, unknown>): MachineCopyArgs => machineCopySchema.parse(a);

describe('machine_copy arguments', () => {
  it('absolute file paths, a machine name, direction to|from', () => {
    expect(args({ name: 'g', src: '/a', dest: '/etc/b' })).toMatchObject({ direction: 'to', mkdir: false });
    expect(machineCopySchema.safeParse({ name: 'g', src: 'a', dest: '/b' }).success).toBe(false);
    expect(machineCopySchema.safeParse({ name: 'g', src: '/a', dest: '/etc/' }).success).toBe(false);
    expect(machineCopySchema.safeParse({ name: 'g', src: '/a', dest: '/etc/../../x' }).success).toBe(false);
    expect(machineCopySchema.safeParse({ name: '.host', src: '/a', dest: '/b' }).success).toBe(false);
    expect(machineCopySchema.safeParse({ name: 'g', src: '/a', dest: '/b', direction: 'both' }).success).toBe(false);
    expect(args({ name: 'g', src: '/a', dest: '/b', mkdir: 'yes' }).mkdir).toBe(true);
  });
});

describe('machine_copy probe and decisions', () => {
  const st = parseCopyProbe(fx('images-probe-copy.txt'));
  const a = args({ name: 'g2', src: '/root/hello.txt', dest: '/etc/hello/hello.txt' });

  it('probe of a lab host: stopped user-namespaced image, both files with checksums and contents', () => {
    expect(st.machine).toEqual({ kind: 'stopped', root: '/var/lib/machines/g2' });
    expect(st.owner).toEqual({ uid: 1112014848, gid: 1112014848 });
    expect(st.host).toMatchObject({ kind: 'file', size: 8, mode: '0644', uid: 0 });
    expect(st.guest.uid).toBe(1112014848);
    expect(st.guest.sha256).toBe(st.host.sha256);
    expect(st.host.content?.toString()).toBe('changed\n');
    expect(parseCopyProbe('@@mx machine\nrunning 7855\n@@mx guest\nabsent\n').machine).toEqual({ kind: 'running', leader: 7855, root: '/proc/7855/root' });
    expect(parseFileReport('notfile')).toEqual({ kind: 'notfile' });
  });
  it('equal checksums → unchanged; different or absent → copy', () => {
    expect(decideCopy(a, st)).toEqual({ changed: false });
    expect(decideCopy(a, { ...st, guest: { kind: 'absent' } })).toEqual({ changed: true, mkdir: false });
    expect(decideCopy(a, { ...st, guest: { ...st.guest, sha256: 'f'.repeat(64) } })).toEqual({ changed: true, mkdir: false });
    const from = args({ name: 'g2', src: '/etc/hello/hello.txt', dest: '/root/hello.txt', direction: 'from' });
    expect(decideCopy(from, st)).toEqual({ changed: false });
    expect(decideCopy(from, { ...st, host: { kind: 'absent' } })).toEqual({ changed: true, mkdir: false });
  });
  it('clear failures: no machine, raw image, missing source, directory, missing parent without mkdir', () => {
    expect(decideCopy(a, { ...st, machine: { kind: 'missing' } })).toEqual({ error: 'there is no machine or image g2' });
    expect(decideCopy(a, { ...st, machine: { kind: 'raw', path: '/var/lib/machines/g2.raw' } })).toHaveProperty('error');
    expect(decideCopy(a, { ...st, host: { kind: 'absent' } })).toEqual({ error: '/root/hello.txt does not exist on the host' });
    expect(decideCopy(a, { ...st, host: { kind: 'notfile' } })).toHaveProperty('error');
    expect(decideCopy(a, { ...st, guest: { kind: 'notfile' } })).toHaveProperty('error');
    const missingDir: CopyState = { ...st, guest: { kind: 'absent' }, guestDir: false };
    expect(decideCopy(a, missingDir)).toEqual({ error: 'the directory /etc/hello does not exist in g2 (set mkdir: true to create it)' });
    expect(decideCopy({ ...a, mkdir: true }, missingDir)).toEqual({ changed: true, mkdir: true });
  });
  it('diff: text when small text, else checksums', () => {
    const changed: CopyState = { ...st, guest: { kind: 'file', size: 4, sha256: 'a'.repeat(64), content: Buffer.from('old\n') } };
    expect(copyDiff(a, changed)).toEqual({ before: 'old\n', after: 'changed\n', before_header: 'g2:/etc/hello/hello.txt', after_header: 'g2:/etc/hello/hello.txt' });
    const binary: CopyState = { ...changed, host: { ...st.host, content: Buffer.from([0, 1, 2]) } };
    expect(copyDiff(a, binary).after).toBe(`sha256:${st.host.sha256} (8 bytes)\n`);
    expect(copyDiff(a, { ...st, guest: { kind: 'absent' } }).before).toBe('');
  });
  it('scripts: running machines through machinectl and a rename, stopped ones with the UID shift', () => {
    const running = copyScript(a, { ...st, machine: { kind: 'running', leader: 77, root: '/proc/77/root' } }, false);
    // machinectl copies symlinks as symlinks: it is given both sides resolved
    expect(running).toContain('hs=$(realpath -e /root/hello.txt) && gd=$(mx_resolve /proc/77/root /etc/hello) || exit 1');
    expect(running).toContain('machinectl copy-to g2 "$hs" "${gd%/}/$t"');
    expect(running).toContain('_mxp=.hello.txt.machinist-;');
    const runningFrom = copyScript(args({ name: 'g2', src: '/etc/x', dest: '/root/x', direction: 'from' }), { ...st, machine: { kind: 'running', leader: 77, root: '/proc/77/root' } }, false);
    expect(runningFrom).toContain('gs=$(mx_resolve /proc/77/root /etc/x) || exit 1\nmachinectl copy-from g2 "$gs" "$t"');
    expect(runningFrom).toContain('_mxp=/root/.x.machinist-;');
    expect(runningFrom).toContain('if [ -L "$t" ] || [ ! -f "$t" ]');
    expect(running).toContain('gd=$(mx_resolve /proc/77/root /etc/hello) && cd /proc/77/root"$gd"');
    expect(running).toContain('mv -f -- "$t" ./hello.txt');
    const stopped = copyScript(a, st, false);
    expect(stopped).toContain('chown 1112014848:1112014848');
    expect(stopped).toContain('gd=$(mx_resolve /var/lib/machines/g2 /etc/hello)');
    const from = copyScript(args({ name: 'g2', src: '/etc/x', dest: '/root/x', direction: 'from' }), st, false);
    expect(from).toContain('chown 0:0');
    expect(ancestors('/a/b/c')).toEqual(['/a', '/a/b', '/a/b/c']);
    expect(ancestors('/')).toEqual([]);
  });
});

describe('machine_copy in a real image tree with a hostile guest (absolute symlinks out of the image)', () => {
  let dir = '';
  let root = '';
  const uid = process.getuid!();
  const gid = process.getgid!();
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = '';
  });
  /** dir/host stands for the host's /: the guest links /etc/secret and /opt to absolute paths that exist there. */
  function tree() {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mx-copy-'));
    root = path.join(dir, 'img');
    for (const d of ['img/etc', 'img/root', 'host']) mkdirSync(path.join(dir, d), { recursive: true });
    writeFileSync(path.join(dir, 'host/secret'), 'HOST\n');
    writeFileSync(path.join(root, 'root/secret'), 'guest\n');
    const hostDir = path.join(dir, 'host');
    // what the guest points at, as absolute paths of the host (as a guest could plant them)
    symlinkSync(path.join(hostDir, 'secret'), path.join(root, 'etc/hostlink'));
    symlinkSync('/root/secret', path.join(root, 'etc/secret'));
    symlinkSync(hostDir, path.join(root, 'opt'));
    mkdirSync(path.join(root, hostDir), { recursive: true });
  }
  const sh = (script: string) => execFileSync('/bin/sh', ['-c', script], { encoding: 'utf8', stdio: 'pipe' });
  const stopped = (): CopyState => ({
    machine: { kind: 'stopped', root },
    owner: { uid, gid },
    host: { kind: 'file' },
    hostDir: true,
    guest: { kind: 'absent' },
    guestDir: true,
  });

  it('mx_resolve follows links as the guest does: absolute ones restart at the guest root, .. stops there', () => {
    tree();
    symlinkSync('../usr/lib/os-release', path.join(root, 'etc/os-release'));
    symlinkSync('../../../../..', path.join(root, 'etc/up'));
    symlinkSync('loop2', path.join(root, 'loop1'));
    symlinkSync('loop1', path.join(root, 'loop2'));
    const r = (p: string) => sh(`${GUEST_RESOLVE}\nmx_resolve ${root} ${p}`).trim();
    expect(r('/etc/secret')).toBe('/root/secret');
    expect(r('/etc/os-release')).toBe('/usr/lib/os-release');
    expect(r('/etc/up/etc/./secret')).toBe('/root/secret');
    expect(r('/opt/x')).toBe(path.join(dir, 'host/x'));
    expect(r('/')).toBe('/');
    expect(r('/missing/a/b')).toBe('/missing/a/b');
    expect(() => sh(`${GUEST_RESOLVE}\nmx_resolve ${root} /loop1/x`)).toThrow(/too many levels/);
  });
  it('copying from a stopped image copies the guest file a link points at, never the host file', () => {
    tree();
    const out = path.join(dir, 'out');
    sh(copyScript(args({ name: 'g', src: '/etc/secret', dest: out, direction: 'from' }), stopped(), false).replace(/chown 0:0/, `chown ${uid}:${gid}`));
    expect(readFileSync(out, 'utf8')).toBe('guest\n');
    // a link to the host's absolute path of the secret resolves inside the image, where it is missing
    expect(() => sh(copyScript(args({ name: 'g', src: '/etc/hostlink', dest: out + '2', direction: 'from' }), stopped(), false))).toThrow();
    expect(existsSync(out + '2')).toBe(false);
  });
  it('copying to, and mkdir in, a stopped image through a guest link stays inside the image', () => {
    tree();
    const src = path.join(dir, 'src.txt');
    writeFileSync(src, 'new\n');
    sh(copyScript(args({ name: 'g', src, dest: '/opt/sub/f.txt', mkdir: true }), stopped(), true));
    expect(existsSync(path.join(dir, 'host/sub'))).toBe(false);
    expect(readFileSync(path.join(root, dir, 'host/sub/f.txt'), 'utf8')).toBe('new\n');
    sh(`${GUEST_RESOLVE}\n${mkdirScript(root, '/opt/a/b', uid, gid)}`);
    expect(existsSync(path.join(dir, 'host/a'))).toBe(false);
    expect(existsSync(path.join(root, dir, 'host/a/b'))).toBe(true);
  });
  it('a copy lands through a temporary of the one naming: stale ones beside the destination go, a running writer\'s stay', () => {
    tree();
    const boot = bootMarker(readFileSync('/proc/sys/kernel/random/boot_id', 'utf8'));
    const src = path.join(dir, 'src.txt');
    writeFileSync(src, 'new\n');
    const cases = [
      { a: args({ name: 'g', src, dest: '/etc/f.txt' }), destDir: path.join(root, 'etc'), dest: path.join(root, 'etc/f.txt') },
      { a: args({ name: 'g', src: '/root/secret', dest: path.join(dir, 'out.txt'), direction: 'from' }), destDir: dir, dest: path.join(dir, 'out.txt') },
    ];
    for (const c of cases) {
      const base = path.basename(c.dest);
      const stale = `.${base}.machinist-${boot}-999999999-0a1b2c3d`;
      const live = `.${base}.machinist-${boot}-${process.pid}-0a1b2c3d`;
      for (const n of [stale, live]) writeFileSync(path.join(c.destDir, n), 'x');
      sh(copyScript(c.a, stopped(), false).replace(/chown 0:0/, `chown ${uid}:${gid}`));
      expect(readFileSync(c.dest, 'utf8')).toBe(c.a.direction === 'to' ? 'new\n' : 'guest\n');
      const left = readdirSync(c.destDir).filter((n) => n.startsWith(`.${base}.`));
      expect(left).toEqual([live]);
    }
  });
  it('the probe reads the guest file at its guest-resolved path', () => {
    const p = copyProbe(args({ name: 'g', src: '/etc/secret', dest: '/tmp/x', direction: 'from' }), false);
    expect(p).toContain('mx_resolve() {');
    expect(p).toContain('gp=$(mx_resolve "$root" /etc/secret) || exit 1');
    expect(p).toContain('f="$root$gp"');
  });
});
