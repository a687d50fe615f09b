import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nspawnSchema } from '../../../../../src/modules/nspawn/settings/settings-schema.js';
import { nspawnFileText, planNspawn, privateUsersWarning } from '../../../../../src/modules/nspawn/settings/nspawn.js';
import { fakeContext } from '../../../../helpers/module-context.js';

interface Host {
  file?: { text: string; mtime: number };
  untrusted?: boolean;
  image?: { uid: number };
  active?: boolean;
  /** monotonic start of the unit (s); the host booted 1000 s before now = 2000 */
  startedAt?: number;
}

function stat(kind: 'file' | 'dir', uid: number, mtime: number, size: number): string {
  return `stat ${kind === 'file' ? '81a4' : '41ed'} ${uid} ${uid} ${size} ${mtime} ${mtime} ${mtime} 1 39 1 root root`;
}

function probeOut(h: Host): string {
  const l = ['env 0 0 0022 root root', '@ 0'];
  if (h.file) {
    const b = Buffer.from(h.file.text);
    l.push(stat('file', 0, h.file.mtime, b.length), `sum ${createHash('sha256').update(b).digest('hex')}`, `data ${b.toString('base64')}`);
  } else l.push('absent');
  l.push('@ 1', h.untrusted ? stat('file', 0, 1, 0) : 'absent');
  l.push('@ 2', h.image ? stat('dir', h.image.uid, 1, 4096) : 'absent');
  const start = h.active ? Math.round((h.startedAt ?? 500) * 1e6) : 0;
  l.push(`x unit ActiveState=${h.active ? 'active' : 'inactive'}`, `x unit ExecMainStartTimestampMonotonic=${start}`, `x unit ActiveEnterTimestampMonotonic=${start}`);
  l.push(`x machine ${h.active ? 'running' : ''}`, 'x clock 2000.5 1000.5');
  return l.join('\n') + '\n';
}

/** A host that answers the probe as `h` says and every later command with nothing. */
function fakeCtx(h: Host) {
  const ctx = fakeContext(() => (ctx.commands.length === 1 ? probeOut(h) : ''));
  return { ctx, execs: ctx.commands, puts: ctx.puts, warnings: ctx.warnings };
}

const args = (a: Record<string, unknown>) => nspawnSchema.parse({ name: 'web', ...a });
const WANT = { exec: { Boot: true }, network: { Bridge: 'br0' } };

describe('nspawn module', () => {
  it('creates the file in the trusted location (0644 root) in one probe and one write', async () => {
    const f = fakeCtx({});
    const p = await planNspawn(args(WANT), f.ctx);
    expect(p.changed).toBe(true);
    expect(p.result).toMatchObject({ path: '/etc/systemd/nspawn/web.nspawn', restart_required: false, running: false });
    const diff = Array.isArray(p.diff) ? p.diff : [p.diff];
    expect(diff[0]).toMatchObject({ before: '', after: nspawnFileText(args(WANT)) });
    await p.apply?.();
    expect(f.execs).toHaveLength(2); // probe, mkdir -p of /etc/systemd/nspawn
    expect(f.execs[1]).toMatch(/mkdir -p -- \/etc\/systemd\/nspawn/);
    expect(f.puts).toEqual([{ dest: '/etc/systemd/nspawn/web.nspawn', content: nspawnFileText(args(WANT)), opts: { mode: '0644' } }]); // the probe ran as root: root owns a new file
    expect(f.warnings).toEqual([]);
  });

  it('changes nothing when the file is already right and older than the machine', async () => {
    const f = fakeCtx({ file: { text: nspawnFileText(args(WANT)), mtime: 1400 }, active: true, startedAt: 500 });
    const p = await planNspawn(args(WANT), f.ctx);
    expect(p.changed).toBe(false);
    expect(p.result).toMatchObject({ changed: false, restart_required: false, running: true });
    expect(f.execs).toHaveLength(1);
    expect(f.warnings).toEqual([]);
  });

  it('says a running machine must restart when the file changes', async () => {
    const f = fakeCtx({ file: { text: '# old\n', mtime: 1400 }, active: true, startedAt: 500 });
    const p = await planNspawn(args(WANT), f.ctx);
    expect(p.changed).toBe(true);
    expect(p.result).toMatchObject({ restart_required: true, running: true });
    expect(f.warnings).toEqual(['web is running: it keeps its old settings until it is restarted']);
  });

  it('says so too when an unchanged file is newer than the running machine', async () => {
    // booted at 1000, started at 1000+500 = 1500; file written at 1600
    const f = fakeCtx({ file: { text: nspawnFileText(args(WANT)), mtime: 1600 }, active: true, startedAt: 500 });
    const p = await planNspawn(args(WANT), f.ctx);
    expect(p.changed).toBe(false);
    expect(p.result).toMatchObject({ restart_required: true });
    expect(f.warnings[0]).toMatch(/running with settings older than \/etc\/systemd\/nspawn\/web.nspawn/);
  });

  it('warns that a file beside the image is ignored, or read once ours is removed', async () => {
    const f = fakeCtx({ untrusted: true });
    await planNspawn(args(WANT), f.ctx);
    expect(f.warnings[0]).toMatch(/^\/var\/lib\/machines\/web\.nspawn is ignored/);
    const g = fakeCtx({ untrusted: true, file: { text: 'x', mtime: 1 } });
    await planNspawn(args({ state: 'absent' }), g.ctx);
    expect(g.warnings).toEqual(['/var/lib/machines/web.nspawn exists: without /etc/systemd/nspawn/web.nspawn, systemd-nspawn reads it, but ignores its privileged settings (Bind=, Port=, PrivateUsers=, ...)']);
    const h = fakeCtx({ untrusted: true });
    await planNspawn(args({ state: 'absent' }), h.ctx);
    expect(h.warnings).toEqual([]); // nothing removed: no news
  });

  it('warns about ownership when PrivateUsers is turned off on a shifted image', async () => {
    const f = fakeCtx({ file: { text: '[Exec]\nPrivateUsers=pick\n', mtime: 1 }, image: { uid: 1397096448 } });
    await planNspawn(args({ exec: { PrivateUsers: false } }), f.ctx);
    expect(f.warnings[0]).toMatch(/PrivateUsers is turned off for web, but its image is owned by UID 1397096448/);
    expect(privateUsersWarning(undefined, 'no', { exists: true, uid: 0 }, 'w')).toMatch(/it ran with user namespacing before/);
    expect(privateUsersWarning('no', 'no', { exists: true, uid: 0 }, 'w')).toBeUndefined();
    expect(privateUsersWarning(undefined, 'no', { exists: false }, 'w')).toBeUndefined();
    expect(privateUsersWarning(undefined, 'pick', { exists: true, uid: 5 }, 'w')).toBeUndefined();
  });

  it('state absent removes an existing file, and is unchanged without one', async () => {
    const f = fakeCtx({ file: { text: '[Exec]\nBoot=yes\n', mtime: 1 } });
    const p = await planNspawn(args({ state: 'absent' }), f.ctx);
    expect(p.changed).toBe(true);
    expect(p.diff).toMatchObject({ before: '[Exec]\nBoot=yes\n', after: '' });
    await p.apply?.();
    expect(f.execs[1]).toBe('rm -f -- /etc/systemd/nspawn/web.nspawn');
    const g = fakeCtx({});
    const q = await planNspawn(args({ state: 'absent' }), g.ctx);
    expect(q.changed).toBe(false);
    expect(q.apply).toBeUndefined();
  });
});
