/** A connection that dies while a command runs makes the host UNREACHABLE, not a failed command. */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { ConnectionPool, connectionSpecFor } from '../../../src/transport/index.js';
import { UnreachableError } from '../../../src/util/errors.js';

describe.skipIf(skipReason())('a connection dropped mid-command', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser('mdrop');
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('rejects with UnreachableError', async () => {
    const opts = { knownHostsFiles: [sshd.knownHostsPath], hostKeyChecking: 'strict' as const, sshConfigFile: '' };
    const vars = { ansible_host: sshd.host, ansible_port: sshd.port, ansible_user: 'mdrop', ansible_ssh_private_key_file: sshd.clientKeyPath };
    const pool = new ConnectionPool(opts);
    try {
      const conn = pool.get(connectionSpecFor('drop', vars, opts));
      const running = conn.exec('sleep 30');
      await new Promise((r) => setTimeout(r, 800));
      // every process of the user, its sshd session process included: the connection goes away
      execFileSync('pkill', ['-KILL', '-u', 'mdrop']);
      const started = Date.now();
      const err = await running.then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(UnreachableError);
      expect(String((err as Error).message)).toMatch(/connection lost|closed/);
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await pool.closeAll();
    }
  }, 60_000);
});
