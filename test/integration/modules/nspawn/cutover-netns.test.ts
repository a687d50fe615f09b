/**
 * The cut-over for real, on this machine, in two network namespaces: a "host" whose eth0 has a static
 * address and a default route, and a "gateway" at the other end of the veth. The host's state is read
 * with the module's own probe, the plan decides the ip batches, and the controller side (runCutover)
 * starts the script detached (setsid: no systemd here) and confirms it. Three runs: a good gateway
 * (committed: the bridge holds the address and the port's MAC), a gateway nobody answers on, and no
 * confirmation at all (both rolled back: eth0 has its address and route again, the files are the old
 * ones). Files go to a temp directory, never to this machine's /etc. Needs root and `ip netns`.
 */
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalConnection } from '../../../../src/transport/local.js';
import type { ExecOptions, ExecResult } from '../../../../src/transport/types.js';
import { quote } from '../../../../src/util/quote.js';
import { bridgeSchema } from '../../../../src/modules/nspawn/bridge/bridge-args.js';
import { bridgeProbeScript, cutoverDir, parseBridgeProbe } from '../../../../src/modules/nspawn/bridge/bridge-state.js';
import { decideBridge } from '../../../../src/modules/nspawn/bridge/bridge-decide.js';
import { runCutover, startCommand, type CutoverSpec } from '../../../../src/modules/nspawn/bridge/cutover.js';
import { cutoverSpec } from '../../../../src/modules/nspawn/bridge/bridge.js';
import { moduleContext } from '../../../helpers/module-context.js';

const tag = `mx${process.pid % 100000}`;
const HOST = `${tag}h`;
const GW = `${tag}g`;
const BR = `${tag}b`;

function canRun(): boolean {
  try {
    if (process.getuid?.() !== 0) return false;
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    execFileSync('perl', ['-e', '1'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A local connection whose commands run inside the host's network namespace. */
class NetnsConnection extends LocalConnection {
  constructor(private readonly ns: string) {
    super('nshost');
  }
  override exec(command: string, opts?: ExecOptions): Promise<ExecResult> {
    return super.exec(`exec ip netns exec ${quote(this.ns)} /bin/sh -c ${quote(command)}`, opts);
  }
}

const ip = (...args: string[]) => execFileSync('ip', args, { encoding: 'utf8' });
const inHost = (...args: string[]) => ip('netns', 'exec', HOST, 'ip', ...args);

describe.skipIf(!canRun())('bridge cut-over in network namespaces', () => {
  let dir: string;
  const conn = new NetnsConnection(HOST);
  const ORIGINAL = 'auto eth0\niface eth0 inet static\n    address 192.0.2.10/24\n    gateway 192.0.2.1\n';

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'mx-cutover-'));
    ip('netns', 'add', HOST);
    ip('netns', 'add', GW);
    ip('link', 'add', `${tag}x`, 'netns', HOST, 'type', 'veth', 'peer', 'name', `${tag}y`, 'netns', GW);
    inHost('link', 'set', `${tag}x`, 'name', 'eth0');
    inHost('address', 'add', '192.0.2.10/24', 'dev', 'eth0');
    inHost('link', 'set', 'eth0', 'up');
    inHost('link', 'set', 'lo', 'up');
    inHost('route', 'add', 'default', 'via', '192.0.2.1', 'dev', 'eth0', 'onlink');
    ip('netns', 'exec', GW, 'ip', 'address', 'add', '192.0.2.1/24', 'dev', `${tag}y`);
    ip('netns', 'exec', GW, 'ip', 'link', 'set', `${tag}y`, 'up');
  });
  afterAll(async () => {
    for (const ns of [HOST, GW]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        /* already gone */
      }
    }
    await fs.rm(cutoverDir(BR), { recursive: true, force: true });
    await fs.rmdir(path.dirname(cutoverDir(BR))).catch(() => undefined); // only when nothing else is in it
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  /** Probe the namespace, plan, and point the files at the temp dir. */
  async function plan(args: Record<string, unknown>): Promise<CutoverSpec> {
    const r = await conn.exec(bridgeProbeScript(BR));
    expect(r.rc, r.stderr).toBe(0);
    const p = parseBridgeProbe(r.stdout);
    p.files = { '/etc/network/interfaces': ORIGINAL };
    const a = bridgeSchema.parse({ name: BR, confirm_timeout: 5, ...args });
    const d = decideBridge(a, p);
    d.files = d.files.map((f) => ({ ...f, path: path.join(dir, path.basename(f.path)) }));
    const spec = cutoverSpec(a, d, p);
    // this machine's ifupdown state (if any) is not the namespace's
    return { ...spec, vars: { ...spec.vars, IFSTATE_UP: '', IFSTATE_DOWN: '' } };
  }

  async function reset(): Promise<void> {
    // every test starts from the plain host, whatever the one before left
    if (JSON.parse(inHost('-j', 'link')).some((l: { ifname: string }) => l.ifname === BR)) {
      inHost('link', 'del', BR);
      inHost('address', 'replace', '192.0.2.10/24', 'dev', 'eth0');
      inHost('link', 'set', 'eth0', 'up');
      inHost('route', 'replace', 'default', 'via', '192.0.2.1', 'dev', 'eth0', 'onlink');
    }
    await fs.writeFile(path.join(dir, 'interfaces'), ORIGINAL);
    await fs.rm(path.join(dir, BR), { force: true });
  }

  function state() {
    const links = JSON.parse(inHost('-j', 'addr')) as { ifname: string; address: string; master?: string; addr_info: { family: string; local: string }[] }[];
    const v4 = (n: string) => links.find((l) => l.ifname === n)?.addr_info.filter((a) => a.family === 'inet').map((a) => a.local);
    return { links, eth0: v4('eth0'), br: v4(BR), routes: inHost('-4', 'route', 'show', 'default').trim() };
  }

  it('a good gateway: committed; the bridge holds the address and the port MAC, the files are installed', async () => {
    await reset();
    const spec = await plan({});
    const out = await runCutover(moduleContext(conn), spec, { pollMs: 100, marginS: 10 });
    expect(out.status).toBe('committed');
    expect(out.log).toMatch(/gateway \S+ answers (ping|arping|ARP)/); // whichever tool the machine has
    const s = state();
    expect(s.br).toEqual(['192.0.2.10']);
    expect(s.eth0).toEqual([]);
    expect(s.links.find((l) => l.ifname === 'eth0')?.master).toBe(BR);
    expect(s.links.find((l) => l.ifname === BR)?.address).toBe(s.links.find((l) => l.ifname === 'eth0')?.address);
    expect(s.routes).toBe(`default via 192.0.2.1 dev ${BR} onlink`);
    expect(await fs.readFile(path.join(dir, BR), 'utf8')).toContain(`bridge_ports eth0\n`);
    expect(await fs.readFile(path.join(dir, 'interfaces'), 'utf8')).toBe('iface eth0 inet manual\n\nsource /etc/network/interfaces.d/*\n');
    // and back with state: absent (the files of this run are not checked: the probe saw none)
    const back = await plan({ state: 'absent', ports: ['eth0'] });
    expect((await runCutover(moduleContext(conn), back, { pollMs: 100, marginS: 10 })).status).toBe('committed');
    expect(state()).toMatchObject({ eth0: ['192.0.2.10'], br: undefined, routes: 'default via 192.0.2.1 dev eth0 onlink' });
  });

  it('a gateway nobody answers on: rolled back by the script, with the reason', async () => {
    await reset();
    const spec = await plan({ address: 'static', ipv4_address: '192.0.2.10/24', gateway: '192.0.2.99' });
    await expect(runCutover(moduleContext(conn), spec, { pollMs: 100, marginS: 10 })).rejects.toThrow(
      'bridge cut-over on nshost rolled back: gateway 192.0.2.99 did not answer; the previous network configuration is restored',
    );
    expect(state()).toMatchObject({ eth0: ['192.0.2.10'], br: undefined, routes: 'default via 192.0.2.1 dev eth0 onlink' });
    expect(await fs.readFile(path.join(dir, 'interfaces'), 'utf8')).toBe(ORIGINAL);
    await expect(fs.access(path.join(dir, BR))).rejects.toThrow();
  });

  it('no confirmation: the detached script restores everything by itself after confirm_timeout', async () => {
    await reset();
    const spec = await plan({});
    const r = await conn.exec(startCommand(spec));
    expect(r.stdout.trim()).toBe('started');
    const status = path.join(cutoverDir(BR), 'status');
    const deadline = Date.now() + 30_000;
    let text = '';
    while (Date.now() < deadline && !text.startsWith('rolled-back')) {
      await new Promise((res) => setTimeout(res, 250));
      text = await fs.readFile(status, 'utf8').catch(() => '');
    }
    expect(text).toBe('rolled-back\nno confirmation from the controller within 5 s (it could not reconnect)\n');
    expect(state()).toMatchObject({ eth0: ['192.0.2.10'], br: undefined, routes: 'default via 192.0.2.1 dev eth0 onlink' });
    expect(await fs.readFile(path.join(dir, 'interfaces'), 'utf8')).toBe(ORIGINAL);
  });
});
