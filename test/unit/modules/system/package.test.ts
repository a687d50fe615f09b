/**
 * package: the host's package manager picked as Ansible's package action picks it, every other
 * argument handed to apt (and checked as apt's when the playbook loads).
 */
import { describe, expect, it } from 'vitest';
import { packageManager, packageModule } from '../../../../src/modules/system/package.js';
import { fixtures } from '../../../helpers/fixtures.js';
import { fakeContext } from '../../../helpers/module-context.js';

const PROBE = fixtures('modules/system')('apt-probe.txt');

describe('package arguments', () => {
  it('hands everything but use to apt, with apt\'s aliases and defaults', () => {
    expect(packageModule.schema.parse({ name: 'nginx', state: 'latest', update_cache: 'yes' })).toMatchObject({
      use: 'auto',
      apt: { name: ['nginx'], state: 'latest', update_cache: true, purge: false },
    });
    expect(packageModule.schema.parse({ pkg: ['curl', 'git'], use: 'apt' }).apt.name).toEqual(['curl', 'git']);
  });

  it.each([
    { args: { name: 'x', state: 'sideways' }, says: /state/ },
    { args: { name: 'x', nonsense: 1 }, says: /nonsense/ },
  ])('refuses what apt refuses: $args', ({ args, says }) => {
    const r = packageModule.schema.safeParse(args);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toMatch(says);
  });
});

describe('package manager', () => {
  it.each([
    { what: 'use: given', use: 'apt', vars: {}, probe: undefined, is: 'apt', commands: 0 },
    { what: 'the pkg_mgr fact', use: 'auto', vars: { ansible_facts: { pkg_mgr: 'apt' } }, probe: undefined, is: 'apt', commands: 0 },
    { what: 'the injected fact', use: 'auto', vars: { ansible_pkg_mgr: 'dnf' }, probe: undefined, is: 'dnf', commands: 0 },
    { what: 'no facts: asked of the host', use: 'auto', vars: {}, probe: 'apt\n', is: 'apt', commands: 1 },
    { what: 'no facts, no apt-get', use: 'auto', vars: {}, probe: 'unknown\n', is: 'unknown', commands: 1 },
  ])('$what', async ({ use, vars, probe, is, commands }) => {
    const seen: string[] = [];
    const ctx = fakeContext(
      (c: string) => {
        seen.push(c);
        return probe ?? '';
      },
      { vars },
    );
    expect(await packageManager(use, ctx)).toBe(is);
    expect(seen).toHaveLength(commands);
  });

  it('fails on a host whose package manager is not apt, before touching it', async () => {
    const seen: string[] = [];
    const ctx = fakeContext((c: string) => (seen.push(c), ''), { vars: { ansible_facts: { pkg_mgr: 'dnf' } } });
    await expect(packageModule.run(packageModule.schema.parse({ name: 'nginx' }), ctx)).rejects.toThrow("package: the host's package manager is dnf; machinist installs packages with apt (Debian hosts) only");
    expect(seen).toEqual([]);
  });

  it('runs apt on a Debian host (check mode: apt-get -s)', async () => {
    const seen: string[] = [];
    const ctx = fakeContext(
      (c: string) => {
        seen.push(c);
        if (c.includes("echo '@@mx cache'")) return PROBE;
        return { rc: 0, stdout: '0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n' };
      },
      { vars: { ansible_facts: { pkg_mgr: 'apt' } }, check: true },
    );
    const out = await packageModule.check!(packageModule.schema.parse({ name: 'bash' }), ctx);
    expect(out).toMatchObject({ changed: false });
    expect(seen.some((c) => c.includes("echo '@@mx cache'"))).toBe(true);
  });
});
