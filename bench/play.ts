/**
 * A playbook over real SSH: the core fixture playbook (24 tasks, every core module) on N inventory
 * hosts served by one real sshd; prints the first run and the no-change re-run, per host and per task.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadInventory } from '../src/inventory/index.js';
import { loadPlaybook } from '../src/playbook/index.js';
import { runPlaybooks } from '../src/engine/index.js';
import type { EngineEvent } from '../src/engine/events.js';
import { startSshd } from '../test/integration/sshd.js';

const HOSTS = Number(process.env.BENCH_HOSTS ?? 3);

export async function benchPlay(): Promise<void> {
  const sshd = await startSshd();
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-bench-'));
  try {
    await sshd.addUser('mbench');
    await fs.chmod(dir, 0o777);
    const names = Array.from({ length: HOSTS }, (_, i) => `h${i + 1}`);
    const inv = path.join(dir, 'inventory.yml');
    await fs.writeFile(
      inv,
      [
        'all:',
        '  vars:',
        `    ansible_host: ${sshd.host}`,
        `    ansible_port: ${sshd.port}`,
        '    ansible_user: mbench',
        `    ansible_ssh_private_key_file: ${sshd.clientKeyPath}`,
        `    ansible_ssh_common_args: -o UserKnownHostsFile=${sshd.knownHostsPath}`,
        '  hosts:',
        ...names.map((n) => `    ${n}:`),
      ].join('\n') + '\n',
    );
    for (const n of names) await fs.mkdir(path.join(dir, n), { mode: 0o777 }).then(() => fs.chmod(path.join(dir, n), 0o777));
    const book = await loadPlaybook(path.resolve('test/integration/fixtures/allmods/site.yml'));
    const inventory = await loadInventory([inv]);
    let tasks = 0;
    const run = async () => {
      tasks = 0;
      const started = process.hrtime.bigint();
      const summary = await runPlaybooks({
        playbooks: [book],
        inventory,
        extraVars: { root: `${dir}/{{ inventory_hostname }}`, fetch_dir: path.join(dir, 'fetched') },
        check: false,
        diff: false,
        tags: [],
        skipTags: [],
        forks: 50,
        conn: { knownHostsFiles: [], sshConfigFile: '' },
        signal: new AbortController().signal,
        emit: (e: EngineEvent) => {
          if (e.type === 'task_start') tasks++;
        },
      });
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const changed = Object.values(summary.stats).reduce((a, c) => a + c.changed, 0);
      return { ms, changed };
    };
    const first = await run();
    console.log(`first run: ${HOSTS} hosts, ${tasks} tasks: ${first.ms.toFixed(0)} ms (changed=${first.changed})`);
    const second = await run();
    console.log(`no-change re-run: ${second.ms.toFixed(0)} ms (changed=${second.changed}), ${(second.ms / tasks).toFixed(1)} ms per task (the play includes a 1 s pause)`);
  } finally {
    await sshd.stop();
    await fs.rm(dir, { recursive: true, force: true });
  }
}
