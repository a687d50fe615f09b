import { describe, expect, it } from 'vitest';
import { addressPlan, labPaths, linkNames } from '../../../src/lab/config.js';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { hostFiles, hostLayout, launcherArgs, newMachineId, nspawnArgs, SUPERVISOR_SCRIPT } from '../../../src/lab/host.js';
import { baseFiles, MASKED_UNITS } from '../../../src/lab/base-image.js';
import { parsePubKeys } from '../../../src/lab/wait.js';

const env = { MACHINIST_LAB_DIR: '/srv/labs', MACHINIST_LAB_CACHE: '/srv/cache' };
const plan = addressPlan('10.213.7');
const h = hostLayout(labPaths('e2e', env), linkNames('e2e'), plan, 3);

describe('hostLayout', () => {
  it('names the host, its address, namespace, veth and directories', () => {
    expect(h).toMatchObject({
      name: 'h3',
      address: '10.213.7.13',
      netns: 'mlab-e2e-h3',
      veth: 'mle2eh3',
      root: '/srv/labs/e2e/hosts/h3/root',
      upper: '/srv/labs/e2e/hosts/h3/upper',
      pidFile: '/srv/labs/e2e/hosts/h3/nspawn.pid',
    });
  });
});

describe('hostFiles', () => {
  const files = Object.fromEntries(hostFiles(h, plan, 'bookworm', 'ssh-ed25519 AAAAkey machinist-lab-e2e\n', 'ab'.repeat(16)).map((f) => [f.path, f]));

  it('gives the host its own machine-id and hostname', () => {
    expect(files['etc/machine-id'].content).toBe('ab'.repeat(16) + '\n');
    expect(files['etc/hostname'].content).toBe('h3\n');
    expect(files['etc/hosts'].content).toMatch(/^127\.0\.1\.1\th3$/m);
  });

  it('configures eth0 statically for ifupdown with the gateway as default route', () => {
    const ifaces = files['etc/network/interfaces'].content;
    expect(ifaces).toMatch(/^auto eth0\niface eth0 inet static\n {4}address 10\.213\.7\.13\/24\n {4}gateway 10\.213\.7\.1$/m);
    expect(ifaces).toMatch(/^source \/etc\/network\/interfaces\.d\/\*$/m);
  });

  it('points apt at the lab proxy on the gateway', () => {
    expect(files['etc/apt/sources.list'].content.split('\n').filter(Boolean)).toEqual([
      'deb http://10.213.7.1:3142/deb.debian.org/debian bookworm main',
      'deb http://10.213.7.1:3142/deb.debian.org/debian bookworm-updates main',
      'deb http://10.213.7.1:3142/deb.debian.org/debian-security bookworm-security main',
    ]);
  });

  it('names no DNS server (none is reachable from the lab LAN)', () => {
    expect(files['etc/resolv.conf'].content).not.toMatch(/nameserver/);
  });

  it('authorizes the lab key for root, private to root', () => {
    expect(files['root/.ssh/authorized_keys']).toEqual({ path: 'root/.ssh/authorized_keys', content: 'ssh-ed25519 AAAAkey machinist-lab-e2e\n', mode: 0o600 });
  });

  it('makes random 32-hex machine ids', () => {
    const ids = new Set(Array.from({ length: 50 }, newMachineId));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('nspawnArgs', () => {
  it('boots the root in the host namespace with the flags this machine needs', () => {
    const a = nspawnArgs(h);
    expect(a[0]).toBe('systemd-nspawn');
    expect(a.slice(1, 5)).toEqual(['-D', h.root, '-M', 'h3']);
    for (const flag of ['-b', '--register=no', '--keep-unit', '--private-network', '--capability=all', '--network-namespace-path=/run/netns/mlab-e2e-h3']) {
      expect(a).toContain(flag);
    }
  });
});

describe('launcherArgs', () => {
  it('runs nspawn under the supervisor, whose argv still names nspawn and the root', () => {
    const a = launcherArgs(h);
    expect(a.slice(0, 4)).toEqual(['/bin/sh', '-c', SUPERVISOR_SCRIPT, 'machinist-lab-host']);
    expect(a.slice(4)).toEqual(nspawnArgs(h));
  });

  it('starts the command again while it exits 133 and ends with its other exit code', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'machinist-supervisor-'));
    try {
      const count = path.join(dir, 'count');
      // exits 133 twice (two reboots), then 7
      const fake = `echo x >> "$1"; [ "$(wc -l < "$1")" -ge 3 ] && exit 7; exit 133`;
      let code = 0;
      try {
        execFileSync('/bin/sh', ['-c', SUPERVISOR_SCRIPT, 'sup', '/bin/sh', '-c', fake, 'fake', count], { timeout: 5_000 });
      } catch (e) {
        code = (e as { status: number }).status;
      }
      expect(code).toBe(7);
      expect(readFileSync(count, 'utf8')).toBe('x\nx\nx\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('base image files', () => {
  it('makes host keys at first boot before sshd checks its config, and ships no machine-id', () => {
    const f = Object.fromEntries(baseFiles().map((x) => [x.path, x.content]));
    const dropIn = f['etc/systemd/system/ssh.service.d/machinist-host-keys.conf'];
    expect(dropIn.split('\n').filter((l) => l.startsWith('ExecStartPre'))).toEqual(['ExecStartPre=', 'ExecStartPre=/usr/bin/ssh-keygen -A', 'ExecStartPre=/usr/sbin/sshd -t']);
    expect(f['etc/machine-id']).toBe('');
    expect(MASKED_UNITS).toContain('apt-daily.timer');
  });
});

describe('parsePubKeys', () => {
  it('reads TYPE KEY [comment] lines and skips junk', () => {
    expect(parsePubKeys(['ssh-ed25519 AAAAC3Nz root@h1\n', 'ecdsa-sha2-nistp256 AAAAE2Vj=\n\n', 'garbage', 'ssh-rsa not*base64'])).toEqual([
      { type: 'ssh-ed25519', key: 'AAAAC3Nz' },
      { type: 'ecdsa-sha2-nistp256', key: 'AAAAE2Vj=' },
    ]);
  });
});
