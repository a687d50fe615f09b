/**
 * The lab itself, end to end: real hosts booted by the e2e global setup, reached over real SSH.
 * Hosts are left as found: the one that gets packages installed is made fresh again at the end.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { parse } from 'yaml';
import { ConnectionPool, connectionSpecFor } from '../../src/transport/index.js';
import { UnreachableError } from '../../src/util/errors.js';
import { labExec, labStatus, labStopHost, labUp } from '../../src/lab/index.js';

const lab = inject('lab');

interface LabInventory {
  hosts: Record<string, { ansible_host: string }>;
  vars: Record<string, string>;
}

async function readInventory(): Promise<LabInventory> {
  const doc = parse(await fs.readFile(lab.inventory, 'utf8'));
  return doc.all.children.lab as LabInventory;
}

async function sshRun(host: string, inv: LabInventory, command: string, knownHosts?: string): Promise<number> {
  const vars: Record<string, string> = { ...inv.vars, ...inv.hosts[host] };
  if (knownHosts) vars.ansible_ssh_common_args = `-o UserKnownHostsFile=${knownHosts} -o StrictHostKeyChecking=yes`;
  const opts = { knownHostsFiles: [], sshConfigFile: '', connectTimeoutMs: 10_000 };
  const spec = connectionSpecFor(host, vars, opts, { sshConfigFile: '' });
  expect(spec.hostKeyChecking).toBe('strict');
  const pool = new ConnectionPool({ ...opts, warn: () => {} });
  try {
    return (await pool.get(spec).exec(command, { timeoutMs: 30_000 })).rc;
  } finally {
    await pool.closeAll();
  }
}

async function run(host: string, cmd: string, timeoutMs = 60_000) {
  return labExec(host, cmd, { name: lab.name, timeoutMs });
}

describe.skipIf(!!lab.skip)('machinist lab', () => {
  const last = lab.hosts[lab.hosts.length - 1];

  afterAll(async () => {
    // Whatever happened above, leave the lab whole for the other e2e files.
    await labUp({ count: lab.hosts.length, name: lab.name });
  }, 180_000);

  it('writes an inventory of hosts h1..hN that answer SSH with strict host key checking', async () => {
    const inv = await readInventory();
    expect(Object.keys(inv.hosts)).toEqual(lab.hosts);
    expect(lab.hosts).toEqual(lab.hosts.map((_, i) => `h${i + 1}`));
    expect(inv.vars.ansible_ssh_common_args).toContain(`UserKnownHostsFile=${lab.knownHosts}`);
    const rcs = await Promise.all(lab.hosts.map((h) => sshRun(h, inv, 'true')));
    expect(rcs).toEqual(lab.hosts.map(() => 0));
  }, 60_000);

  it('refuses a host whose key does not match known_hosts (ssh2 transport and OpenSSH)', async () => {
    const inv = await readInventory();
    const lines = (await fs.readFile(lab.knownHosts, 'utf8')).trim().split('\n');
    const addr = (h: string) => inv.hosts[h].ansible_host;
    // h1's address with the keys of another host (or, with one host, a key of no host).
    const other = lab.hosts[1];
    const wrong = other
      ? lines.filter((l) => l.startsWith(addr(other) + ' ')).map((l) => l.replace(addr(other) + ' ', addr('h1') + ' '))
      : ['' + addr('h1') + ' ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGX1qkQ3SnG4ktJpE9RBl2MyzfnWLSKqRnWtR5Zx6Ylk'];
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'lab-kh-'));
    try {
      const bad = path.join(dir, 'known_hosts');
      await fs.writeFile(bad, wrong.join('\n') + '\n');
      const err = await sshRun('h1', inv, 'true', bad).then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect((err as UnreachableError).kind).toBe('hostkey');

      const ssh = spawnSync('sh', ['-c', 'command -v ssh'], { encoding: 'utf8' }).stdout.trim();
      if (ssh) {
        const base = ['-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', '-o', 'ConnectTimeout=10', '-F', '/dev/null', '-i', inv.vars.ansible_ssh_private_key_file];
        const good = spawnSync(ssh, [...base, '-o', `UserKnownHostsFile=${lab.knownHosts}`, `root@${addr('h1')}`, 'true'], { timeout: 30_000 });
        expect(good.status).toBe(0);
        const refused = spawnSync(ssh, [...base, '-o', `UserKnownHostsFile=${bad}`, `root@${addr('h1')}`, 'true'], { timeout: 30_000, encoding: 'utf8' });
        expect(refused.status).toBe(255);
        expect(refused.stderr).toMatch(/host key|HOST IDENTIFICATION/i);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('gives every host its own machine-id and hostname hN', async () => {
    const out = await Promise.all(lab.hosts.map((h) => run(h, 'cat /etc/machine-id; hostname')));
    const ids = out.map((r) => r.stdout.split('\n')[0]);
    expect(out.map((r) => r.rc)).toEqual(lab.hosts.map(() => 0));
    expect(out.map((r) => r.stdout.split('\n')[1])).toEqual(lab.hosts);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(new Set(ids).size).toBe(lab.hosts.length);
  }, 60_000);

  it('lets a host tune /proc/sys/net (ip_forward is writable)', async () => {
    const r = await run('h1', 'echo 1 > /proc/sys/net/ipv4/ip_forward && cat /proc/sys/net/ipv4/ip_forward && echo 0 > /proc/sys/net/ipv4/ip_forward');
    expect(r).toMatchObject({ rc: 0, stdout: '1\n' });
  }, 60_000);

  it('runs apt-get update through the lab proxy on the gateway', async () => {
    const inv = await readInventory();
    const r = await run('h1', 'apt-get update 2>&1', 240_000);
    expect(r.rc, r.stdout).toBe(0);
    expect(r.stdout).toContain(`${inv.vars.lab_debian_mirror} ${inv.vars.lab_suite} InRelease`);
    expect(r.stdout).not.toMatch(/^(Err|W):/m);
  }, 300_000);

  it('serves DHCP leases on the lab LAN (for bridged guests)', async () => {
    const r = await run(
      'h1',
      'timeout 30 dhclient -1 -v -sf /bin/true -lf /tmp/lab-test.leases -pf /tmp/lab-test-dhclient.pid eth0 2>&1; rc=$?; ' +
        'if [ -f /tmp/lab-test-dhclient.pid ]; then kill "$(cat /tmp/lab-test-dhclient.pid)" 2>/dev/null; fi; rm -f /tmp/lab-test*; exit $rc',
      60_000,
    );
    expect(r.rc, r.stdout).toBe(0);
    const inv = await readInventory();
    expect(r.stdout).toMatch(new RegExp(`DHCPACK of ${inv.vars.lab_subnet.split('.').slice(0, 3).join('\\.')}\\.(1\\d\\d|2[0-4]\\d|250) from ${inv.vars.lab_gateway.replace(/\./g, '\\.')}`));
  }, 60_000);

  it('lists the hosts in lab status as running', async () => {
    const s = await labStatus(lab.name);
    expect(s).toMatchObject({ exists: true, proxy: 'running', dhcp: 'running', bridgeUp: true });
    expect(s.hosts.map((h) => [h.name, h.state])).toEqual(lab.hosts.map((h) => [h, 'running']));
    for (const h of s.hosts) expect(h.uptimeSec).toBeGreaterThanOrEqual(0);
  }, 30_000);

  it('is idempotent: lab up again boots nothing and keeps the keys', async () => {
    const before = await fs.readFile(lab.knownHosts, 'utf8');
    const t = Date.now();
    const r = await labUp({ count: lab.hosts.length, name: lab.name });
    expect(r.hosts.map((h) => [h.name, h.started])).toEqual(lab.hosts.map((h) => [h, false]));
    expect(Date.now() - t).toBeLessThan(10_000);
    expect(await fs.readFile(lab.knownHosts, 'utf8')).toBe(before);
  }, 60_000);

  it('can run nested containers: systemd-container installs and machined answers', async () => {
    const r = await run(
      last,
      '{ apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends systemd-container; } >/tmp/inst.log 2>&1 || { tail -5 /tmp/inst.log; exit 1; }; ' +
        'systemd-nspawn --version | head -1 && systemctl start systemd-machined && machinectl list --no-legend && systemctl is-active systemd-machined',
      300_000,
    );
    expect(r.rc, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^systemd \d+/);
    expect(r.stdout.trim().split('\n').pop()).toBe('active');
  }, 330_000);

  it('reports a stopped host as stopped, and lab up makes it again, fresh', async () => {
    await labStopHost(last, { name: lab.name });
    const s = await labStatus(lab.name);
    expect(s.hosts.find((h) => h.name === last)?.state).toBe('stopped');
    const r = await labUp({ count: lab.hosts.length, name: lab.name });
    expect(r.hosts.filter((h) => h.started).map((h) => h.name)).toEqual([last]);
    const fresh = await run(last, 'command -v systemd-nspawn || echo absent');
    expect(fresh.stdout.trim()).toBe('absent');
  }, 180_000);
});
