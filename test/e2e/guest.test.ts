/**
 * Guests as inventory hosts, on the lab: a minbase guest bootstrapped on the first host,
 * machine_config'd while stopped (hostname, root key, systemd-networkd), started with the host's
 * network, then a play THROUGH the nspawn connection (facts of the guest, a package installed
 * inside, copy, template, command, become), changed=0 on re-run; machine_config on the running
 * guest changes nothing; a guest group from an INI inventory; a stopped guest is UNREACHABLE.
 * The guest is removed at the end.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');
const M = 'mxguest';
const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl e2e@machinist';

describe.skipIf(lab.skip)('guests as inventory hosts (nspawn connection) and machine_config', () => {
  let dir: string;
  let h: string;
  const on = (cmd: string) => labExec(h, cmd, { name: lab.name });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-guest-'));
    h = lab.hosts[0];
    await fs.writeFile(
      path.join(dir, 'guests.yml'),
      ['guests:', '  hosts:', '    g1:', `      ansible_host: ${M}`, '  vars:', '    ansible_connection: machinist.nspawn', `    machinist_nspawn_host: ${h}`, ''].join('\n'),
    );
    await fs.writeFile(path.join(dir, 'guests.ini'), ['[ini_guests]', `gi ansible_host=${M}`, '', '[ini_guests:vars]', 'ansible_connection=nspawn', `machinist_nspawn_host=${h}`, ''].join('\n'));
    await fs.writeFile(path.join(dir, 'motd.j2'), '{{ inventory_hostname }} is {{ ansible_hostname }} on {{ machinist_nspawn_host }}\n');
  });
  afterAll(async () => {
    if (h) await on(`machinectl terminate ${M} 2>/dev/null; sleep 1; machinectl remove ${M} 2>/dev/null; rm -rf /var/lib/machines/${M} /etc/systemd/nspawn/${M}.nspawn`).catch(() => undefined);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function book(name: string, lines: string[]): Promise<string> {
    const p = path.join(dir, name);
    await fs.writeFile(p, lines.join('\n') + '\n');
    return p;
  }
  const inv = (extra = 'guests.yml') => ['-i', lab.inventory, '-i', path.join(dir, extra)];
  async function play(file: string, extra?: string, timeoutMs = 240_000) {
    const r = await runCli(['play', file, ...inv(extra)], { timeoutMs });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return r;
  }
  const configArgs = ['        name: ' + M, '        hostname: mx-guest-one', '        network: networkd', '        root_authorized_keys: ["' + KEY + '"]'];

  it('bootstraps a guest and configures it while stopped', async () => {
    const prep = await book('prep.yml', [
      `- hosts: ${h}`,
      '  gather_facts: false',
      '  tasks:',
      '    - apt: { name: [debootstrap, systemd-container], state: present, update_cache: true }',
      `    - command: debootstrap --variant=minbase --include=systemd,dbus,systemd-sysv bookworm /var/lib/machines/${M} {{ lab_debian_mirror }}`,
      `      args: { creates: /var/lib/machines/${M}/etc/os-release }`,
      '    - file: { path: /etc/systemd/nspawn, state: directory, mode: "0755" }',
      `    - copy: { dest: /etc/systemd/nspawn/${M}.nspawn, content: "[Network]\\nVirtualEthernet=no\\nPrivate=no\\n" }`,
      '    - machine_config:',
      ...configArgs,
    ]);
    const r = await play(prep, undefined, 300_000);
    expect(recapOf(r.stdout, h)).toMatchObject({ failed: 0 });
    expect((await on(`cat /var/lib/machines/${M}/etc/hostname`)).stdout.trim()).toBe('mx-guest-one');
    expect((await on(`cat /var/lib/machines/${M}/root/.ssh/authorized_keys`)).stdout.trim()).toBe(KEY);
    expect((await on(`test -L /var/lib/machines/${M}/etc/systemd/system/multi-user.target.wants/systemd-networkd.service`)).rc).toBe(0);

    const again = await play(prep);
    expect(recapOf(again.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('runs a play inside the running guest through its host connection, changed=0 on re-run', async () => {
    const start = await on(`machinectl start ${M} && for i in $(seq 1 60); do [ "$(machinectl show ${M} -p State --value 2>/dev/null)" = running ] && exit 0; sleep 0.5; done; exit 1`);
    expect(start.rc, start.stderr).toBe(0);
    const file = await book('inside.yml', [
      '- hosts: guests',
      '  tasks:',
      '    - assert:',
      '        that:',
      "          - ansible_hostname == 'mx-guest-one'",
      "          - ansible_distribution == 'Debian'",
      "          - ansible_distribution_major_version == '12'",
      '    - apt: { name: tree, state: present, update_cache: true, cache_valid_time: 3600 }',
      '    - copy: { dest: /etc/machinist-e2e, content: "hello {{ inventory_hostname }}\\n", mode: "0640" }',
      `    - template: { src: ${path.join(dir, 'motd.j2')}, dest: /root/motd.txt }`,
      '    - command: cat /etc/machinist-e2e /root/motd.txt',
      '      register: out',
      '      changed_when: false',
      `    - assert: { that: ["out.stdout_lines == ['hello g1', 'g1 is mx-guest-one on ${h}']"] }`,
      '    - command: id -un',
      '      become: true',
      '      become_user: nobody',
      '      register: who',
      '      changed_when: false',
      "    - assert: { that: [\"who.stdout == 'nobody'\"] }",
    ]);
    const first = await play(file);
    expect(recapOf(first.stdout, 'g1')).toMatchObject({ changed: 3, failed: 0, unreachable: 0 });
    // the package and files are in the guest's tree, owned by the guest's root (whatever its UID shift)
    expect((await on(`chroot /var/lib/machines/${M} dpkg-query -W -f='\${Status}' tree`)).stdout).toBe('install ok installed');
    const owner = await on(`stat -c '%u %a' /var/lib/machines/${M}/ /var/lib/machines/${M}/etc/machinist-e2e`);
    const [rootUid, fileLine] = owner.stdout.trim().split('\n');
    expect(fileLine).toBe(`${rootUid.split(' ')[0]} 640`);
    expect((await on('test -e /etc/machinist-e2e')).rc).toBe(1);

    const second = await play(file);
    expect(recapOf(second.stdout, 'g1')).toMatchObject({ changed: 0, failed: 0 });
  });

  it('changes nothing when machine_config runs again on the running guest', async () => {
    const file = await book('config-running.yml', [`- hosts: ${h}`, '  gather_facts: false', '  tasks:', '    - machine_config:', ...configArgs]);
    const r = await play(file);
    expect(recapOf(r.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
    // enabled (with the host's network the guest lacks CAP_NET_ADMIN, so networkd's condition skips it)
    expect((await on(`systemctl -M ${M} is-enabled systemd-networkd`)).stdout.trim()).toBe('enabled');
  });

  it('reaches a guest group from an INI inventory', async () => {
    const file = await book('ini.yml', ['- hosts: ini_guests', '  gather_facts: false', '  tasks:', '    - command: hostname', '      register: hn', '      changed_when: false', "    - assert: { that: [\"hn.stdout == 'mx-guest-one'\"] }"]);
    const r = await play(file, 'guests.ini');
    expect(recapOf(r.stdout, 'gi')).toMatchObject({ ok: 2, failed: 0 });
  });

  it('reports a stopped guest as unreachable', async () => {
    const stop = await on(`machinectl poweroff ${M}; for i in $(seq 1 60); do machinectl show ${M} >/dev/null 2>&1 || exit 0; sleep 0.5; done; exit 1`);
    expect(stop.rc).toBe(0);
    const file = await book('stopped.yml', ['- hosts: guests', '  gather_facts: false', '  tasks:', '    - command: true']);
    const r = await runCli(['play', file, ...inv()], { timeoutMs: 60_000 });
    expect(r.code).not.toBe(0);
    expect(recapOf(r.stdout, 'g1')).toMatchObject({ unreachable: 1 });
    expect(r.stdout + r.stderr).toContain(`machine ${M} is not running on ${h}`);
  });
});
