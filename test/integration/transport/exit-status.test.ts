/**
 * Regression: ssh2 can emit a channel's 'exit' in the same tick as the exec callback; a listener
 * attached after an await lost it and fast commands reported rc 1 instead of their own status.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipReason, startSshd, type Sshd } from '../sshd.js';
import { ConnectionPool, connectionSpecFor } from '../../../src/transport/index.js';

describe.skipIf(skipReason())('exit status of fast commands', () => {
  let sshd: Sshd;
  beforeAll(async () => {
    sshd = await startSshd();
    await sshd.addUser('mexit');
  });
  afterAll(async () => {
    await sshd?.stop();
  });

  it('is never lost, over many rounds on two connections', async () => {
    const opts = { knownHostsFiles: [sshd.knownHostsPath], hostKeyChecking: 'strict' as const, sshConfigFile: '' };
    const vars = { ansible_host: sshd.host, ansible_port: sshd.port, ansible_user: 'mexit', ansible_ssh_private_key_file: sshd.clientKeyPath };
    const pool = new ConnectionPool(opts);
    try {
      const conns = [pool.get(connectionSpecFor('a', vars, opts)), pool.get(connectionSpecFor('b', vars, opts))];
      const wrong: string[] = [];
      for (let round = 0; round < 60; round++) {
        await Promise.all(
          conns.map(async (c, i) => {
            const rc = (round % 5) + 2;
            const r = await c.exec(`printf 'out-%s' ${round}; printf err >&2; exit ${rc}`, { stdin: 'x'.repeat(64) });
            if (r.rc !== rc || r.stdout !== `out-${round}` || r.stderr !== 'err') wrong.push(`conn ${i} round ${round}: rc=${r.rc} out=${r.stdout}`);
          }),
        );
      }
      expect(wrong).toEqual([]);
    } finally {
      await pool.closeAll();
    }
  }, 120_000);
});
