/**
 * `vite-node test/e2e/lab-down.ts NAME [PID]`: brings a lab down from a separate process; with PID,
 * first waits (detached, polling) until that process is gone. The e2e global setup starts it as a
 * watcher, because vitest can die on SIGINT/SIGTERM without running its teardowns; after a normal
 * teardown the setup stops the watcher.
 */
import { labDown, labStatus } from '../../src/lab/index.js';

const [name, pidText] = process.argv.slice(2);
if (!name || (pidText !== undefined && !/^\d+$/.test(pidText))) {
  process.stderr.write('usage: lab-down.ts NAME [PID]\n');
  process.exit(2);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

if (pidText) {
  const pid = Number(pidText);
  await new Promise<void>((resolve) => {
    const t = setInterval(() => {
      if (!alive(pid)) {
        clearInterval(t);
        resolve();
      }
    }, 500);
  });
}
const s = await labStatus(name);
if (s.exists || s.hosts.length || s.bridgeUp) {
  const r = await labDown({ name });
  process.stderr.write(`[e2e] lab ${name} brought down after the test run ended early (${r.hosts.length} hosts removed)\n`);
}
