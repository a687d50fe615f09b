/**
 * The hosts' read-only base image: debootstrap (minbase plus what a small Debian server has) through
 * the lab's apt proxy, once per suite, into a partial directory that is renamed into place only when
 * complete, so an interrupted build never looks like a finished image. Per-host identity (machine-id,
 * hostname, network, authorized key, apt sources) is written later into each host's overlay.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { BASE_PACKAGES, LabError } from './config.js';
import { cmdlineOf, run } from './proc.js';

export async function baseExists(base: string): Promise<boolean> {
  return fs.stat(path.join(base, 'usr', 'lib', 'systemd', 'systemd')).then(() => true, () => false);
}

/** Files the base gets after debootstrap (pure; paths relative to the image root). */
export function baseFiles(): Array<{ path: string; content: string; mode?: number }> {
  return [
    {
      // Every host makes its own SSH host keys at first boot (the image ships none).
      path: 'etc/systemd/system/ssh.service.d/machinist-host-keys.conf',
      content: '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n',
    },
    { path: 'etc/machine-id', content: '' },
  ];
}

/** Units masked in the base: apt's daily timers would take the dpkg lock in the middle of a playbook. */
export const MASKED_UNITS = ['apt-daily.timer', 'apt-daily-upgrade.timer'];

export interface BuildOpts {
  base: string;
  suite: string;
  mirror: string;
  log?: (m: string) => void;
}

/** Builds the base unless it exists. Returns true when it was built now. */
export async function ensureBase(o: BuildOpts): Promise<boolean> {
  if (await baseExists(o.base)) return false;
  const log = o.log ?? (() => {});
  const parent = path.dirname(o.base);
  await fs.mkdir(parent, { recursive: true, mode: 0o700 });
  // Leftovers of interrupted builds (same base name, a pid that is gone) go first.
  for (const e of await fs.readdir(parent)) {
    const m = e.startsWith(path.basename(o.base) + '.partial-') ? Number(e.slice(e.lastIndexOf('-') + 1)) : NaN;
    if (Number.isInteger(m) && !(await cmdlineOf(m))) await fs.rm(path.join(parent, e), { recursive: true, force: true });
  }
  const partial = `${o.base}.partial-${process.pid}`;
  log(`building the ${o.suite} base image with debootstrap (once; cached in ${o.base})`);
  try {
    // dpkg without fsync while the image is made (an interrupted build is thrown away anyway).
    const unsafeIo = path.join(partial, 'etc', 'dpkg', 'dpkg.cfg.d', 'machinist-build-unsafe-io');
    await fs.mkdir(path.dirname(unsafeIo), { recursive: true });
    await fs.writeFile(unsafeIo, 'force-unsafe-io\n');
    await run(
      ['debootstrap', '--variant=minbase', `--include=${BASE_PACKAGES.join(',')}`, '--components=main', o.suite, partial, o.mirror],
      { timeoutMs: 1_800_000 },
    );
    await fs.rm(unsafeIo, { force: true });
    await finishBase(partial);
    await fs.chmod(partial, 0o755);
    try {
      await fs.rename(partial, o.base);
    } catch (e) {
      if (!(await baseExists(o.base))) throw e; // someone else finished first: use theirs
      await fs.rm(partial, { recursive: true, force: true });
    }
  } catch (e) {
    await fs.rm(partial, { recursive: true, force: true }).catch(() => {});
    const why = (e as Error).message;
    throw new LabError(`building the base image failed: ${why}${/debootstrap/.test(why) ? `\n(see ${path.join(partial, 'debootstrap', 'debootstrap.log')} while it runs)` : ''}`);
  }
  return true;
}

async function finishBase(root: string): Promise<void> {
  const sshDir = path.join(root, 'etc', 'ssh');
  for (const f of await fs.readdir(sshDir)) if (f.startsWith('ssh_host_')) await fs.rm(path.join(sshDir, f));
  for (const f of baseFiles()) {
    const p = path.join(root, f.path);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, f.content, { mode: f.mode ?? 0o644 });
  }
  const dbusId = path.join(root, 'var', 'lib', 'dbus', 'machine-id');
  await fs.rm(dbusId, { force: true });
  await fs.mkdir(path.dirname(dbusId), { recursive: true });
  await fs.symlink('/etc/machine-id', dbusId);
  for (const unit of MASKED_UNITS) {
    const p = path.join(root, 'etc', 'systemd', 'system', unit);
    await fs.rm(p, { force: true });
    await fs.symlink('/dev/null', p);
  }
  // Package lists name the proxy of the lab that built the image: a host runs apt-get update itself.
  const lists = path.join(root, 'var', 'lib', 'apt', 'lists');
  for (const f of await fs.readdir(lists).catch(() => [] as string[])) if (f !== 'partial' && f !== 'lock') await fs.rm(path.join(lists, f), { recursive: true, force: true });
  // debootstrap's downloaded packages stay in the proxy's cache, not in every host.
  const archives = path.join(root, 'var', 'cache', 'apt', 'archives');
  for (const f of await fs.readdir(archives).catch(() => [] as string[])) if (f.endsWith('.deb')) await fs.rm(path.join(archives, f));
}

/** Deletes a base image (and leftovers of interrupted builds). */
export async function removeBase(base: string): Promise<void> {
  const parent = path.dirname(base);
  for (const e of await fs.readdir(parent).catch(() => [] as string[])) {
    if (e === path.basename(base) || e.startsWith(path.basename(base) + '.partial')) await fs.rm(path.join(parent, e), { recursive: true, force: true });
  }
}
