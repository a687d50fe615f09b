/**
 * One lab host: an overlay root over the read-only base, its identity written into the overlay
 * (unique machine-id, hostname hN, static eth0 for ifupdown, apt through the lab proxy, the lab's
 * authorized key), its network namespace, and systemd-nspawn booting it in the background (own
 * session, console to a log) under a small /bin/sh supervisor that starts nspawn again when the
 * container rebooted (nspawn exits 133), so `reboot` works. SSH host keys are made by the host itself
 * at first boot.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promises as fs, openSync, closeSync } from 'node:fs';
import * as path from 'node:path';
import { LabError, hostAddress, hostName, type AddressPlan, type LabNames, type LabPaths } from './config.js';
import { createHostNet, removeHostNet } from './network.js';
import { cmdlineOf, isOurs, readPid, run, sleep, stopProcess } from './proc.js';
import { proxiedMirror, proxiedSecurity } from './proxy.js';

export interface HostLayout {
  index: number;
  name: string;
  address: string;
  netns: string;
  veth: string;
  dir: string;
  upper: string;
  work: string;
  root: string;
  consoleLog: string;
  pidFile: string;
}

export function hostLayout(paths: LabPaths, names: LabNames, plan: AddressPlan, index: number): HostLayout {
  const dir = paths.hostDir(index);
  return {
    index,
    name: hostName(index),
    address: hostAddress(plan.prefix, index),
    netns: names.netns(index),
    veth: names.veth(index),
    dir,
    upper: path.join(dir, 'upper'),
    work: path.join(dir, 'work'),
    root: path.join(dir, 'root'),
    consoleLog: path.join(dir, 'console.log'),
    pidFile: path.join(dir, 'nspawn.pid'),
  };
}

export interface HostFile {
  path: string;
  content: string;
  mode: number;
}

/** The files that make a host itself (pure; paths relative to its root). */
export function hostFiles(h: HostLayout, plan: AddressPlan, suite: string, authorizedKey: string, machineId: string): HostFile[] {
  const mirror = proxiedMirror(plan);
  return [
    { path: 'etc/machine-id', content: machineId + '\n', mode: 0o444 },
    { path: 'etc/hostname', content: h.name + '\n', mode: 0o644 },
    {
      path: 'etc/hosts',
      content: `127.0.0.1\tlocalhost\n127.0.1.1\t${h.name}\n${plan.gateway}\tgateway\n\n::1\tlocalhost ip6-localhost ip6-loopback\nff02::1\tip6-allnodes\nff02::2\tip6-allrouters\n`,
      mode: 0o644,
    },
    {
      path: 'etc/network/interfaces',
      content:
        '# interfaces(5) file used by ifup(8) and ifdown(8)\nsource /etc/network/interfaces.d/*\n\n' +
        'auto lo\niface lo inet loopback\n\n' +
        `auto eth0\niface eth0 inet static\n    address ${h.address}/24\n    gateway ${plan.gateway}\n`,
      mode: 0o644,
    },
    {
      path: 'etc/apt/sources.list',
      content: `deb ${mirror} ${suite} main\ndeb ${mirror} ${suite}-updates main\ndeb ${proxiedSecurity(plan)} ${suite}-security main\n`,
      mode: 0o644,
    },
    // No name server on the lab LAN (and no route beyond the gateway): fail lookups at once instead of
    // timing out on the machine's resolver that debootstrap copied into the image.
    { path: 'etc/resolv.conf', content: '# machinist lab: no DNS on the lab network; apt reaches the mirror through the proxy by address\n', mode: 0o644 },
    { path: 'root/.ssh/authorized_keys', content: authorizedKey.trim() + '\n', mode: 0o600 },
  ];
}

export function newMachineId(): string {
  return randomBytes(16).toString('hex');
}

/** systemd-nspawn's argv for a host (pure). */
export function nspawnArgs(h: HostLayout): string[] {
  return [
    'systemd-nspawn',
    '-D', h.root,
    '-M', h.name,
    '--register=no',
    '--keep-unit',
    '-b',
    `--network-namespace-path=/run/netns/${h.netns}`,
    '--private-network',
    '--capability=all',
    '--link-journal=no',
    '--resolv-conf=off',
    '--console=read-only',
  ];
}

/** systemd-nspawn's exit code when the container asked for a reboot. */
export const NSPAWN_REBOOT_EXIT = 133;

/**
 * The supervisor's script: runs nspawn ("$@") again while it exits 133 (the container rebooted), and
 * exits with nspawn's code otherwise. TERM/INT/HUP are passed on to nspawn (a clean power-off) and the
 * supervisor exits once nspawn is gone, so stopping the supervisor stops the host.
 */
export const SUPERVISOR_SCRIPT =
  `trap 'kill -TERM "$c" 2>/dev/null; wait "$c"; exit 143' TERM INT HUP\n` +
  `while :; do "$@" & c=$!; wait "$c"; rc=$?; [ "$rc" -eq ${NSPAWN_REBOOT_EXIT} ] || exit "$rc"; done\n`;

/** The argv that boots a host: the supervisor with nspawn's argv as its arguments (pure). */
export function launcherArgs(h: HostLayout): string[] {
  return ['/bin/sh', '-c', SUPERVISOR_SCRIPT, 'machinist-lab-host', ...nspawnArgs(h)];
}

const MARKERS = (h: HostLayout) => ['systemd-nspawn', h.root];

/** The host's systemd-nspawn processes themselves (not the supervisor): argv[0] is nspawn, -D its root. */
async function nspawnPids(h: HostLayout): Promise<number[]> {
  const out: number[] = [];
  for (const e of await fs.readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(e)) continue;
    const argv = await cmdlineOf(Number(e));
    if (!argv || path.basename(argv[0]) !== 'systemd-nspawn') continue;
    const d = argv.indexOf('-D');
    if (d >= 0 && argv[d + 1] === h.root) out.push(Number(e));
  }
  return out;
}

export async function hostPid(h: HostLayout): Promise<number | undefined> {
  const pid = await readPid(h.pidFile);
  return (await isOurs(pid, ...MARKERS(h))) ? pid : undefined;
}

function checkMountPath(p: string): void {
  if (/[,:\s\\]/.test(p)) throw new LabError(`cannot use ${JSON.stringify(p)} for an overlay mount: it contains ',', ':', '\\' or whitespace`);
}

export async function isMounted(p: string): Promise<boolean> {
  const mounts = await fs.readFile('/proc/mounts', 'utf8');
  return mounts.split('\n').some((l) => l.split(' ')[1] === p);
}

/** Creates a fresh host (leftovers removed first) and starts booting it. Returns the nspawn pid. */
export async function startHost(h: HostLayout, base: string, names: LabNames, plan: AddressPlan, suite: string, authorizedKey: string): Promise<number> {
  await removeHost(h, names);
  for (const p of [base, h.upper, h.work, h.root]) checkMountPath(p);
  for (const d of [h.upper, h.work, h.root]) await fs.mkdir(d, { recursive: true, mode: 0o755 });
  await run(['mount', '-t', 'overlay', 'overlay', '-o', `lowerdir=${base},upperdir=${h.upper},workdir=${h.work}`, h.root]);
  try {
    await fs.chmod(h.root, 0o755);
    for (const f of hostFiles(h, plan, suite, authorizedKey, newMachineId())) {
      const p = path.join(h.root, f.path);
      await fs.mkdir(path.dirname(p), { recursive: true, mode: f.path.startsWith('root/') ? 0o700 : 0o755 });
      await fs.rm(p, { force: true });
      await fs.writeFile(p, f.content, { mode: f.mode });
      await fs.chmod(p, f.mode);
    }
    await createHostNet(names, h.index);
    // A host made again gets a new MAC for the same address: forget the old one at once, not in 30 s.
    await run(['ip', 'neigh', 'flush', 'to', h.address, 'dev', names.bridge], { allowFail: true });
    const log = openSync(h.consoleLog, 'a');
    let pid: number | undefined;
    try {
      const argv = launcherArgs(h);
      const child = spawn(argv[0], argv.slice(1), { detached: true, stdio: ['ignore', log, log] });
      pid = child.pid;
      child.on('error', () => {});
      child.unref();
    } finally {
      closeSync(log);
    }
    if (!pid) throw new LabError(`${h.name}: systemd-nspawn could not be started`);
    await fs.writeFile(h.pidFile, `${pid}\n`);
    return pid;
  } catch (e) {
    await removeHost(h, names).catch(() => {});
    throw e;
  }
}

/** The last lines of a host's console log (for error messages). */
export async function consoleTail(h: HostLayout, lines = 15): Promise<string> {
  const text = await fs.readFile(h.consoleLog, 'utf8').catch(() => '');
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').trim().split('\n').slice(-lines).join('\n');
}

/**
 * Stops the container only (power off through nspawn, KILL after a grace time); mounts and netns stay.
 * nspawn is stopped first (so the supervisor sees an exit other than 133 and ends), then the
 * supervisor, then any nspawn a reboot started in between.
 */
export async function stopContainer(h: HostLayout, graceMs = 15_000): Promise<void> {
  const supervisor = await hostPid(h);
  await Promise.all((await nspawnPids(h)).map((p) => stopProcess(p, MARKERS(h), graceMs)));
  await stopProcess(supervisor, MARKERS(h), Math.min(graceMs, 5_000));
  await Promise.all((await nspawnPids(h)).map((p) => stopProcess(p, MARKERS(h), graceMs)));
}

async function umount(p: string): Promise<void> {
  for (let i = 0; i < 20 && (await isMounted(p)); i++) {
    const r = await run(['umount', p], { allowFail: true });
    if (r.rc !== 0) await sleep(100 * (i + 1));
  }
  if (await isMounted(p)) await run(['umount', '-l', p]);
}

/** Stops a host and removes everything it had: process, mount, namespace, veth, its directory. */
export async function removeHost(h: HostLayout, names: LabNames): Promise<void> {
  await stopContainer(h);
  await umount(h.root);
  if (await isMounted(h.root)) throw new LabError(`${h.name}: ${h.root} is still mounted; not deleting the host's files`);
  await removeHostNet(names, h.index);
  await fs.rm(h.dir, { recursive: true, force: true });
}
