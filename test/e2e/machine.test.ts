/**
 * The `machine` module and `machinist machines` on a lab host, through the built CLI: a guest image
 * bootstrapped, started and enabled (its own systemd running or degraded, machines.target enabled
 * on systemd 252), a re-run that changes nothing, the fleet table and its JSON, a clone with its own
 * machine-id, restart when the .nspawn file changed, stop, restart, absent (image and .nspawn gone,
 * check mode first), and the host rebooted with the enabled guest coming back by itself.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');
const G = 'mxe2e';
const C = 'mxe2e-clone';

describe.skipIf(lab.skip)('machine module and the machines view on a lab host', () => {
  let dir: string;
  const host = lab.hosts[lab.hosts.length > 1 ? 1 : 0];
  const on = (cmd: string) => labExec(host, cmd, { name: lab.name });

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-machine-'));
  });
  afterAll(async () => {
    // leave the host as it was, whatever happened above
    await on(`for m in ${C} ${G}; do machinectl terminate $m 2>/dev/null; machinectl disable $m 2>/dev/null; done; sleep 1; machinectl remove ${C} 2>/dev/null; machinectl remove ${G} 2>/dev/null; true`).catch(() => undefined);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function play(name: string, tasks: string[], extra: string[] = [], expectCode = 0) {
    const file = path.join(dir, name);
    await fs.writeFile(file, [`- hosts: ${host}`, '  gather_facts: false', '  tasks:', ...tasks.map((t) => `    ${t}`)].join('\n') + '\n');
    const r = await runCli(['play', file, '-i', lab.inventory, ...extra], { timeoutMs: 240_000 });
    expect(r.code, r.stdout + r.stderr).toBe(expectCode);
    return { ...r, recap: recapOf(r.stdout, host) };
  }
  const leader = async (m: string) => (await on(`machinectl show ${m} -p Leader --value`)).stdout.trim();
  const guestState = async (m: string) => (await on(`nsenter -t "$(machinectl show ${m} -p Leader --value)" -a systemctl is-system-running`)).stdout.trim();

  const START = [
    `- machine: { name: ${G}, state: started, enabled: true }`,
    '  register: started',
    '- debug: { var: started }',
  ];

  it('bootstraps a guest, starts and enables it (machines.target too); a re-run changes nothing', async () => {
    await play('tools.yml', ['- apt: { name: [systemd-container, debootstrap], update_cache: true }']);
    // systemd-container enables machines.target; systemd 252 does not do it in `machinectl enable`
    await on('systemctl disable machines.target');
    const t = Date.now();
    const first = await play('start.yml', [
      `- debootstrap: { name: ${G}, mirror: "{{ lab_debian_mirror }}", include: [systemd, dbus, systemd-sysv] }`,
      ...START,
    ], ['--diff']);
    process.stderr.write(`[e2e] debootstrap + start took ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    expect(first.recap).toMatchObject({ changed: 2, failed: 0 });
    expect(first.stdout).toContain('+state: started');
    expect(first.stdout).toContain('+machines.target: enabled');
    expect(first.stdout).toMatch(/"os": "Debian GNU\/Linux 12 \(bookworm\)"/);
    expect(first.stdout).toMatch(/"machine_id": "[0-9a-f]{32}"/);
    expect(['running', 'degraded']).toContain(await guestState(G));
    expect((await on('systemctl is-enabled machines.target')).stdout.trim()).toBe('enabled');
    expect((await on(`systemctl is-enabled systemd-nspawn@${G}.service`)).stdout.trim()).toBe('enabled');

    const again = await play('start-again.yml', START);
    expect(again.recap).toMatchObject({ changed: 0, failed: 0 });
  });

  it('machinist machines lists the guest with its state and OS, as a table and as JSON', async () => {
    const table = await runCli(['machines', '-i', lab.inventory]);
    expect(table.code, table.stdout + table.stderr).toBe(0);
    const row = table.stdout.split('\n').find((l) => l.startsWith(`${host} `) && l.includes(` ${G} `));
    expect(row, table.stdout).toMatch(/ (running|degraded) +yes +Debian GNU\/Linux 12 \(bookworm\)/);
    expect(table.stdout.split('\n')[0]).toMatch(/^HOST +MACHINE +STATE +ENABLED +OS +ADDRESSES +MEMORY$/);

    const json = await runCli(['machines', '-i', lab.inventory, '--json', '--limit', host]);
    expect(json.code, json.stderr).toBe(0);
    const doc = JSON.parse(json.stdout) as { hosts: Record<string, { status: string; machines: Array<Record<string, unknown>> }> };
    expect(Object.keys(doc.hosts)).toEqual([host]);
    const m = doc.hosts[host].machines.find((x) => x.name === G);
    expect(m).toMatchObject({ enabled: true, os: 'Debian GNU/Linux 12 (bookworm)', image: { path: `/var/lib/machines/${G}` } });
    expect(['running', 'degraded']).toContain(m!.state);
  });

  it('clones (own machine-id), restarts on a changed .nspawn file, stops, restarts, removes', async () => {
    const clone = await play('clone.yml', [`- machine: { name: ${C}, clone: ${G}, state: started }`]);
    expect(clone.recap).toMatchObject({ changed: 1, failed: 0 });
    const ids = (await on(`cat /var/lib/machines/${G}/etc/machine-id /proc/$(machinectl show ${C} -p Leader --value)/root/etc/machine-id`)).stdout.trim().split('\n');
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).toMatch(/^[0-9a-f]{32}$/);
    expect(ids[1]).not.toBe(ids[0]);

    // settings written after the start: restart_on_change restarts it (the leader changes)
    const before = await leader(G);
    await on(`mkdir -p /etc/systemd/nspawn && printf '[Exec]\\nEnvironment=MX_E2E=1\\n' > /etc/systemd/nspawn/${G}.nspawn`);
    const changed = await play('changed.yml', [...START.slice(0, 2), '- assert: { that: [started.restarted, "\'nspawn changed\' in started.msg"] }']);
    expect(changed.recap).toMatchObject({ changed: 1, failed: 0 });
    expect(await leader(G)).not.toBe(before);

    const stop = await play('stop.yml', [`- machine: { name: ${C}, state: stopped }`, `- machine: { name: ${C}, state: stopped }`]);
    expect(stop.recap).toMatchObject({ changed: 1, failed: 0 });
    expect((await on(`machinectl show ${C}`)).rc).not.toBe(0);

    const l1 = await leader(G);
    const restart = await play('restart.yml', [`- machine: { name: ${G}, state: restarted }`]);
    expect(restart.recap).toMatchObject({ changed: 1 });
    expect(await leader(G)).not.toBe(l1);
    expect(['running', 'degraded']).toContain(await guestState(G));

    await on(`printf '[Exec]\\nEnvironment=MX_E2E=2\\n' > /etc/systemd/nspawn/${C}.nspawn`);
    const dry = await play('absent-check.yml', [`- machine: { name: ${C}, state: absent }`], ['--check', '--diff']);
    expect(dry.recap).toMatchObject({ changed: 1 });
    expect(dry.stdout).toContain(`-image: /var/lib/machines/${C} (directory`);
    expect(dry.stdout).toContain(`-settings: /etc/systemd/nspawn/${C}.nspawn`);
    expect((await on(`test -d /var/lib/machines/${C} && test -f /etc/systemd/nspawn/${C}.nspawn`)).rc).toBe(0);
    const gone = await play('absent.yml', [`- machine: { name: ${C}, state: absent }`, `- machine: { name: ${C}, state: absent }`]);
    expect(gone.recap).toMatchObject({ changed: 1, failed: 0 });
    expect((await on(`test -e /var/lib/machines/${C} || test -e /etc/systemd/nspawn/${C}.nspawn`)).rc).toBe(1);

    const missing = await play('missing.yml', [`- machine: { name: ${C}, state: started }`], [], 2);
    expect(missing.stdout).toContain(`no image ${C} in /var/lib/machines; create it with debootstrap, machine_image or clone`);
  });

  it('an enabled guest comes back by itself when its host reboots', async () => {
    const bootBefore = (await on('cat /proc/sys/kernel/random/boot_id')).stdout.trim();
    await play('reboot.yml', ['- reboot: { reboot_timeout: 180 }']);
    expect((await on('cat /proc/sys/kernel/random/boot_id')).stdout.trim()).not.toBe(bootBefore);
    const wait = `for i in $(seq 1 60); do L=$(machinectl show ${G} -p Leader --value 2>/dev/null); if [ -n "$L" ]; then s=$(nsenter -t "$L" -a systemctl is-system-running 2>/dev/null); case $s in running|degraded) echo "$s"; exit 0;; esac; fi; sleep 1; done; echo "not up: $s"`;
    expect(['running', 'degraded']).toContain((await on(wait)).stdout.trim());
    // the module agrees: nothing to do
    expect((await play('after-reboot.yml', START)).recap).toMatchObject({ changed: 0, failed: 0 });

    const cleanup = await play('cleanup.yml', [`- machine: { name: ${G}, state: absent }`]);
    expect(cleanup.recap).toMatchObject({ changed: 1, failed: 0 });
    expect((await on(`test -e /var/lib/machines/${G}`)).rc).toBe(1);
  });
});
