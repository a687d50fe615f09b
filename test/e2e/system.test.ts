/**
 * The system modules and roles against real lab hosts, through the built CLI: packages installed and
 * removed through the lab's apt proxy (second run changed=0), a systemd unit enabled and started, a
 * sysctl set live and persisted, a role with defaults, a template and a handler, and a reboot of one
 * host with the play going on after it.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');

describe.skipIf(lab.skip)('system modules and roles on lab hosts', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-system-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const on = (host: string, cmd: string) => labExec(host, cmd, { name: lab.name });

  async function book(name: string, lines: string[]): Promise<string> {
    const p = path.join(dir, name);
    await fs.writeFile(p, lines.join('\n') + '\n');
    return p;
  }

  async function play(file: string, timeoutMs = 300_000) {
    const r = await runCli(['play', file, '-i', lab.inventory], { timeoutMs });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return r;
  }

  it('installs packages, then changes nothing, then removes them', async () => {
    const install = await book('apt-install.yml', [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - apt: { name: [sl, tree], state: present, update_cache: true }',
    ]);
    const first = await play(install);
    for (const h of lab.hosts) {
      expect(recapOf(first.stdout, h)).toMatchObject({ changed: 1, failed: 0 });
      expect((await on(h, 'dpkg-query -W -f=\'${Status}\' tree')).stdout).toBe('install ok installed');
      expect((await on(h, 'test -x /usr/games/sl')).rc).toBe(0);
    }
    const second = await play(install);
    for (const h of lab.hosts) expect(recapOf(second.stdout, h)).toMatchObject({ changed: 0, failed: 0 });

    const remove = await book('apt-remove.yml', [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - apt: { name: [sl, tree], state: absent, purge: true }',
    ]);
    const third = await play(remove);
    for (const h of lab.hosts) {
      expect(recapOf(third.stdout, h)).toMatchObject({ changed: 1, failed: 0 });
      expect((await on(h, 'dpkg-query -W -f=\'${Status}\' tree 2>/dev/null | grep -q "ok installed"')).rc).toBe(1);
      expect((await on(h, 'test -e /usr/games/sl')).rc).toBe(1);
    }
    const fourth = await play(remove);
    for (const h of lab.hosts) expect(recapOf(fourth.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('enables and starts a systemd unit, then changes nothing', async () => {
    const file = await book('service.yml', [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - copy:',
      '        dest: /etc/systemd/system/machinist-e2e.service',
      '        content: |',
      '          [Unit]',
      '          Description=machinist e2e service',
      '          [Service]',
      '          ExecStart=/bin/sleep infinity',
      '          [Install]',
      '          WantedBy=multi-user.target',
      '    - systemd: { name: machinist-e2e, state: started, enabled: true, daemon_reload: true }',
    ]);
    const first = await play(file);
    for (const h of lab.hosts) {
      expect(recapOf(first.stdout, h)).toMatchObject({ changed: 2, failed: 0 });
      expect((await on(h, 'systemctl is-active machinist-e2e')).stdout.trim()).toBe('active');
      expect((await on(h, 'systemctl is-enabled machinist-e2e')).stdout.trim()).toBe('enabled');
    }
    const second = await play(file);
    for (const h of lab.hosts) expect(recapOf(second.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('sets a sysctl live and in its file, then changes nothing', async () => {
    const file = await book('sysctl.yml', [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - sysctl: { name: net.ipv4.ip_forward, value: "1", sysctl_file: /etc/sysctl.d/60-forward.conf, sysctl_set: true }',
    ]);
    for (const h of lab.hosts) await on(h, 'echo 0 > /proc/sys/net/ipv4/ip_forward; rm -f /etc/sysctl.d/60-forward.conf');
    const first = await play(file);
    for (const h of lab.hosts) {
      expect(recapOf(first.stdout, h)).toMatchObject({ changed: 1, failed: 0 });
      expect((await on(h, 'cat /proc/sys/net/ipv4/ip_forward')).stdout.trim()).toBe('1');
      expect((await on(h, 'cat /etc/sysctl.d/60-forward.conf')).stdout).toMatch(/^net\.ipv4\.ip_forward\s*=\s*1$/m);
    }
    const second = await play(file);
    for (const h of lab.hosts) expect(recapOf(second.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('plays a role with defaults, a template and a handler that runs only when notified', async () => {
    const role = path.join(dir, 'roles', 'greeter');
    for (const d of ['tasks', 'handlers', 'templates', 'defaults']) await fs.mkdir(path.join(role, d), { recursive: true });
    await fs.writeFile(path.join(role, 'defaults', 'main.yml'), 'greeting: hello\n');
    await fs.writeFile(path.join(role, 'templates', 'greeter.conf.j2'), 'greeting={{ greeting }}\nhost={{ inventory_hostname }}\n');
    await fs.writeFile(
      path.join(role, 'tasks', 'main.yml'),
      '- template: { src: greeter.conf.j2, dest: /etc/machinist-greeter.conf, mode: "0644" }\n  notify: greeter changed\n',
    );
    await fs.writeFile(path.join(role, 'handlers', 'main.yml'), '- name: greeter changed\n  shell: echo ran >> /var/tmp/machinist-greeter-handler\n');
    const file = await book('role.yml', ['- hosts: all', '  gather_facts: false', '  roles:', '    - greeter']);
    for (const h of lab.hosts) await on(h, 'rm -f /etc/machinist-greeter.conf /var/tmp/machinist-greeter-handler');
    const first = await play(file);
    for (const h of lab.hosts) {
      expect(recapOf(first.stdout, h)).toMatchObject({ changed: 2, failed: 0 });
      expect((await on(h, 'cat /etc/machinist-greeter.conf')).stdout).toBe(`greeting=hello\nhost=${h}\n`);
      expect((await on(h, 'cat /var/tmp/machinist-greeter-handler')).stdout).toBe('ran\n');
    }
    const second = await play(file);
    for (const h of lab.hosts) {
      expect(recapOf(second.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
      expect((await on(h, 'cat /var/tmp/machinist-greeter-handler')).stdout).toBe('ran\n');
    }
  });

  it('reboots one host and goes on with the play afterwards', async () => {
    const victim = lab.hosts[0];
    const bootBefore = (await on(victim, 'cat /proc/sys/kernel/random/boot_id')).stdout.trim();
    expect(bootBefore).toMatch(/^[0-9a-f-]{36}$/);
    const file = await book('reboot.yml', [
      `- hosts: ${victim}`,
      '  gather_facts: false',
      '  tasks:',
      '    - reboot: { reboot_timeout: 180 }',
      '    - shell: cat /proc/sys/kernel/random/boot_id > /var/tmp/machinist-after-reboot',
    ]);
    const t = Date.now();
    const r = await play(file, 300_000);
    process.stderr.write(`[e2e] reboot play took ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    expect(recapOf(r.stdout, victim)).toMatchObject({ changed: 2, failed: 0, unreachable: 0 });
    const bootAfter = (await on(victim, 'cat /proc/sys/kernel/random/boot_id')).stdout.trim();
    expect(bootAfter).toMatch(/^[0-9a-f-]{36}$/);
    expect(bootAfter).not.toBe(bootBefore);
    expect((await on(victim, 'cat /var/tmp/machinist-after-reboot')).stdout.trim()).toBe(bootAfter);
    // the service enabled earlier came back with the host
    const active = 'for i in $(seq 1 30); do systemctl is-active --quiet machinist-e2e && break; sleep 1; done; systemctl is-active machinist-e2e';
    expect((await on(victim, active)).stdout.trim()).toBe('active');
  });
});
