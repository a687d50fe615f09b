import { describe, expect, it } from 'vitest';
import { backoffMs, doReboot, rebootCommand, rebootSchema } from '../../../../src/modules/system/reboot.js';
import { UnreachableError, ModuleFailure } from '../../../../src/util/errors.js';
import type { Connection } from '../../../../src/transport/types.js';
import { moduleContext } from '../../../helpers/module-context.js';

describe('reboot command', () => {
  it('starts the reboot detached after the delay and returns at once', () => {
    const c = rebootCommand({ pre_reboot_delay: 5, msg: "it's time" });
    expect(c).toContain('setsid /bin/sh -c');
    expect(c).toContain('</dev/null >/dev/null 2>&1 &');
    expect(c).toContain('sleep 6;');
    expect(c).toContain('systemctl reboot');
    expect(rebootCommand({ pre_reboot_delay: 0, msg: 'm', reboot_command: 'reboot -f' })).toContain('reboot -f');
  });
  it('defaults as Ansible; backoff grows to 5 s', () => {
    expect(rebootSchema.parse({})).toMatchObject({ reboot_timeout: 600, pre_reboot_delay: 0, post_reboot_delay: 0, test_command: 'whoami', boot_time_command: 'cat /proc/sys/kernel/random/boot_id' });
    expect([0, 1, 2, 3, 4, 9].map(backoffMs)).toEqual([1000, 2000, 4000, 5000, 5000, 5000]);
  });
});

/**
 * The reconnect loop against a connection whose host goes down after the reboot command and comes
 * back with a new boot id after `downFor` connects (the loop is what is tested, not a host).
 */
function rebootingConnection(downFor: number, newBootId = 'boot-2') {
  const log: string[] = [];
  let rebooted = false;
  let connects = 0;
  const conn: Connection = {
    host: 'h',
    async connect() {
      if (!rebooted) return;
      connects++;
      log.push('connect');
      if (connects <= downFor) throw new UnreachableError('connect ECONNREFUSED', 'socket');
    },
    async close() {
      log.push('close');
    },
    async exec(command) {
      if (command.includes('setsid')) {
        rebooted = true;
        log.push('reboot');
        return { command, rc: 0, stdout: 'started\n', stderr: '', durationMs: 0 };
      }
      const id = rebooted && connects > downFor ? newBootId : 'boot-1';
      if (command.startsWith('cat /proc')) return { command, rc: 0, stdout: id + '\n', stderr: '', durationMs: 0 };
      log.push(`exec ${command}`);
      return { command, rc: 0, stdout: 'root\n', stderr: '', durationMs: 0 };
    },
    put: async () => {},
    get: async () => Buffer.alloc(0),
  };
  const ctx = moduleContext(conn);
  return { log, ctx };
}

describe('reboot and wait', () => {
  it('reconnects until the boot id changed, then runs the test command', async () => {
    const { log, ctx } = rebootingConnection(1);
    const args = rebootSchema.parse({ reboot_timeout: 20, connect_timeout: 1 });
    const r = await doReboot({ ...args, pre_reboot_delay: 0 }, ctx);
    expect(r).toMatchObject({ changed: true, rebooted: true });
    expect(log).toEqual(['reboot', 'close', 'connect', 'close', 'connect', 'exec whoami']);
  }, 15000);
  it('times out when the boot id never changes', async () => {
    const { ctx } = rebootingConnection(0, 'boot-1');
    const e = await doReboot(rebootSchema.parse({ reboot_timeout: 2.5, connect_timeout: 1 }), ctx).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.message).toMatch(/^Timed out waiting for last boot time check \(timeout=2.5\): the host has not rebooted yet/);
    expect(e.result).toMatchObject({ rebooted: true });
  }, 15000);
});
