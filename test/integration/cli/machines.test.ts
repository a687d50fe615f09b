/**
 * `machinist machines` against a real sshd and a closed port: the reachable host is read (one probe
 * over SSH), the unreachable one listed as such, exit code 3 (as play, run and ping); --json gives one document;
 * a play's plain progress lines go to stderr beside the table; a bad connection variable contacts nothing.
 */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { runCli } from './run-cli.js';

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe.skipIf(skipReason())('machinist machines over SSH', () => {
  let sshd: Sshd;
  let dir: string;
  let inv: string;

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser('mview');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-machines-'));
    const common = {
      ansible_host: sshd.host, ansible_user: 'mview', ansible_ssh_private_key_file: sshd.clientKeyPath,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${sshd.knownHostsPath}`,
    };
    const hosts: Record<string, Record<string, unknown>> = { up: { ...common, ansible_port: sshd.port }, down: { ...common, ansible_port: await closedPort() } };
    const lines = ['all:', '  hosts:'];
    for (const [h, vars] of Object.entries(hosts)) {
      lines.push(`    ${h}:`);
      for (const [k, v] of Object.entries(vars)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
    }
    inv = path.join(dir, 'inventory.yml');
    await fs.writeFile(inv, lines.join('\n') + '\n');
  });

  afterAll(async () => {
    await sshd?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('lists the unreachable host and still reads the other one (exit 4)', async () => {
    const r = await runCli(['machines', '-i', inv, '-T', '5']);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^HOST +MACHINE +STATE +ENABLED +OS +ADDRESSES +MEMORY$/);
    expect(lines.find((l) => l.startsWith('down '))).toMatch(/UNREACHABLE/);
    const up = lines.filter((l) => l.startsWith('up '));
    expect(up.length).toBeGreaterThan(0);
    for (const l of up) expect(l).not.toMatch(/UNREACHABLE|FAILED/);
    // beside the table, the progress a play shows without a TTY: plain lines, on stderr, no recap
    expect(r.stderr).toContain('PLAY [machines] ***');
    expect(r.stderr).toMatch(/^ok: \[up\]$/m);
    expect(r.stderr).toMatch(/^fatal: \[down\]: UNREACHABLE! => /m);
    expect(r.stdout + r.stderr).not.toContain('PLAY RECAP');
  });

  it('a connection variable that is wrong once rendered stops the sweep before any host (exit 4)', async () => {
    const bad = path.join(dir, 'bad-port.yml');
    await fs.writeFile(bad, (await fs.readFile(inv, 'utf8')).replace(/ansible_port: \d+/, `ansible_port: "{{ 'ssh' }}"`));
    const r = await runCli(['machines', '-i', bad, '-T', '5']);
    expect(r.code, r.stdout + r.stderr).toBe(4);
    expect(r.stderr).toMatch(/ERROR: host up: ansible_port must be a port number from 1 to 65535, not "ssh"/);
    expect(r.stdout).toBe('');
  });

  it('a guest in the inventory is read through its host, as a play reaches it (was an unexpected error, exit 250)', async () => {
    const withGuest = path.join(dir, 'with-guest.yml');
    const guest = ['    web1:', '      ansible_connection: machinist.nspawn', '      machinist_nspawn_host: up'];
    await fs.writeFile(withGuest, (await fs.readFile(inv, 'utf8')).replace('  hosts:\n', `  hosts:\n${guest.join('\n')}\n`));
    const r = await runCli(['machines', '-i', withGuest, '-T', '5']);
    expect(r.stderr).not.toContain('unexpected');
    // no machine web1 runs on the sshd's host: the guest cannot be entered
    expect(r.stdout.split('\n').find((l) => l.startsWith('web1 '))).toMatch(/UNREACHABLE|FAILED/);
    expect(r.stdout.split('\n').find((l) => l.startsWith('up '))).not.toMatch(/UNREACHABLE|FAILED/);
    expect([2, 4]).toContain(r.code);
  });

  it('--json: one document, hosts → machines; --limit narrows it', async () => {
    const r = await runCli(['machines', '-i', inv, '--json', '-T', '5']);
    expect(r.code).toBe(4);
    const doc = JSON.parse(r.stdout) as { hosts: Record<string, { status: string; machines: unknown[] }>; unreachable: string[] };
    expect(doc.unreachable).toEqual(['down']);
    expect(['ok', 'no-machinectl']).toContain(doc.hosts.up.status);
    expect(Array.isArray(doc.hosts.up.machines)).toBe(true);
    const only = await runCli(['machines', 'all', '-i', inv, '--json', '--limit', 'up']);
    expect(only.code, only.stderr).toBe(0);
    expect(Object.keys((JSON.parse(only.stdout) as { hosts: object }).hosts)).toEqual(['up']);
  });
});
