/**
 * The image modules on one lab host, through the CLI: a debootstrap interrupted with Ctrl-C leaves
 * only a hidden partial directory (and no debootstrap running), the next run cleans it and completes
 * the image (mirror taken from the host's own apt sources, i.e. through the lab proxy), a second run
 * changes nothing; the guest has its own machine-id and /var/lib/machines is root:root 0700. The image
 * is exported to a tar and imported under another name (fresh machine-id); an import interrupted with
 * Ctrl-C leaves no image (importd is cancelled and what it still made is removed); a file is copied to and
 * from the stopped machine (changed, then unchanged). A small tar served from the lab gateway is pulled
 * (verify: no). Images are removed at the end.
 */
import { execFileSync, spawn } from 'node:child_process';
import * as http from 'node:http';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');
const BIN = path.resolve(__dirname, '../../bin/machinist.js');
const IMG = 'mxi-base';
const CLONE = 'mxi-clone';
const TAR = '/root/mxi-base.tar';
const PULLED = 'mxi-pulled';
const INTERRUPTED = 'mxi-int';

describe.skipIf(lab.skip)('debootstrap, machine_image and machine_copy on a lab host', () => {
  const host = lab.hosts[0];
  let dir: string;
  const on = (cmd: string) => labExec(host, cmd, { name: lab.name });
  const out = async (cmd: string) => (await on(cmd)).stdout.trim();

  async function book(name: string, tasks: string[]): Promise<string> {
    const p = path.join(dir, name);
    await fs.writeFile(p, ['- hosts: ' + host, '  gather_facts: false', '  tasks:', ...tasks.map((t) => `    - ${t}`), ''].join('\n'));
    return p;
  }
  async function play(file: string, extra: string[] = []) {
    const t = Date.now();
    const r = await runCli(['play', file, '-i', lab.inventory, ...extra], { timeoutMs: 300_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return { ...r, seconds: (Date.now() - t) / 1000 };
  }

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-images-'));
    const setup = await book('setup.yml', ['apt: { name: [debootstrap, systemd-container], state: present, update_cache: true }']);
    await play(setup);
    // a loose /var/lib/machines is tightened by the bootstrap
    await on('mkdir -p /var/lib/machines && chmod 0755 /var/lib/machines');
  });
  afterAll(async () => {
    await on(`for m in ${IMG} ${CLONE} ${PULLED} ${INTERRUPTED}; do machinectl terminate $m 2>/dev/null; machinectl remove $m 2>/dev/null; rm -rf /var/lib/machines/.$m.partial /var/lib/machines/.$m.partial.log /var/lib/machines/.$m.lock; done; rm -f ${TAR} /root/mxi-hello.txt /root/mxi-back.txt; true`).catch(() => undefined);
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it('Ctrl-C during the bootstrap leaves only a partial directory and no debootstrap running', async () => {
    const file = await book('bootstrap.yml', [`debootstrap: { name: ${IMG} }`]);
    const child = spawn(process.execPath, [BIN, 'play', file, '-i', lab.inventory], { env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    while (!stdout.includes('TASK [debootstrap]') && Date.now() < deadline && child.exitCode === null) await new Promise((r) => setTimeout(r, 100));
    // wait until debootstrap is under way on the host, then interrupt
    while (Date.now() < deadline && (await out(`test -d /var/lib/machines/.${IMG}.partial/debootstrap && echo yes || true`)) !== 'yes') await new Promise((r) => setTimeout(r, 250));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await exited;
    clearTimeout(timer);
    expect(code).toBe(99);
    await new Promise((r) => setTimeout(r, 5_000)); // the watchdog notices the closed channel within ~2 s
    expect(await out('ps ax | grep -c "[d]ebootstrap" || true')).toBe('0');
    expect(await out(`test -e /var/lib/machines/${IMG} && echo present || echo absent`)).toBe('absent');
    expect(await out(`test -d /var/lib/machines/.${IMG}.partial && echo partial || echo none`)).toBe('partial');
  });

  it('the next run cleans the partial directory and completes the image; a second run changes nothing', async () => {
    const file = await book('bootstrap.yml', [`debootstrap: { name: ${IMG} }`]);
    const first = await play(file, ['-v']);
    process.stderr.write(`[e2e] debootstrap in a lab host: ${first.seconds.toFixed(1)} s\n`);
    expect(recapOf(first.stdout, host)).toMatchObject({ changed: 1, failed: 0 });
    expect(first.stdout).toContain('"partial_removed": true');
    const gateway = await out("ip route | awk '/^default/ { print $3 }'");
    expect(first.stdout).toContain(`"mirror": "http://${gateway}:3142/deb.debian.org/debian"`);
    expect(await out(`ls -A /var/lib/machines | grep -c partial || true`)).toBe('0');
    expect(await out(`test -x /var/lib/machines/${IMG}/usr/lib/systemd/systemd && test -e /var/lib/machines/${IMG}/usr/bin/dbus-daemon && echo ok`)).toBe('ok');
    expect(await out('stat -c "%a %U %G" /var/lib/machines')).toBe('700 root root');
    const guestId = await out(`cat /var/lib/machines/${IMG}/etc/machine-id`);
    expect(guestId).toMatch(/^[0-9a-f]{32}$/);
    expect(guestId).not.toBe(await out('cat /etc/machine-id'));
    expect(first.stdout).toContain(`"machine_id": "${guestId}"`);

    const second = await play(file);
    process.stderr.write(`[e2e] debootstrap re-run: ${second.seconds.toFixed(1)} s\n`);
    expect(recapOf(second.stdout, host)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('exports the image to a tar and imports it under another name with a fresh machine-id', async () => {
    const file = await book('image.yml', [
      `machine_image: { name: ${IMG}, state: exported, path: ${TAR} }`,
      `machine_image: { name: ${CLONE}, state: imported, path: ${TAR} }`,
    ]);
    const first = await play(file);
    expect(recapOf(first.stdout, host)).toMatchObject({ changed: 2, failed: 0 });
    expect(Number(await out(`stat -c %s ${TAR}`))).toBeGreaterThan(10_000_000);
    expect(await out(`ls -A /root | grep -c '^\\.mx-' || true`)).toBe('0');
    const a = await out(`cat /var/lib/machines/${IMG}/etc/machine-id`);
    const b = await out(`cat /var/lib/machines/${CLONE}/etc/machine-id`);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
    expect(await out(`machinectl list-images --no-legend | awk '{ print $1 }' | grep -c '^mxi-' || true`)).toBe('2');
    const second = await play(file);
    expect(recapOf(second.stdout, host)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('an import interrupted with Ctrl-C leaves no image behind (importd would finish it on its own)', async () => {
    const file = await book('import-int.yml', [`machine_image: { name: ${INTERRUPTED}, state: imported, path: ${TAR} }`]);
    const child = spawn(process.execPath, [BIN, 'play', file, '-i', lab.inventory], { env: { ...process.env, CI: 'true', NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const deadline = Date.now() + 60_000;
    // interrupt as soon as importd lists the job
    while (Date.now() < deadline && child.exitCode === null && !(await out('machinectl list-transfers --no-legend')).includes(INTERRUPTED)) await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGINT');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    expect(await exited).toBe(99);
    clearTimeout(timer);
    // the detached cleanup cancels the job, waits until importd has dropped it and removes what it made
    let left = 'x';
    for (let i = 0; i < 120 && left !== ''; i++) {
      await new Promise((r) => setTimeout(r, 500));
      // (an image lock file .#NAME.lck may stay: harmless; the bracket keeps pgrep from matching this very command)
      left = await out(`{ machinectl list-transfers --no-legend; ls -A /var/lib/machines | grep -F ${INTERRUPTED} | grep -v '[.]lck$'; pgrep -f 'mx-cance[l]'; } 2>/dev/null || true`);
    }
    expect(left).toBe('');
  });

  it('copies a file to and from the stopped machine: changed, then unchanged', async () => {
    await on("printf 'hello from the host\\n' > /root/mxi-hello.txt");
    const file = await book('copy.yml', [
      `machine_copy: { name: ${CLONE}, src: /root/mxi-hello.txt, dest: /etc/mxi/hello.txt, mkdir: true }`,
      `machine_copy: { name: ${CLONE}, src: /etc/os-release, dest: /root/mxi-back.txt, direction: from }`,
    ]);
    const first = await play(file, ['--diff']);
    expect(recapOf(first.stdout, host)).toMatchObject({ changed: 2, failed: 0 });
    expect(first.stdout).toContain('+hello from the host');
    expect(await out(`cat /var/lib/machines/${CLONE}/etc/mxi/hello.txt`)).toBe('hello from the host');
    expect(await out(`cmp /var/lib/machines/${CLONE}/etc/os-release /root/mxi-back.txt && echo same`)).toBe('same');
    const second = await play(file);
    expect(recapOf(second.stdout, host)).toMatchObject({ changed: 0, failed: 0 });
    await on("printf 'changed\\n' > /root/mxi-hello.txt");
    const third = await play(file);
    expect(recapOf(third.stdout, host)).toMatchObject({ changed: 1, failed: 0 });
    expect(await out(`cat /var/lib/machines/${CLONE}/etc/mxi/hello.txt`)).toBe('changed');
  });

  it('pulls a tar image over http (verify: no) once, with a fresh machine-id', async () => {
    // a tiny tree served by this process on the lab gateway's address (the host's default route)
    const gateway = await out("ip route | awk '/^default/ { print $3 }'");
    const tree = path.join(dir, 'tree');
    await fs.mkdir(path.join(tree, 'etc'), { recursive: true });
    await fs.writeFile(path.join(tree, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
    await fs.writeFile(path.join(tree, 'etc/os-release'), 'ID=debian\n');
    const tarFile = path.join(dir, 'tiny.tar');
    execFileSync('tar', ['-C', tree, '-cf', tarFile, 'etc']);
    const body = await fs.readFile(tarFile);
    const server = http.createServer((req, res) => {
      if (req.url === '/tiny.tar') {
        res.writeHead(200, { 'content-type': 'application/x-tar', 'content-length': body.length });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, gateway, resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const file = await book('pull.yml', [`machine_image: { name: ${PULLED}, state: pulled, url: "http://${gateway}:${port}/tiny.tar", verify: no }`]);
      const first = await play(file, ['-v']);
      expect(recapOf(first.stdout, host)).toMatchObject({ changed: 1, failed: 0 });
      const id = await out(`cat /var/lib/machines/${PULLED}/etc/machine-id`);
      expect(id).toMatch(/^[0-9a-f]{32}$/);
      expect(id).not.toBe('0123456789abcdef0123456789abcdef');
      expect(first.stdout).toContain(`"machine_id": "${id}"`);
      const second = await play(file);
      expect(recapOf(second.stdout, host)).toMatchObject({ changed: 0, failed: 0 });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
