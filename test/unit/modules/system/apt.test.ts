/**
 * apt's refresh-and-retry, end to end through the module with a scripted host answering with output
 * captured on Debian 12: lists recent enough for cache_valid_time but missing a package (sources
 * changed after the last update) are refreshed once and the transaction retried; nothing else is.
 */
import { describe, expect, it } from 'vitest';
import type { ExecResult } from '../../../../src/transport/types.js';
import { aptModule } from '../../../../src/modules/system/apt.js';
import { cannotTell } from '../../../../src/modules/types.js';
import { fixtures } from '../../../helpers/fixtures.js';
import { fakeContext } from '../../../helpers/module-context.js';
import type { Answer } from '../../../helpers/scripted-connection.js';

const fixture = fixtures('modules/system');

// probe captured with the lists updated 2159 s before "now"
const PROBE = fixture('apt-probe.txt');
const PROBE_WITH_PKG = `${PROBE.replace(/\n?$/, '\n')}nosuchpkg-xyz:\n  Installed: (none)\n  Candidate: 1.0-1\n  Version table:\n     1.0-1 500\n        500 http://deb.debian.org/debian bookworm/main amd64 Packages\n`;
const INSTALLED: Partial<ExecResult> = { rc: 0, stdout: fixture('apt-real-install.txt'), stderr: fixture('apt-real-install.stderr') };
const MISSING: Partial<ExecResult> = { rc: 100, stdout: 'Reading package lists...\n', stderr: fixture('apt-install-missing.stderr') };
const NO_VERSION: Partial<ExecResult> = { rc: 100, stdout: 'Reading package lists...\n', stderr: fixture('apt-install-version-missing.stderr') };
const NO_LOCK: Partial<ExecResult> = { rc: 100, stdout: '', stderr: fixture('apt-install-no-lock.stderr') };

type Step = 'probe' | 'update' | 'install';

/** A host that answers probes, apt-get update and apt-get install from the given queues. */
function host(check: boolean, probes: string[], installs: Array<Partial<ExecResult>>) {
  const steps: Step[] = [];
  const answer = (command: string): Answer => {
    if (command.includes("echo '@@mx cache'")) {
      steps.push('probe');
      return probes.shift() ?? PROBE;
    }
    if (command.startsWith('apt-get update')) {
      steps.push('update');
      return 'Reading package lists...\n';
    }
    if (/^apt-get .* install /.test(command)) {
      steps.push('install');
      const r = installs.shift();
      if (!r) throw new Error(`unexpected install: ${command}`);
      return r;
    }
    throw new Error(`unexpected command: ${command}`);
  };
  const ctx = fakeContext(answer, { check, diff: false });
  return { ctx, steps, warnings: ctx.warnings };
}

/** The module as the engine calls it: run, or check in check mode. */
async function plan(args: Record<string, unknown>, h: ReturnType<typeof host>) {
  const parsed = aptModule.schema.parse(args);
  const p = await (h.ctx.check ? aptModule.check!(parsed, h.ctx) : aptModule.run(parsed, h.ctx));
  if (cannotTell(p)) throw new Error(`apt cannot tell in check mode: ${p.msg}`);
  return { changed: p.changed, result: p.result };
}

describe('apt refreshes lists not refreshed in this run once, when a package is not in them', () => {
  it('installs after the refresh and says so', async () => {
    const cases: Array<{ args: Record<string, unknown>; installs: Array<Partial<ExecResult>>; probes?: string[]; steps: Step[] }> = [
      // apt-get could not locate the package
      { args: { name: 'nosuchpkg-xyz', cache_valid_time: 3600 }, installs: [MISSING, INSTALLED], steps: ['probe', 'install', 'update', 'probe', 'install'] },
      { args: { name: 'nosuchpkg-xyz', update_cache: true, cache_valid_time: 3600 }, installs: [MISSING, INSTALLED], steps: ['probe', 'install', 'update', 'probe', 'install'] },
      // nor the version
      { args: { name: 'curl=0.0-1', cache_valid_time: 3600 }, installs: [NO_VERSION, INSTALLED], steps: ['probe', 'install', 'update', 'probe', 'install'] },
      // latest: apt-cache policy had no candidate, the refreshed one has
      { args: { name: 'nosuchpkg-xyz', state: 'latest', cache_valid_time: 3600 }, probes: [PROBE, PROBE_WITH_PKG], installs: [INSTALLED], steps: ['probe', 'update', 'probe', 'install'] },
    ];
    for (const c of cases) {
      const h = host(false, c.probes ?? [], [...c.installs]);
      const r = await plan(c.args, h);
      expect(h.steps, JSON.stringify(c.args)).toEqual(c.steps);
      expect(r).toMatchObject({ changed: true, result: { cache_updated: true, changed: true } });
      expect(h.warnings).toHaveLength(1);
      expect(h.warnings[0]).toMatch(/^not found in the package lists, which were not refreshed in this run \(cache_valid_time\): .+; the lists were refreshed \(apt-get update\) and the task retried$/);
    }
  });

  it('fails as before when the refresh does not bring it, or nothing asked for fresh lists, or the lists are from this run', async () => {
    const cases: Array<{ args: Record<string, unknown>; installs: Array<Partial<ExecResult>>; steps: Step[]; error: RegExp }> = [
      { args: { name: 'nosuchpkg-xyz', cache_valid_time: 3600 }, installs: [MISSING, MISSING], steps: ['probe', 'install', 'update', 'probe', 'install'], error: /^No package matching 'nosuchpkg-xyz' is available$/ },
      { args: { name: 'nosuchpkg-xyz' }, installs: [MISSING], steps: ['probe', 'install'], error: /^No package matching 'nosuchpkg-xyz' is available$/ },
      { args: { name: 'nosuchpkg-xyz', update_cache: false, cache_valid_time: 3600 }, installs: [MISSING], steps: ['probe', 'install'], error: /^No package matching/ },
      // stale for cache_valid_time 60: updated first, so a miss is final
      { args: { name: 'nosuchpkg-xyz', cache_valid_time: 60 }, installs: [MISSING], steps: ['probe', 'update', 'probe', 'install'], error: /^No package matching/ },
      // a failure that is not a missing package is not retried
      { args: { name: 'sl', cache_valid_time: 3600 }, installs: [NO_LOCK], steps: ['probe', 'install'], error: /Could not open lock file/ },
    ];
    for (const c of cases) {
      const h = host(false, [], [...c.installs]);
      await expect(plan(c.args, h), JSON.stringify(c.args)).rejects.toThrow(c.error);
      expect(h.steps, JSON.stringify(c.args)).toEqual(c.steps);
    }
  });

  it('check mode refreshes nothing: it warns that it cannot tell and reports a change', async () => {
    const h = host(true, [], [MISSING]);
    const r = await plan({ name: 'nosuchpkg-xyz', cache_valid_time: 3600 }, h);
    expect(h.steps).toEqual(['probe', 'install']);
    expect(r).toMatchObject({ changed: true, result: { cache_updated: false } });
    expect(h.warnings).toEqual([
      'not found in the package lists, which were not refreshed in this run: nosuchpkg-xyz; a real run refreshes them (apt-get update) and retries, so check mode cannot tell exactly what would change',
    ]);
  });
});
