/**
 * The main playbook (playbooks/site.yml) on fresh lab hosts, two guests each: check mode first
 * (nothing changes), a run interrupted during the bootstrap (no image looks finished that is not), the
 * real run (guests running, enabled, own machine-ids, bridged with a DHCP address from the lab,
 * pingable from this machine; forwarding live and persisted), a second run with changed=0, the fleet
 * view, and a host restarted with its guests coming back by themselves.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');
const SITE = path.resolve(__dirname, '../../playbooks/site.yml');
const BIN = path.resolve(__dirname, '../../bin/machinist.js');
const GUESTS = ['g1', 'g2'];

describe.skipIf(lab.skip)('playbooks/site.yml on the lab', () => {
  let dir: string;
  let inventory: string[];

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-site-'));
    const machines = path.join(dir, 'machines.yml');
    await fs.writeFile(
      machines,
      ['all:', '  vars:', '    machines:', '      - name: g1', '      - name: g2', '        limits: { MemoryMax: 256M }', ''].join('\n'),
    );
    inventory = ['-i', lab.inventory, '-i', machines];
  });
  afterAll(async () => {
    // leave the hosts as the lab made them for the test files that come after: no guests, no bridge,
    // no bridge-utils
    if (!dir) return;
    await Promise.all(
      lab.hosts.map((h) => on(h, `for g in ${GUESTS.join(' ')}; do machinectl terminate $g 2>/dev/null; machinectl disable $g 2>/dev/null; done; sleep 1; for g in ${GUESTS.join(' ')}; do machinectl remove $g 2>/dev/null; rm -rf /var/lib/machines/.$g.partial; done; true`).catch(() => undefined)),
    );
    const unbridge = path.join(dir, 'unbridge.yml');
    await fs.writeFile(unbridge, '- hosts: all\n  gather_facts: false\n  tasks:\n    - bridge: { name: br0, state: absent }\n');
    await runCli(['play', unbridge, '-i', lab.inventory], { timeoutMs: 180_000 }).catch(() => undefined);
    await Promise.all(lab.hosts.map((h) => on(h, 'DEBIAN_FRONTEND=noninteractive apt-get purge -y -q bridge-utils >/dev/null 2>&1; rm -f /var/lib/machines/.g?.lock; true').catch(() => undefined)));
    await fs.rm(dir, { recursive: true, force: true });
  });

  const on = (host: string, cmd: string) => labExec(host, cmd, { name: lab.name });
  const out = async (host: string, cmd: string) => (await on(host, cmd)).stdout.trim();

  /** What a run could change on a host, read in one command. */
  const snapshot = (host: string) =>
    out(
      host,
      "dpkg-query -W -f='${Package} ${Status}\\n' debootstrap systemd-container bridge-utils 2>/dev/null; ls -a /var/lib/machines /etc/systemd/nspawn 2>&1; ip -o link show type bridge; sysctl -n net.ipv4.ip_forward; md5sum /etc/network/interfaces; ls /etc/network/interfaces.d /etc/sysctl.d 2>&1",
    );

  it('check mode on fresh hosts changes nothing', async () => {
    const before = await Promise.all(lab.hosts.map(snapshot));
    const r = await runCli(['play', SITE, ...inventory, '--check'], { timeoutMs: 300_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const h of lab.hosts) expect(recapOf(r.stdout, h)).toMatchObject({ failed: 0, unreachable: 0 });
    expect(await Promise.all(lab.hosts.map(snapshot))).toEqual(before);
  });

  it('a run interrupted during the bootstrap leaves no image that looks finished', async () => {
    const child = spawn(process.execPath, [BIN, 'play', SITE, ...inventory], { env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 240_000;
    while (!stdout.includes('bootstrap the guests') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 200));
    expect(stdout).toContain('bootstrap the guests');
    await new Promise((r) => setTimeout(r, 8_000)); // debootstrap is under way
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code).toBe(99);
    expect(stdout).toContain('PLAY RECAP');
    for (const h of lab.hosts) {
      // an image under its own name is complete; anything unfinished is a hidden partial directory
      for (const g of GUESTS) {
        const state = await out(h, `test -e /var/lib/machines/${g} || { echo absent; exit 0; }; test -x /var/lib/machines/${g}/usr/lib/systemd/systemd && test -s /var/lib/machines/${g}/etc/os-release && echo complete || echo HALF`);
        expect(['absent', 'complete'], `${h}:${g}`).toContain(state);
      }
    }
  });

  it('one play brings every guest up: running, enabled, own machine-id, bridged, DHCP, pingable; forwarding on', async () => {
    const t = Date.now();
    const r = await runCli(['play', SITE, ...inventory], { timeoutMs: 900_000 });
    process.stderr.write(`[e2e] site.yml first run: ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ids = new Set<string>();
    for (const h of lab.hosts) {
      expect(recapOf(r.stdout, h)).toMatchObject({ failed: 0, unreachable: 0 });
      ids.add(await out(h, 'cat /etc/machine-id'));
      expect(await out(h, 'sysctl -n net.ipv4.ip_forward')).toBe('1');
      expect(await out(h, 'cat /etc/sysctl.d/90-machinist-forward.conf')).toContain('net.ipv4.ip_forward');
      expect(await out(h, 'systemctl is-enabled machines.target')).toBe('enabled');
      expect((await out(h, "ip -o link show master br0 | awk -F': ' '{print $2}' | sed 's/@.*//' | sort")).split('\n')).toEqual(['eth0', 'vb-g1', 'vb-g2']);
      for (const g of GUESTS) {
        expect(await out(h, `systemctl is-active systemd-nspawn@${g}`)).toBe('active');
        expect(await out(h, `systemctl is-enabled systemd-nspawn@${g}`)).toBe('enabled');
        ids.add(await out(h, `cat /var/lib/machines/${g}/etc/machine-id`));
        // the guest's own DHCP lease from the lab's dnsmasq (10.213.X.100-250)
        const addr = await out(
          h,
          `for i in $(seq 1 90); do a=$(nsenter -t $(machinectl show ${g} -p Leader --value) -n ip -4 -o addr show dev host0 scope global 2>/dev/null | awk '{print $4}' | cut -d/ -f1); [ -n "$a" ] && { echo $a; exit 0; }; sleep 1; done`,
        );
        const last = Number(addr.split('.')[3]);
        expect(addr, `${h}:${g}`).toMatch(/^10\.213\.\d+\.\d+$/);
        expect(last >= 100 && last <= 250, `${h}:${g} ${addr}`).toBe(true);
        const ping = await new Promise<number | null>((resolve) => spawn('ping', ['-c', '1', '-W', '3', addr], { stdio: 'ignore' }).on('exit', resolve).on('error', () => resolve(-1)));
        expect(ping, `ping ${h}:${g} ${addr}`).toBe(0);
      }
      expect(await out(h, 'systemctl show systemd-nspawn@g2 -p MemoryMax --value')).toBe(String(256 * 1024 * 1024));
    }
    expect(ids.size).toBe(lab.hosts.length * (GUESTS.length + 1));
  });

  it('a second run changes nothing', async () => {
    const t = Date.now();
    const r = await runCli(['play', SITE, ...inventory], { timeoutMs: 300_000 });
    process.stderr.write(`[e2e] site.yml second run: ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const h of lab.hosts) expect(recapOf(r.stdout, h), r.stdout).toMatchObject({ changed: 0, failed: 0, unreachable: 0 });
  });

  it('the fleet view lists every guest', async () => {
    const r = await runCli(['machines', '-i', lab.inventory, '--json'], { timeoutMs: 60_000 });
    expect(r.code, r.stderr).toBe(0);
    const text = JSON.stringify(JSON.parse(r.stdout));
    for (const h of lab.hosts) expect(text).toContain(h);
    for (const g of GUESTS) expect(text).toContain(g);
    const table = await runCli(['machines', '-i', lab.inventory], { timeoutMs: 60_000 });
    expect(table.code, table.stderr).toBe(0);
    // running, or degraded (the guest's systemd is up with a failed unit: the lab's cgroups fail journal-flush at times)
    expect(table.stdout.split('\n').filter((l) => / g[12] /.test(` ${l} `) && /running|degraded/.test(l)), table.stdout).toHaveLength(lab.hosts.length * GUESTS.length);
  });

  it('a restarted host brings its enabled guests back by itself', async () => {
    const host = lab.hosts[lab.hosts.length - 1];
    const file = path.join(dir, 'restart.yml');
    await fs.writeFile(file, `- hosts: ${host}\n  gather_facts: false\n  tasks:\n    - reboot: { reboot_timeout: 240 }\n`);
    const r = await runCli(['play', file, '-i', lab.inventory], { timeoutMs: 300_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    for (const g of GUESTS) {
      const state = await out(host, `for i in $(seq 1 120); do s=$(systemctl is-active systemd-nspawn@${g}); [ "$s" = active ] && break; sleep 1; done; echo $s`);
      expect(state, g).toBe('active');
    }
    expect(await out(host, "ip -o link show master br0 | grep -c 'eth0'")).toBe('1');
  });
});
