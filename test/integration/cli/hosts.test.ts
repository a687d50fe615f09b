/**
 * The CLI against a real sshd: host keys refused when unknown and when changed, become with a sudo
 * password asked by -K, and an unreachable host reported while the others succeed.
 */
import { promises as fs } from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { recapOf, runCli } from './run-cli.js';

const PASSWORD = 'S3cret pass$word';

async function closedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe.skipIf(skipReason())('machinist against real hosts: keys, become, unreachable', () => {
  let sshd: Sshd;
  let dir: string;

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser('mkeys');
    await sshd.addUser('msudo', { password: PASSWORD, sudo: true });
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-hosts-'));
    await fs.chmod(dir, 0o755); // the SSH users write below it
  });

  afterAll(async () => {
    await sshd?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function inventory(name: string, hosts: Record<string, Record<string, unknown>>, knownHosts: string): Promise<string> {
    const lines = ['all:', '  hosts:'];
    for (const [h, vars] of Object.entries(hosts)) {
      lines.push(`    ${h}:`);
      const all = {
        ansible_host: sshd.host,
        ansible_port: sshd.port,
        ansible_user: 'mkeys',
        ansible_ssh_private_key_file: sshd.clientKeyPath,
        ansible_ssh_common_args: `-o UserKnownHostsFile=${knownHosts}`,
        ...vars,
      };
      for (const [k, v] of Object.entries(all)) lines.push(`      ${k}: ${JSON.stringify(v)}`);
    }
    const file = path.join(dir, `inventory-${name}.yml`);
    await fs.writeFile(file, lines.join('\n') + '\n');
    return file;
  }

  it('refuses an unknown host key, naming its fingerprint (exit 4)', async () => {
    const empty = path.join(dir, 'empty_known_hosts');
    await fs.writeFile(empty, '');
    const inv = await inventory('unknown', { h1: {} }, empty);
    const r = await runCli(['ping', '-i', inv]);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/h1 \| UNREACHABLE!/);
    expect(r.stdout).toMatch(/SHA256:[A-Za-z0-9+/]{43}/);
    expect(await fs.readFile(empty, 'utf8')).toBe('');
  });

  it('records a new key with accept-new, then strict checking passes', async () => {
    const file = path.join(dir, 'new_known_hosts');
    await fs.writeFile(file, '');
    const inv = await inventory('acceptnew', { h1: {} }, file);
    const first = await runCli(['ping', '-i', inv, '--host-key-checking', 'accept-new']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect(await fs.readFile(file, 'utf8')).toContain(`[${sshd.host}]:${sshd.port} `);
    const second = await runCli(['ping', '-i', inv]);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/h1 \| SUCCESS/);
  });

  it('always refuses a changed host key, even with accept-new', async () => {
    const file = path.join(dir, 'changed_known_hosts');
    // the right host name with someone else's key of the same type
    const other = sshd.clientPublicKey.split(' ').slice(0, 2).join(' ');
    await fs.writeFile(file, `[${sshd.host}]:${sshd.port} ${other}\n`);
    const inv = await inventory('changed', { h1: {} }, file);
    const r = await runCli(['ping', '-i', inv, '--host-key-checking', 'accept-new']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain('REMOTE HOST IDENTIFICATION HAS CHANGED');
    expect(await fs.readFile(file, 'utf8')).toBe(`[${sshd.host}]:${sshd.port} ${other}\n`);
  });

  it('becomes root with the sudo password from -K, never showing it', async () => {
    const inv = await inventory('become', { s1: { ansible_user: 'msudo' } }, sshd.knownHostsPath);
    const book = path.join(dir, 'become.yml');
    const dest = path.join(dir, 'root-only', 'secret.txt');
    await fs.mkdir(path.dirname(dest), { mode: 0o700 });
    await fs.writeFile(
      book,
      [
        '- hosts: all',
        '  gather_facts: false',
        '  become: true',
        '  tasks:',
        '    - command: id -un',
        '      register: who',
        '      changed_when: false',
        "    - assert: { that: \"who.stdout == 'root'\" }",
        `    - copy: { content: "as root\\n", dest: "${dest}", mode: "0600" }`,
      ].join('\n') + '\n',
    );
    const r = await runCli(['play', book, '-i', inv, '-K', '-vvv'], { stdin: PASSWORD + '\n' });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(recapOf(r.stdout, 's1')).toMatchObject({ failed: 0, changed: 1 });
    expect(await fs.readFile(dest, 'utf8')).toBe('as root\n');
    expect((await fs.stat(dest)).uid).toBe(0);
    expect(r.stdout + r.stderr).not.toContain(PASSWORD);

    const wrong = await runCli(['play', book, '-i', inv, '-K'], { stdin: 'not the password\n' });
    expect(wrong.code).toBe(2);
    expect(wrong.stdout).toMatch(/incorrect sudo password/);
    expect(wrong.stdout + wrong.stderr).not.toContain('not the password');
  });

  it('reports an unreachable host while the others succeed (exit 4)', async () => {
    const inv = await inventory('mixed', { up1: {}, down1: { ansible_port: await closedPort() }, up2: {} }, sshd.knownHostsPath);
    const book = path.join(dir, 'mixed.yml');
    const out = path.join(dir, 'mixed-out');
    await fs.mkdir(out, { mode: 0o777 });
    await fs.chmod(out, 0o777);
    await fs.writeFile(
      book,
      `- hosts: all\n  tasks:\n    - copy: { content: "{{ inventory_hostname }}\\n", dest: "${out}/{{ inventory_hostname }}" }\n`,
    );
    const r = await runCli(['play', book, '-i', inv]);
    expect(r.code, r.stdout).toBe(4);
    expect(recapOf(r.stdout, 'down1')).toMatchObject({ unreachable: 1, ok: 0 });
    expect(recapOf(r.stdout, 'up1')).toMatchObject({ unreachable: 0, failed: 0, changed: 1 });
    expect(recapOf(r.stdout, 'up2')).toMatchObject({ unreachable: 0, failed: 0, changed: 1 });
    expect((await fs.readdir(out)).sort()).toEqual(['up1', 'up2']);
  });
});
