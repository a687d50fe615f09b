import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { copyDiff, decideCopy, machineCopySchema, parseCopyProbe, parseFileReport, type CopyState, type MachineCopyArgs } from '../../../../src/modules/nspawn/copy-state.js';
import { ancestors, copyScript, mkdirScript } from '../../../../src/modules/nspawn/copy.js';

const fx = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
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
    expect(running).toMatch(/machinectl copy-to g2 \/root\/hello.txt \/etc\/hello\/\.mx-[0-9a-f]{8}-hello\.txt/);
    expect(running).toMatch(/mv -f \/proc\/77\/root\/etc\/hello\/\.mx-[0-9a-f]{8}-hello\.txt \/proc\/77\/root\/etc\/hello\/hello\.txt/);
    const stopped = copyScript(a, st, false);
    expect(stopped).toContain('chown 1112014848:1112014848');
    expect(stopped).toContain('realpath -e /var/lib/machines/g2/etc/hello');
    const from = copyScript(args({ name: 'g2', src: '/etc/x', dest: '/root/x', direction: 'from' }), st, false);
    expect(from).toContain('chown 0:0');
    expect(ancestors('/a/b/c')).toEqual(['/a', '/a/b', '/a/b/c']);
    expect(ancestors('/')).toEqual([]);
  });
});

describe('machine_copy mkdir in a real tree', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });
  it('creates missing levels and refuses to follow a symlink out of the image', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mx-copy-'));
    const root = path.join(dir, 'img');
    mkdirSync(path.join(root, 'etc'), { recursive: true });
    const uid = process.getuid!();
    const gid = process.getgid!();
    execFileSync('/bin/sh', ['-c', mkdirScript(root, '/etc/a/b', uid, gid, true)]);
    expect(existsSync(path.join(root, 'etc/a/b'))).toBe(true);
    mkdirSync(path.join(dir, 'host'));
    symlinkSync(path.join(dir, 'host'), path.join(root, 'escape'));
    expect(() => execFileSync('/bin/sh', ['-c', mkdirScript(root, '/escape/x', uid, gid, true)], { stdio: 'pipe' })).toThrow(/resolves outside the image/);
    expect(existsSync(path.join(dir, 'host/x'))).toBe(false);
  });
});
