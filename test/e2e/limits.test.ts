/**
 * machine_limits on a lab host through the CLI: a tiny guest is bootstrapped and started, limits are
 * set while it runs (systemctl show reports them, the drop-ins are in /etc/systemd/system.control),
 * a re-run changes nothing, runtime limits go to /run only, a stopped machine takes limits too, and a
 * removed key is back to its default. The guest, its image and its drop-ins are removed at the end.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');
const GUEST = 'mxlim1';
const UNIT = `systemd-nspawn@${GUEST}.service`;
const PROPS = '-p MemoryMax -p MemoryHigh -p CPUQuotaPerSecUSec -p CPUWeight -p TasksMax -p IOWeight -p AllowedCPUs -p ActiveState';

describe.skipIf(lab.skip)('machine_limits on a lab host', () => {
  const host = lab.hosts[0];
  let dir: string;
  const on = (cmd: string) => labExec(host, cmd, { name: lab.name });

  async function book(name: string, tasks: string[]): Promise<string> {
    const p = path.join(dir, name);
    await fs.writeFile(p, [`- hosts: ${host}`, '  gather_facts: false', '  tasks:', ...tasks.map((t) => `    ${t}`)].join('\n') + '\n');
    return p;
  }

  async function play(file: string, timeoutMs = 240_000) {
    const r = await runCli(['play', file, '-i', lab.inventory], { timeoutMs });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return recapOf(r.stdout, host);
  }

  async function show(): Promise<Record<string, string>> {
    const r = await on(`systemctl show ${UNIT} ${PROPS}`);
    return Object.fromEntries(r.stdout.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-limits-'));
    const setup = await book('setup.yml', [
      '- apt: { name: [systemd-container, debootstrap], state: present, update_cache: true }',
      '- command:',
      `    cmd: debootstrap --variant=minbase --include=systemd,dbus,systemd-sysv bookworm /var/lib/machines/${GUEST} {{ lab_debian_mirror }}`,
      `    creates: /var/lib/machines/${GUEST}/etc/os-release`,
      `- command: machinectl start ${GUEST}`,
    ]);
    await play(setup, 300_000);
    expect((await on(`systemctl is-active ${UNIT}`)).stdout.trim()).toBe('active');
  }, 330_000);

  afterAll(async () => {
    if (!lab.skip) {
      await on(
        `machinectl terminate ${GUEST} 2>/dev/null; systemctl stop ${UNIT} 2>/dev/null; ` +
          `rm -rf /var/lib/machines/${GUEST} /etc/systemd/system.control/${UNIT}.d /run/systemd/system.control/${UNIT}.d; systemctl daemon-reload`,
      );
    }
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  }, 120_000);

  it('sets limits on the running machine, then changes nothing', async () => {
    const file = await book('limits.yml', [
      '- machine_limits:',
      `    name: ${GUEST}`,
      '    limits: { MemoryMax: 256M, MemoryHigh: 50%, CPUQuota: 50%, CPUWeight: 200, TasksMax: 300, AllowedCPUs: "0" }',
    ]);
    expect(await play(file)).toMatchObject({ changed: 1, failed: 0 });
    expect(await show()).toMatchObject({
      ActiveState: 'active',
      MemoryMax: '268435456',
      CPUQuotaPerSecUSec: '500ms',
      CPUWeight: '200',
      TasksMax: '300',
      AllowedCPUs: '0',
    });
    const files = (await on(`ls /etc/systemd/system.control/${UNIT}.d/`)).stdout;
    expect(files).toContain('50-MemoryMax.conf');
    expect(files).toContain('50-MemoryHighScale.conf');
    expect((await on(`cat /etc/systemd/system.control/${UNIT}.d/50-CPUQuota.conf`)).stdout).toContain('CPUQuota=50%');
    expect(await play(file)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('runtime limits go to /run only (not persisted), then change nothing', async () => {
    const file = await book('runtime.yml', ['- machine_limits:', `    name: ${GUEST}`, '    runtime: true', '    limits: { IOWeight: 50 }']);
    expect(await play(file)).toMatchObject({ changed: 1, failed: 0 });
    expect((await show()).IOWeight).toBe('50');
    expect((await on(`cat /run/systemd/system.control/${UNIT}.d/50-IOWeight.conf`)).stdout).toContain('IOWeight=50');
    expect((await on(`test -e /etc/systemd/system.control/${UNIT}.d/50-IOWeight.conf`)).rc).toBe(1);
    expect(await play(file)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('a stopped machine takes limits too; removed keys return to their default', async () => {
    await on(`machinectl terminate ${GUEST}; for i in $(seq 50); do systemctl is-active -q ${UNIT} || break; sleep 0.2; done`);
    expect((await show()).ActiveState).not.toBe('active');
    const set = await book('stopped.yml', ['- machine_limits:', `    name: ${GUEST}`, '    limits: { MemoryMax: 512M, TasksMax: null }']);
    expect(await play(set)).toMatchObject({ changed: 1, failed: 0 });
    expect(await show()).toMatchObject({ MemoryMax: '536870912', TasksMax: '16384' });
    expect((await on(`test -e /etc/systemd/system.control/${UNIT}.d/50-TasksMax.conf`)).rc).toBe(1);
    expect(await play(set)).toMatchObject({ changed: 0, failed: 0 });

    const absent = await book('absent.yml', [
      '- machine_limits:',
      `    name: ${GUEST}`,
      '    state: absent',
      '    limits: [MemoryMax, MemoryHigh, CPUQuota, CPUWeight, AllowedCPUs]',
    ]);
    expect(await play(absent)).toMatchObject({ changed: 1, failed: 0 });
    expect(await show()).toMatchObject({ MemoryMax: 'infinity', MemoryHigh: 'infinity', CPUQuotaPerSecUSec: 'infinity', CPUWeight: '[not set]', AllowedCPUs: '' });
    expect(await play(absent)).toMatchObject({ changed: 0, failed: 0 });
    // started again, the machine runs with what is left (the runtime IOWeight)
    await on(`machinectl start ${GUEST}`);
    expect(await show()).toMatchObject({ ActiveState: 'active', IOWeight: '50', MemoryMax: 'infinity' });
  });

  it('a misspelt limit is refused before any host is contacted, with the near name', async () => {
    const file = await book('typo.yml', ['- machine_limits:', `    name: ${GUEST}`, '    limits: { MemoryMaxx: 1G }']);
    const r = await runCli(['play', file, '-i', lab.inventory], { timeoutMs: 60_000 });
    expect(r.code).toBe(4);
    expect(r.stdout + r.stderr).toMatch(/typo\.yml:\d+:\d+: .*unknown key 'MemoryMaxx' in limits: did you mean 'MemoryMax'\?/);
  });
});
