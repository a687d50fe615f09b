/**
 * The core end to end over real SSH: the built CLI plays the fixture playbook (every core module)
 * against a real OpenSSH sshd on 127.0.0.1, as two inventory hosts, then again (changed=0), then in
 * check mode on a fresh target (nothing created).
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { recapOf, runCli } from './run-cli.js';

const reason = skipReason();
const FIXTURE = path.resolve(__dirname, '../fixtures/allmods/site.yml');

describe.skipIf(reason)('machinist play over SSH', () => {
  let sshd: Sshd;
  let dir: string;
  let inventory: string;

  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser('mplay');
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-play-'));
    await fs.chmod(dir, 0o755);
    inventory = path.join(dir, 'inventory.yml');
    await fs.writeFile(
      inventory,
      [
        'all:',
        '  vars:',
        `    ansible_host: ${sshd.host}`,
        `    ansible_port: ${sshd.port}`,
        '    ansible_user: mplay',
        `    ansible_ssh_private_key_file: ${sshd.clientKeyPath}`,
        `    ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsPath}`,
        '  hosts:',
        '    web1:',
        '    web2:',
      ].join('\n') + '\n',
    );
  });

  afterAll(async () => {
    await sshd?.stop();
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  async function target(name: string): Promise<string> {
    const root = path.join(dir, name);
    for (const h of ['web1', 'web2']) {
      await fs.mkdir(path.join(root, h), { recursive: true });
      await fs.chmod(path.join(root, h), 0o777);
    }
    await fs.chmod(root, 0o755);
    return root;
  }

  const play = (root: string, fetchDir: string, extra: string[] = []) =>
    runCli(['play', FIXTURE, '-i', inventory, '-e', `root=${root}/{{ inventory_hostname }}`, '-e', `fetch_dir=${fetchDir}`, ...extra]);

  it('plays every core module, then changes nothing on the second run', async () => {
    const root = await target('run');
    const fetchDir = path.join(dir, 'fetched');
    const first = await play(root, fetchDir);
    expect(first.stderr).not.toMatch(/ERROR/);
    expect(first.code, first.stdout).toBe(0);
    for (const h of ['web1', 'web2']) {
      const r = recapOf(first.stdout, h);
      expect(r).toMatchObject({ failed: 0, unreachable: 0, rescued: 1 });
      expect(r.changed).toBeGreaterThanOrEqual(8);
      const base = path.join(root, h);
      expect(await fs.readFile(path.join(base, 'greeting.conf'), 'utf8')).toBe('greeting=hello\n');
      expect(((await fs.stat(path.join(base, 'greeting.conf'))).mode & 0o777).toString(8)).toBe('640');
      expect(await fs.readFile(path.join(base, 'motd.txt'), 'utf8')).toBe('motd from machinist\n');
      const app = await fs.readFile(path.join(base, 'app.conf'), 'utf8');
      expect(app).toContain(`name=${h}\nlisten=80\nlisten=443\n`);
      expect(await fs.readFile(path.join(base, 'settings.conf'), 'utf8')).toBe('debug=false\n');
      expect(await fs.readFile(path.join(base, 'hosts.txt'), 'utf8')).toBe(
        '# BEGIN ANSIBLE MANAGED BLOCK\n10.0.0.1 one\n10.0.0.2 two\n# END ANSIBLE MANAGED BLOCK\n',
      );
      expect(await fs.readlink(path.join(base, 'current.conf'))).toBe(path.join(base, 'app.conf'));
      expect((await fs.stat(path.join(base, 'conf.d'))).isDirectory()).toBe(true);
      await fs.access(path.join(base, 'created-by-command'));
      await fs.access(path.join(base, 'handler-ran'));
      expect(await fs.readFile(path.join(fetchDir, h, base, 'greeting.conf'), 'utf8')).toBe('greeting=hello\n');
    }
    expect(first.stdout).toContain('"msg": "greeting=hello mode=0644"');
    expect(first.stdout).toContain('"msg": "rescued expected failure"');

    const second = await play(root, fetchDir);
    expect(second.code, second.stdout).toBe(0);
    for (const h of ['web1', 'web2']) expect(recapOf(second.stdout, h)).toMatchObject({ changed: 0, failed: 0, unreachable: 0 });
  });

  it('changes nothing in check mode on a fresh target', async () => {
    const root = await target('check');
    const fetchDir = path.join(dir, 'fetched-check');
    const r = await play(root, fetchDir, ['--check']);
    expect(r.code, r.stdout).toBe(0);
    expect(recapOf(r.stdout, 'web1').changed).toBeGreaterThan(0);
    for (const h of ['web1', 'web2']) expect(await fs.readdir(path.join(root, h))).toEqual([]);
    await expect(fs.access(fetchDir)).rejects.toThrow();
  });

  it('prints one JSON document with --json', async () => {
    const root = await target('json');
    const r = await play(root, path.join(dir, 'fetched-json'), ['--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.stats.web1).toMatchObject({ failures: 0, unreachable: 0 });
    const names = doc.plays[0].tasks.map((t: { task: { name: string } }) => t.task.name);
    expect(names).toContain('a template');
    expect(doc.plays[0].tasks.find((t: { task: { name: string } }) => t.task.name === 'a template').hosts.web2.changed).toBe(true);
  });

  it('refuses an invalid playbook before contacting any host (exit 4)', async () => {
    const bad = path.join(dir, 'bad.yml');
    await fs.writeFile(bad, '- hosts: all\n  tasks:\n    - name: typo\n      cpoy:\n        content: x\n        dest: /tmp/x\n');
    const r = await runCli(['play', bad, '-i', inventory]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain(`${bad}:4:7`);
    expect(r.stderr).toContain("did you mean 'copy'");
    expect(r.stdout).not.toContain('PLAY [');
  });
});
