/**
 * The core against real lab hosts, through the built CLI: the integration playbook on every host at
 * once (then changed=0), --limit, serial: 1 visible in the order of changes, and one host stopped in the
 * middle of a run reported UNREACHABLE while the others finish.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { labExec, labStopHost, labUp } from '../../src/lab/index.js';
import { recapOf, runCli } from '../integration/cli/run-cli.js';

const lab = inject('lab');
const FIXTURE = path.resolve(__dirname, '../integration/fixtures/allmods/site.yml');

describe.skipIf(lab.skip)('the core on lab hosts', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-e2e-'));
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  const root = '/srv/machinist-e2e';

  it('plays every core module on all hosts at once, then changes nothing', async () => {
    const prep = await runCli(['run', '-i', lab.inventory, 'all', '-m', 'file', '-a', `path=${root} state=directory`]);
    expect(prep.code, prep.stdout + prep.stderr).toBe(0);
    const args = ['play', FIXTURE, '-i', lab.inventory, '-e', `root=${root}`, '-e', `fetch_dir=${path.join(dir, 'fetched')}`];
    const first = await runCli(args, { timeoutMs: 300_000 });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    for (const h of lab.hosts) {
      expect(recapOf(first.stdout, h)).toMatchObject({ failed: 0, unreachable: 0 });
      const app = await labExec(h, `cat ${root}/app.conf`, { name: lab.name });
      expect(app.stdout).toContain(`name=${h}\n`);
      expect(await fs.readFile(path.join(dir, 'fetched', h, root, 'greeting.conf'), 'utf8')).toBe('greeting=hello\n');
    }
    // facts came from the real hosts
    expect(first.stdout).toContain('"msg": "greeting=hello mode=0644"');
    const second = await runCli(args, { timeoutMs: 300_000 });
    expect(second.code).toBe(0);
    for (const h of lab.hosts) expect(recapOf(second.stdout, h)).toMatchObject({ changed: 0, failed: 0 });
  });

  it('runs only on the hosts --limit names', async () => {
    const book = path.join(dir, 'limit.yml');
    await fs.writeFile(book, `- hosts: all\n  gather_facts: false\n  tasks:\n    - copy: { content: "limited\\n", dest: /tmp/machinist-limit }\n`);
    const r = await runCli(['play', book, '-i', lab.inventory, '--limit', lab.hosts[0]]);
    expect(r.code, r.stdout).toBe(0);
    expect(recapOf(r.stdout, lab.hosts[0]).changed).toBe(1);
    for (const h of lab.hosts.slice(1)) {
      expect(() => recapOf(r.stdout, h)).toThrow();
      expect((await labExec(h, 'test -e /tmp/machinist-limit', { name: lab.name })).rc).toBe(1);
    }
  });

  it('serial: 1 finishes each host before the next starts', async () => {
    const book = path.join(dir, 'serial.yml');
    await fs.writeFile(
      book,
      `- hosts: all\n  gather_facts: false\n  serial: 1\n  tasks:\n    - command: /bin/true\n    - command: /bin/true\n`,
    );
    const r = await runCli(['play', book, '-i', lab.inventory]);
    expect(r.code, r.stdout).toBe(0);
    const order = [...r.stdout.matchAll(/^changed: \[(\w+)\]/gm)].map((m) => m[1]);
    expect(order).toEqual(lab.hosts.flatMap((h) => [h, h]));
  });

  it('reports a host stopped mid-run as UNREACHABLE while the others finish', async () => {
    const victim = lab.hosts[lab.hosts.length - 1];
    const book = path.join(dir, 'kill.yml');
    await fs.writeFile(
      book,
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - command: sleep 4',
        '    - copy: { content: "after\\n", dest: /tmp/machinist-after }',
      ].join('\n') + '\n',
    );
    try {
      const run = runCli(['play', book, '-i', lab.inventory], { timeoutMs: 180_000 });
      await new Promise((r) => setTimeout(r, 1500));
      await labStopHost(victim, { name: lab.name, kill: true });
      const r = await run;
      expect(r.code, r.stdout).toBe(4);
      expect(recapOf(r.stdout, victim).unreachable).toBe(1);
      for (const h of lab.hosts.filter((x) => x !== victim)) {
        expect(recapOf(r.stdout, h)).toMatchObject({ failed: 0, unreachable: 0, changed: 2 });
        expect((await labExec(h, 'cat /tmp/machinist-after', { name: lab.name })).stdout).toBe('after\n');
      }
    } finally {
      await labUp({ count: lab.hosts.length, name: lab.name });
    }
  });
});
