/** Ctrl-C: the running command is signalled, no new task starts, the recap is printed, exit 99. */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const BIN = path.resolve(__dirname, '../../../bin/machinist.js');
let dir: string;

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-int-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

it('stops on SIGINT with the recap and exit code 99', async () => {
  const inv = path.join(dir, 'inv.yml');
  await fs.writeFile(inv, 'all:\n  hosts:\n    l1: { ansible_connection: local }\n    l2: { ansible_connection: local }\n');
  const book = path.join(dir, 'slow.yml');
  const marker = path.join(dir, 'never');
  await fs.writeFile(
    book,
    `- hosts: all\n  gather_facts: false\n  tasks:\n    - command: sleep 30\n    - command: touch ${marker}\n`,
  );
  const child = spawn(process.execPath, [BIN, 'play', book, '-i', inv], { env: { ...process.env, CI: 'true', NO_COLOR: '1' } });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const started = Date.now();
  // interrupt once the first task is running
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`the task never started:\n${out}`)), 20_000);
    const poll = setInterval(() => {
      if (out.includes('TASK [command]')) {
        clearInterval(poll);
        clearTimeout(t);
        setTimeout(resolve, 500);
      }
    }, 50);
  });
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(Date.now() - started).toBeLessThan(20_000);
  expect(code, out).toBe(99);
  expect(out).toContain('PLAY RECAP');
  expect(out).toMatch(/l1 +: ok=0 /);
  await expect(fs.access(marker)).rejects.toThrow();
  // the sleep was signalled, not left behind
  const { execFileSync } = await import('node:child_process');
  const left = execFileSync('ps', ['-eo', 'args']).toString().split('\n').filter((l) => l.trim() === 'sleep 30');
  expect(left).toEqual([]);
}, 60_000);
