import { describe, expect, it } from 'vitest';
import { waitForConnectionModule, waitForConnectionSchema } from '../../../../src/modules/commands/wait-for-connection.js';
import { UnreachableError, ModuleFailure } from '../../../../src/util/errors.js';
import type { Connection } from '../../../../src/transport/types.js';
import { moduleContext } from '../../../helpers/module-context.js';

/** A connection to a host that is down: every connect is refused (the retry loop is what is tested). */
function downConnection(upAfterAttempts = Infinity) {
  const calls: string[] = [];
  let attempts = 0;
  const conn: Connection = {
    host: 'down',
    async connect() {
      calls.push('connect');
      attempts++;
      if (attempts <= upAfterAttempts) throw new UnreachableError('connect ECONNREFUSED', 'socket');
    },
    async close() {
      calls.push('close');
    },
    async exec(command) {
      calls.push(`exec ${command}`);
      return { command, rc: 0, stdout: '', stderr: '', durationMs: 0 };
    },
    put: async () => {},
    get: async () => Buffer.alloc(0),
  };
  const ctx = moduleContext(conn);
  return { calls, ctx };
}

describe('wait_for_connection retry loop', () => {
  it('closes, reconnects and retries until the host answers', async () => {
    const { calls, ctx } = downConnection(2);
    const p = await waitForConnectionModule.plan(waitForConnectionSchema.parse({ sleep: 0.05, timeout: 5 }), ctx);
    expect(p.result).toMatchObject({ changed: false });
    expect(calls).toEqual(['close', 'connect', 'close', 'connect', 'close', 'connect', 'exec true']);
  });
  it('fails after the timeout with the last error', async () => {
    const { ctx } = downConnection();
    const t0 = Date.now();
    const e = await waitForConnectionModule.plan(waitForConnectionSchema.parse({ sleep: 0.1, timeout: 0.5 }), ctx).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.message).toBe('timed out waiting for ping module test: connect ECONNREFUSED');
    expect(Date.now() - t0).toBeLessThan(3000);
  });
});
