import { describe, expect, it } from 'vitest';
import { bootstrapCommand, debootstrapSchema, includeList, layoutOf, type DebootstrapArgs } from '../../../../../src/modules/nspawn/debootstrap/debootstrap-args.js';
import { decide, describe as describeImage, missingTool, parseDebootstrapProbe, resolve } from '../../../../../src/modules/nspawn/debootstrap/debootstrap-state.js';
import { buildScript, removePartialScript } from '../../../../../src/modules/nspawn/debootstrap/debootstrap.js';
import { fixtures } from '../../../../helpers/fixtures.js';

const fx = fixtures('modules/nspawn');
const args = (a: Record<string, unknown>): DebootstrapArgs => debootstrapSchema.parse(a);

describe('debootstrap arguments', () => {
  it('exactly one of name and dest; names and paths checked', () => {
    expect(debootstrapSchema.safeParse({ name: 'web1' }).success).toBe(true);
    expect(debootstrapSchema.safeParse({ dest: '/srv/images/web1' }).success).toBe(true);
    expect(debootstrapSchema.safeParse({}).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'a', dest: '/srv/a' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'bad_name' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ dest: 'relative/x' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ dest: '/srv/../etc' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ dest: '/' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ dest: "/srv/a b'; rm -rf /" }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'a', mirror: 'http://x/debian; reboot' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'a', mirror: 'gopher://x' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'a', include: ['vim', 'rm -rf'] }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'a', suite: 'bookworm;id' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'a', variant: 'tiny' }).success).toBe(false);
    expect(debootstrapSchema.safeParse({ name: 'a', unknown: 1 }).success).toBe(false);
  });
  it('defaults; lists also as comma strings', () => {
    const a = args({ name: 'web1', include: 'vim,less curl' });
    expect(a.variant).toBe('minbase');
    expect(a.include).toEqual(['vim', 'less', 'curl']);
    expect(a.exclude).toEqual([]);
  });
  it('layout: hidden partial dir, lock and log beside the image', () => {
    expect(layoutOf({ name: 'web1' })).toEqual({
      dest: '/var/lib/machines/web1',
      parent: '/var/lib/machines',
      base: 'web1',
      partial: '/var/lib/machines/.web1.partial',
      lock: '/var/lib/machines/.web1.lock',
      log: '/var/lib/machines/.web1.partial.log',
    });
    expect(layoutOf({ dest: '/srv/img/' }).partial).toBe('/srv/.img.partial');
    expect(layoutOf({ dest: '/top' })).toMatchObject({ parent: '/', partial: '/.top.partial' });
  });
  it('boot packages always included unless excluded; none for arch', () => {
    expect(includeList({ include: ['vim'], exclude: [] }, 'debian')).toEqual(['vim', 'systemd', 'dbus', 'systemd-sysv']);
    expect(includeList({ include: ['dbus'], exclude: ['systemd-sysv'] }, 'ubuntu')).toEqual(['dbus', 'systemd']);
    expect(includeList({ include: [], exclude: [] }, 'arch')).toEqual([]);
  });
  it('command: options joined, values quoted, no variant flag for default', () => {
    const a = args({ name: 'w', include: ['vim'], exclude: ['nano'], components: ['main', 'contrib'], arch: 'arm64', keyring: '/etc/k ring.gpg' });
    const r = { distribution: 'debian' as const, suite: 'bookworm', mirror: 'http://m/debian', variant: a.variant, include: includeList(a, 'debian') };
    expect(bootstrapCommand(a, r, '/var/lib/machines/.w.partial')).toBe(
      "debootstrap '--variant=minbase' '--include=vim,systemd,dbus,systemd-sysv' '--exclude=nano' '--components=main,contrib' '--arch=arm64' '--keyring=/etc/k ring.gpg' bookworm /var/lib/machines/.w.partial http://m/debian",
    );
    const d = args({ name: 'w', variant: 'default', exclude: ['systemd', 'dbus', 'systemd-sysv'] });
    expect(bootstrapCommand(d, { ...r, variant: 'default', include: includeList(d, 'debian') }, '/x')).toBe("debootstrap '--exclude=systemd,dbus,systemd-sysv' bookworm /x http://m/debian");
    const arch = args({ name: 'w', distribution: 'arch', include: ['vim'] });
    expect(bootstrapCommand(arch, { distribution: 'arch', suite: 'arch', mirror: '', variant: 'minbase', include: [] }, '/p')).toBe('pacstrap -c /p base vim');
  });
});

describe('debootstrap state and decisions', () => {
  const exists = parseDebootstrapProbe(fx('images-probe-deb-exists.txt'));
  const partial = parseDebootstrapProbe(fx('images-probe-deb-partial.txt'));

  it('probe of a lab host: release, proxy mirror from its sources, tools, the image and its machine-id', () => {
    expect(exists).toMatchObject({ osId: 'debian', codename: 'bookworm', partial: false, lockHeld: false, machinesDir: '700 root root' });
    expect(exists.existing).toEqual(['/var/lib/machines/g1']);
    expect(exists.machineId).toMatch(/^[0-9a-f]{32}$/);
    expect([...exists.tools].sort()).toEqual(['debootstrap', 'flock']);
    expect(partial.existing).toEqual([]);
    expect(partial.partial).toBe(true);
    expect(partial.machineId).toBeUndefined();
  });
  it('suite and mirror default to the host; Ubuntu suites to the Ubuntu archive', () => {
    const r = resolve(args({ name: 'g' }), partial);
    expect(r).toMatchObject({ distribution: 'debian', suite: 'bookworm', mirror: 'http://10.213.27.1:3142/deb.debian.org/debian' });
    expect(resolve(args({ name: 'g', suite: 'noble' }), partial)).toMatchObject({ distribution: 'ubuntu', mirror: 'http://archive.ubuntu.com/ubuntu' });
    expect(resolve(args({ name: 'g', mirror: 'http://m/debian' }), partial)).toMatchObject({ mirror: 'http://m/debian' });
    expect(resolve(args({ name: 'g' }), { ...partial, codename: '' })).toHaveProperty('error');
  });
  it('complete → nothing; partial → remove and redo; absent → bootstrap; a wrong machines dir is fixed', () => {
    const l = layoutOf({ name: 'g1' });
    expect(decide(l, exists)).toEqual({ action: 'none', fixDir: false });
    expect(decide(layoutOf({ name: 'g3' }), partial)).toEqual({ action: 'bootstrap', removePartial: true, waitLock: false, fixDir: false });
    expect(decide(layoutOf({ name: 'g3' }), { ...partial, partial: false, machinesDir: '' })).toEqual({ action: 'bootstrap', removePartial: false, waitLock: false, fixDir: true });
    expect(decide(l, { ...exists, machinesDir: '755 root root' })).toEqual({ action: 'none', fixDir: true });
    // a dest outside /var/lib/machines does not touch its permissions
    expect(decide(layoutOf({ dest: '/srv/x' }), { ...partial, machinesDir: '' })).toMatchObject({ fixDir: false });
    // a raw image of that name counts as existing
    expect(decide(l, { ...exists, existing: ['/var/lib/machines/g1.raw'] }).action).toBe('none');
  });
  it('diff describes the image; a leftover partial dir and a held lock are said', () => {
    const l = layoutOf({ name: 'g3' });
    const r = resolve(args({ name: 'g3' }), partial) as Exclude<ReturnType<typeof resolve>, { error: string }>;
    const d = describeImage(l, r, decide(l, { ...partial, partial: false }));
    expect(d).toEqual({ before: 'absent\n', after: 'debootstrap bookworm minbase from http://10.213.27.1:3142/deb.debian.org/debian into /var/lib/machines/g3\n' });
    const p = describeImage(l, r, decide(l, { ...partial, lockHeld: true }));
    expect(p.before).toContain('partial bootstrap is left over in /var/lib/machines/.g3.partial');
    expect(p.after).toContain('still running');
  });
  it('missing tools are named with their package', () => {
    const r = resolve(args({ name: 'g' }), partial) as Exclude<ReturnType<typeof resolve>, { error: string }>;
    expect(missingTool(r, { tools: new Set(['flock']) })).toMatch(/debootstrap is not installed.*install the debootstrap package/);
    expect(missingTool(r, partial)).toBeUndefined();
    const arch = resolve(args({ name: 'g', distribution: 'arch' }), partial) as Exclude<ReturnType<typeof resolve>, { error: string }>;
    expect(missingTool(arch, partial)).toBe('pacstrap is not installed on this host; install arch-install-scripts');
  });
  it('build script: lock, re-check under the lock, unmount + remove a leftover, machine-id before the rename', () => {
    const a = args({ name: 'g3' });
    const l = layoutOf(a);
    const r = resolve(a, partial) as Exclude<ReturnType<typeof resolve>, { error: string }>;
    const s = buildScript(a, r, l, true);
    const at = (t: string) => {
      const i = s.indexOf(t);
      expect(i, t).toBeGreaterThanOrEqual(0);
      return i;
    };
    expect(at('chmod 0700 /var/lib/machines')).toBeLessThan(at('flock -w 3600 9'));
    expect(at('flock -w 3600 9')).toBeLessThan(at('if [ -e /var/lib/machines/g3 ]'));
    expect(at('rm -rf --one-file-system /var/lib/machines/.g3.partial')).toBeLessThan(at('debootstrap '));
    expect(at('debootstrap ')).toBeLessThan(at('/proc/sys/kernel/random/uuid'));
    expect(at('/proc/sys/kernel/random/uuid')).toBeLessThan(at('mv -T /var/lib/machines/.g3.partial /var/lib/machines/g3'));
    expect(removePartialScript('/var/lib/machines/.g3.partial')).toContain("awk -v p=/var/lib/machines/.g3.partial/ 'index($5, p) == 1");
  });
});
