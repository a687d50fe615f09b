/** Fact gathering and setup/gather_facts/wait_for_connection on this machine through LocalConnection. */
import { describe, expect, it } from 'vitest';
import * as os from 'node:os';
import { readFileSync } from 'node:fs';
import { LocalConnection } from '../../../../src/transport/local.js';
import { moduleContext } from '../../../helpers/module-context.js';
import { gatherFacts } from '../../../../src/facts/index.js';
import { setupModule, setupSchema, gatherFactsModule } from '../../../../src/modules/commands/setup.js';
import { waitForConnectionModule, waitForConnectionSchema } from '../../../../src/modules/commands/wait-for-connection.js';
import type { Connection, ExecOptions } from '../../../../src/transport/types.js';

/** Counts the commands run through a real LocalConnection. */
class CountingConnection extends LocalConnection {
  execs = 0;
  override exec(command: string, opts?: ExecOptions) {
    this.execs++;
    return super.exec(command, opts);
  }
}

describe('gatherFacts on this machine', () => {
  it('returns sane facts in exactly one round trip', async () => {
    const conn = new CountingConnection();
    const t0 = Date.now();
    const f = await gatherFacts(conn);
    expect(conn.execs).toBe(1);
    expect(Date.now() - t0).toBeLessThan(5000);
    const osRelease = readFileSync('/etc/os-release', 'utf8');
    if (/^ID=debian$/m.test(osRelease)) {
      expect(f.distribution).toBe('Debian');
      expect(f.os_family).toBe('Debian');
      expect(f.pkg_mgr).toBe('apt');
      expect(String(f.distribution_version)).toMatch(/^\d+\.\d+$/);
    }
    expect(f.system).toBe('Linux');
    expect(f.kernel).toBe(os.release());
    expect(f.architecture).toBe(process.arch === 'x64' ? 'x86_64' : f.machine);
    expect(f.nodename).toBe(os.hostname());
    expect(f.processor_vcpus as number).toBeGreaterThanOrEqual(1);
    expect(f.memtotal_mb as number).toBeGreaterThan(0);
    expect(f.memtotal_mb).toBe(Math.floor(os.totalmem() / 1024 / 1024));
    expect(f.user_uid).toBe(process.getuid?.());
    expect(f.machine_id ?? '').toMatch(/^([0-9a-f]{32})?$/);
    const epoch = Number((f.date_time as Record<string, string>).epoch);
    expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(30);
    expect(f.interfaces).toContain('lo');
    expect(typeof f.service_mgr).toBe('string');
  });
});

describe('setup / gather_facts modules', () => {
  it('returns ansible_-prefixed facts as Ansible setup does', async () => {
    const p = await setupModule.plan(setupSchema.parse({}), moduleContext(new LocalConnection()));
    const facts = p.result?.ansible_facts as Record<string, unknown>;
    expect(p.changed).toBe(false);
    expect(facts.ansible_system).toBe('Linux');
    expect(facts.ansible_processor_vcpus as number).toBeGreaterThanOrEqual(1);
    expect(facts.module_setup).toBe(true);
    expect(facts.gather_subset).toEqual(['all']);
  });
  it('filter keeps only the matching facts', async () => {
    const p = await gatherFactsModule.plan(setupSchema.parse({ filter: 'ansible_mem*_mb' }), moduleContext(new LocalConnection()));
    expect(Object.keys(p.result?.ansible_facts as object).sort()).toEqual(['ansible_memfree_mb', 'ansible_memory_mb', 'ansible_memtotal_mb']);
  });
});

describe('wait_for_connection', () => {
  it('reconnects and runs a command on the host', async () => {
    const conn: Connection = new CountingConnection();
    const p = await waitForConnectionModule.plan(waitForConnectionSchema.parse({ timeout: 10 }), moduleContext(conn));
    expect(p.result).toEqual({ changed: false, elapsed: 0 });
    expect((conn as CountingConnection).execs).toBe(1);
  });
  it('is skipped in check mode', async () => {
    const p = await waitForConnectionModule.plan(waitForConnectionSchema.parse({}), moduleContext(new LocalConnection(), { check: true }));
    expect(p.skipInCheckMode).toBe(true);
  });
});
