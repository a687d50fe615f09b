/**
 * CI's guard on Ansible conformance: every target in passing.txt runs under machinist alone (ci.sh) and
 * must end each case with the exit code and PLAY RECAP of Ansible's recorded run (expected/*.json).
 * The targets run as root against this machine (local connection) and create and delete test users and
 * files, as Ansible's own integration tests do: run on a disposable machine (CI, a development VM).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '../..');
const targets = readFileSync(path.join(here, 'passing.txt'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const work = mkdtempSync(path.join(os.tmpdir(), 'machinist-conformance-'));

/** What the targets need of the machine: root, python3 (the harness), getfacl (copy), luseradd (user). */
function missing(): string[] {
  const out: string[] = [];
  if (process.getuid?.() !== 0) out.push('root');
  for (const cmd of ['python3', 'getfacl', 'luseradd', 'flock', 'timeout']) {
    try {
      execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    } catch {
      out.push(cmd);
    }
  }
  return out;
}

function ciTarget(target: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const p = spawn('bash', [path.join(here, 'ci.sh'), target], {
      cwd: root,
      env: { ...process.env, WORK: path.join(work, target), CASE_TIMEOUT: '300' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('close', (code) => resolve({ code, out }));
  });
}

describe('Ansible conformance: passing targets keep their recorded recap', () => {
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('the machine has what the targets need', () => {
    expect(missing(), 'install as CI does: apt-get install acl libuser python3; run as root').toEqual([]);
  });

  it.each(targets)('%s', async (target) => {
    const r = await ciTarget(target);
    const line = r.out.split('\n').find((l) => l.startsWith(target + ' ')) ?? r.out;
    // on a difference, the case's log is kept: the message names it
    expect(r.code, `${line.trim()}\nlogs: ${path.join(work, target, 'machinist', target)}`).toBe(0);
    expect(line).toMatch(/\bsame\b/);
  });
});
