/**
 * The `nspawn` settings module on a real lab host, through the built CLI: a .nspawn file written in
 * the trusted location (content and mode checked, VirtualEthernet= present, second run changed=0), a
 * misspelt key refused before any host is contacted, and restart reporting against a real running
 * guest (a minbase debootstrap): a changed file says restart_required, still so on a no-change re-run
 * until the machine is restarted, after which the guest runs with the file's settings (its veth link
 * and environment). Everything created is removed at the end.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { nspawnFileText } from '../../src/modules/nspawn/settings/nspawn.js';
import { nspawnSchema } from '../../src/modules/nspawn/settings/settings-schema.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');
const GUEST = 'e2ecfg';

describe.skipIf(lab.skip)('nspawn settings on a lab host', () => {
  let dir: string;
  const host = lab.hosts[0];
  const on = async (cmd: string) => {
    const r = await labExec(host, cmd, { name: lab.name });
    return { ...r, stdout: r.stdout.replace(/\n$/, '') };
  };

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-settings-'));
  });
  afterAll(async () => {
    await on(`machinectl terminate ${GUEST} 2>/dev/null; systemctl stop systemd-nspawn@${GUEST}.service 2>/dev/null; rm -rf /var/lib/machines/${GUEST} /var/lib/machines/.${GUEST}.partial /etc/systemd/nspawn/${GUEST}.nspawn /etc/systemd/nspawn/settingsdemo.nspawn; true`);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function book(name: string, tasks: string[]): Promise<string> {
    const p = path.join(dir, name);
    await fs.writeFile(p, ['- hosts: ' + host, '  gather_facts: false', '  tasks:', ...tasks.map((t) => '    ' + t)].join('\n') + '\n');
    return p;
  }

  async function play(file: string, timeoutMs = 180_000) {
    const r = await runCli(['play', file, '-i', lab.inventory], { timeoutMs });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return recapOf(r.stdout, host);
  }

  it('writes a .nspawn file in /etc/systemd/nspawn, then changes nothing', async () => {
    const settings = {
      exec: { Boot: true, Environment: { LANG: 'C.UTF-8', MOTD: 'hello world' }, private_users: 'pick' },
      files: { Bind: ['/srv/demo:/srv'] },
      network: { Port: ['tcp:8080:80'], Zone: 'demo' },
    };
    const file = await book('write.yml', [
      '- nspawn:',
      '    name: settingsdemo',
      `    exec: ${JSON.stringify(settings.exec)}`,
      `    files: ${JSON.stringify(settings.files)}`,
      `    network: ${JSON.stringify(settings.network)}`,
    ]);
    expect(await play(file)).toMatchObject({ changed: 1, failed: 0 });
    const text = (await on('cat /etc/systemd/nspawn/settingsdemo.nspawn')).stdout;
    expect(text + '\n').toBe(nspawnFileText(nspawnSchema.parse({ name: 'settingsdemo', ...settings })));
    expect(text).toMatch(/^# Managed by machinist/);
    expect(text).toMatch(/\n\[Network\]\nVirtualEthernet=yes\nZone=demo\nPort=tcp:8080:80$/);
    expect(text).toMatch(/\nEnvironment="MOTD=hello world"\n/);
    expect((await on('stat -c "%a %U %G" /etc/systemd/nspawn/settingsdemo.nspawn')).stdout).toBe('644 root root');
    expect(await play(file)).toMatchObject({ changed: 0, failed: 0 });

    const remove = await book('remove.yml', ['- nspawn: { name: settingsdemo, state: absent }']);
    expect(await play(remove)).toMatchObject({ changed: 1, failed: 0 });
    expect((await on('test -e /etc/systemd/nspawn/settingsdemo.nspawn')).rc).toBe(1);
    expect(await play(remove)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('refuses a misspelt key with the near name before contacting any host', async () => {
    const file = await book('typo.yml', ['- nspawn:', '    name: settingsdemo', '    network:', '      VirtualEthernt: true']);
    const r = await runCli(['play', file, '-i', lab.inventory]);
    expect(r.code).not.toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`${file}:7:11: argument 'network.VirtualEthernt' of module 'nspawn': unknown key 'VirtualEthernt' in [Network] (did you mean 'VirtualEthernet'?)`);
    expect(out).toMatch(/nothing was contacted or changed/);
  });

  it('reports restart_required for a running machine until it is restarted', async () => {
    const image = `/var/lib/machines/${GUEST}`;
    const setup = await book('guest.yml', [
      '- apt: { name: [debootstrap, systemd-container], update_cache: true }',
      '- name: a minimal guest (debootstrap into a partial directory, then renamed into place)',
      '  shell: >-',
      `    rm -rf /var/lib/machines/.${GUEST}.partial &&`,
      `    debootstrap --variant=minbase --include=systemd,dbus,systemd-sysv bookworm /var/lib/machines/.${GUEST}.partial {{ lab_debian_mirror }} >/dev/null &&`,
      `    mv /var/lib/machines/.${GUEST}.partial ${image}`,
      `  args: { creates: ${image} }`,
      `- command: machinectl start ${GUEST}`,
    ]);
    await play(setup, 240_000);
    expect((await on(`systemctl is-active systemd-nspawn@${GUEST}.service`)).stdout).toBe('active');

    const settings = await book('guest-settings.yml', [
      `- nspawn: { name: ${GUEST}, exec: { Environment: { MACHINIST_E2E: settings } }, network: { Private: true } }`,
      '  register: r',
      '- assert: { that: [r.running, r.restart_required] }',
    ]);
    expect(await play(settings)).toMatchObject({ changed: 1, failed: 0 });
    // unchanged now, but still newer than the machine's start
    expect(await play(settings)).toMatchObject({ changed: 0, failed: 0 });

    await on(`systemctl restart systemd-nspawn@${GUEST}.service`);
    const after = await book('guest-after.yml', [
      `- nspawn: { name: ${GUEST}, exec: { Environment: { MACHINIST_E2E: settings } }, network: { Private: true } }`,
      '  register: r',
      '- assert: { that: [r.running, "not r.restart_required"] }',
    ]);
    expect(await play(after)).toMatchObject({ changed: 0, failed: 0 });
    // the restarted guest runs with the file: its veth link exists and its init has the environment
    expect((await on(`ip -o link show ve-${GUEST}`)).rc).toBe(0);
    const leader = (await on(`machinectl show ${GUEST} -p Leader --value`)).stdout.trim();
    expect((await on(`tr '\\0' '\\n' < /proc/${leader}/environ`)).stdout).toContain('MACHINIST_E2E=settings');
  });
});
