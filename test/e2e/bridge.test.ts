/**
 * The bridge module on real lab hosts through the CLI: refused without bridge-utils (nothing
 * changed), then bridge-utils installed through the lab proxy and h1's eth0 put on br0 — br0 holds the
 * old address and eth0's MAC, a new SSH connection works, a re-run changes nothing, and a reboot
 * brings the host back bridged. On h2 the cut-overs that must not stick: a gateway nobody answers
 * on, and an address the controller cannot reconnect to — both roll back by themselves, and h2
 * stays reachable on its old address with its old files. Check mode touches nothing. At the end h1
 * is unbridged again (state: absent) and every file is as the lab made it.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');

describe.skipIf(lab.skip)('bridge module on lab hosts', () => {
  let dir: string;
  const addr: Record<string, string> = {};
  const filesBefore: Record<string, string> = {};
  let gateway = '';
  const FILES = 'cat /etc/network/interfaces; echo @@; ls -A /etc/network/interfaces.d';

  const on = (host: string, cmd: string) => labExec(host, cmd, { name: lab.name });

  async function book(name: string, lines: string[]): Promise<string> {
    const p = path.join(dir, name);
    await fs.writeFile(p, lines.join('\n') + '\n');
    return p;
  }

  const play = (file: string, extra: string[] = []) => runCli(['play', file, '-i', lab.inventory, ...extra], { timeoutMs: 240_000 });

  async function bridgeTask(name: string, host: string, args: string): Promise<string> {
    return book(name, [`- hosts: ${host}`, '  gather_facts: false', '  tasks:', `    - bridge: ${args}`]);
  }

  /** eth0's address (CIDR) as the host itself sees it, on whichever link holds it. */
  async function liveState(host: string) {
    const r = await on(host, "ip -j addr; echo @@; ip -j -4 route show default; echo @@; ip -j link");
    const [a, rt, l] = r.stdout.split('@@\n');
    const addrs = JSON.parse(a) as { ifname: string; address: string; master?: string; addr_info: { family: string; local: string; prefixlen: number; scope: string }[] }[];
    const links = JSON.parse(l) as { ifname: string; address: string; master?: string; linkinfo?: unknown }[];
    const v4 = (n: string) => (addrs.find((x) => x.ifname === n)?.addr_info ?? []).filter((i) => i.family === 'inet' && i.scope === 'global').map((i) => `${i.local}/${i.prefixlen}`);
    const link = (n: string) => links.find((x) => x.ifname === n);
    return { eth0: v4('eth0'), br0: v4('br0'), routes: JSON.parse(rt) as { gateway: string; dev: string }[], link };
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-bridge-'));
    for (const h of ['h1', 'h2']) {
      const s = await liveState(h);
      addr[h] = s.eth0[0];
      filesBefore[h] = (await on(h, FILES)).stdout;
      gateway = s.routes[0].gateway;
    }
  });
  afterAll(async () => {
    // leave h1 as the lab made it, whatever happened above (the site playbook bridges hosts itself)
    if (dir && !lab.skip) await play(await bridgeTask('cleanup.yml', 'h1,h2', '{ state: absent }')).catch(() => undefined);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('without bridge-utils the task fails naming the package, and nothing changes', async () => {
    const r = await play(await bridgeTask('no-utils.yml', 'h1', '{}'));
    expect(r.code).not.toBe(0);
    expect(recapOf(r.stdout, 'h1')).toMatchObject({ failed: 1, changed: 0 });
    expect(r.stdout).toContain('the package bridge-utils is not installed on h1');
    expect(r.stdout).toContain('nothing was changed');
    expect((await on('h1', FILES)).stdout).toBe(filesBefore.h1);
    expect((await liveState('h1')).link('br0')).toBeUndefined();
  });

  it('check mode reports the cut-over and the files, and touches nothing', async () => {
    const utils = await book('utils.yml', ['- hosts: h1,h2', '  gather_facts: false', '  tasks:', '    - apt: { name: bridge-utils, state: present, update_cache: true }']);
    const u = await play(utils);
    expect(u.code, u.stdout + u.stderr).toBe(0);
    const r = await play(await bridgeTask('check.yml', 'h1', '{}'), ['--check', '--diff']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recapOf(r.stdout, 'h1')).toMatchObject({ changed: 1, failed: 0 });
    expect(r.stdout).toContain('+iface eth0 inet manual');
    expect(r.stdout).toContain('link set dev eth0 master br0');
    expect((await on('h1', FILES)).stdout).toBe(filesBefore.h1);
    expect((await liveState('h1')).link('br0')).toBeUndefined();
  });

  it('puts eth0 on br0: the bridge keeps the address and the MAC, the host stays reachable, a re-run changes nothing', async () => {
    const file = await bridgeTask('bridge.yml', 'h1', '{}');
    const t0 = Date.now();
    const r = await play(file);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recapOf(r.stdout, 'h1')).toMatchObject({ changed: 1, failed: 0 });
    expect(Date.now() - t0).toBeLessThan(30_000);
    const s = await liveState('h1');
    expect(s.br0).toEqual([addr.h1]);
    expect(s.eth0).toEqual([]);
    expect(s.link('eth0')?.master).toBe('br0');
    expect(s.link('br0')?.address).toBe(s.link('eth0')?.address);
    expect(s.routes).toEqual([expect.objectContaining({ gateway, dev: 'br0' })]);
    const files = (await on('h1', 'cat /etc/network/interfaces.d/br0; grep -c "iface eth0 inet manual" /etc/network/interfaces')).stdout;
    expect(files).toContain(`bridge_hw ${s.link('eth0')?.address}`);
    expect(files).toContain(`address ${addr.h1}`);
    // a brand-new SSH connection
    const ping = await runCli(['ping', 'h1', '-i', lab.inventory], { timeoutMs: 60_000 });
    expect(ping.code, ping.stdout + ping.stderr).toBe(0);
    const again = await play(file);
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(recapOf(again.stdout, 'h1')).toMatchObject({ changed: 0, failed: 0 });
  });

  it('comes back bridged after a reboot', async () => {
    const file = await book('reboot.yml', ['- hosts: h1', '  gather_facts: false', '  tasks:', '    - reboot: {}', '    - bridge: {}']);
    const r = await play(file);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recapOf(r.stdout, 'h1')).toMatchObject({ ok: 2, changed: 1, failed: 0 });
    const s = await liveState('h1');
    expect(s.br0).toEqual([addr.h1]);
    expect(s.link('eth0')?.master).toBe('br0');
  });

  it('a gateway nobody answers on: the cut-over rolls back, h2 keeps its address and its files', async () => {
    const bad = gateway.replace(/\.\d+$/, '.99');
    const r = await play(await bridgeTask('bad-gw.yml', 'h2', `{ address: static, ipv4_address: ${addr.h2}, gateway: ${bad} }`));
    expect(r.code).not.toBe(0);
    expect(recapOf(r.stdout, 'h2')).toMatchObject({ failed: 1 });
    expect(r.stdout).toContain(`bridge cut-over on h2 rolled back: gateway ${bad} did not answer; the previous network configuration is restored`);
    const s = await liveState('h2');
    expect(s.eth0).toEqual([addr.h2]);
    expect(s.link('br0')).toBeUndefined();
    expect(s.routes).toEqual([expect.objectContaining({ gateway, dev: 'eth0' })]);
    expect((await on('h2', FILES)).stdout).toBe(filesBefore.h2);
    const ping = await runCli(['ping', 'h2', '-i', lab.inventory], { timeoutMs: 60_000 });
    expect(ping.code, ping.stdout + ping.stderr).toBe(0);
  });

  it('an address the controller cannot reconnect to: no confirmation, the host rolls back by itself', async () => {
    const other = addr.h2.replace(/\.\d+\//, '.77/');
    const r = await play(await bridgeTask('unreachable.yml', 'h2', `{ address: static, ipv4_address: ${other}, gateway: ${gateway}, confirm_timeout: 5 }`));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toContain('bridge cut-over on h2 rolled back: no confirmation from the controller within 5 s');
    const s = await liveState('h2');
    expect(s.eth0).toEqual([addr.h2]);
    expect(s.link('br0')).toBeUndefined();
    expect((await on('h2', FILES)).stdout).toBe(filesBefore.h2);
  });

  it('state: absent moves the address back to eth0 and restores its stanza', async () => {
    const file = await bridgeTask('absent.yml', 'h1', '{ state: absent }');
    const r = await play(file);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recapOf(r.stdout, 'h1')).toMatchObject({ changed: 1, failed: 0 });
    const s = await liveState('h1');
    expect(s.eth0).toEqual([addr.h1]);
    expect(s.link('br0')).toBeUndefined();
    expect((await on('h1', FILES)).stdout).toBe(filesBefore.h1);
    const again = await play(file);
    expect(recapOf(again.stdout, 'h1')).toMatchObject({ changed: 0, failed: 0 });
  });
});
