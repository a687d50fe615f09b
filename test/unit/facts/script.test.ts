import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { FACTS_SCRIPT } from '../../../src/facts/script.js';
import { SECTION_MARK } from '../../../src/util/sections.js';
import { splitSections } from '../../../src/facts/sections.js';

describe('the fact script', () => {
  it('is valid POSIX sh for dash', () => {
    const r = spawnSync('/bin/sh', ['-n', '-c', FACTS_SCRIPT], { encoding: 'utf8', timeout: 5000 });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
  it('prints every section the parser reads, ending with "end"', () => {
    const names = [...FACTS_SCRIPT.matchAll(/__s (\w+)/g)].map((m) => m[1]);
    for (const n of ['hostname', 'fqdn', 'ostype', 'osrelease', 'kversion', 'machine', 'os_release', 'debian_version', 'proc1', 'exists',
      'systemd', 'container', 'detect_virt', 'pkg', 'route4', 'route6', 'addr', 'proc_route', 'links', 'meminfo', 'cpuinfo', 'nproc',
      'date', 'id', 'passwd', 'env', 'machine_id', 'cmdline', 'uptime', 'loadavg', 'fips', 'resolv']) expect(names).toContain(n);
    expect(names.at(-1)).toBe('end');
  });
  it('its output splits into sections even with an empty environment', () => {
    const r = spawnSync('/bin/sh', ['-c', FACTS_SCRIPT], { encoding: 'utf8', timeout: 10_000, env: {} });
    expect(r.status).toBe(0);
    const s = splitSections(r.stdout);
    expect(s.has('end')).toBe(true);
    expect(s.get('ostype')?.trim()).toBe('Linux');
    expect(r.stdout.startsWith(`\n${SECTION_MARK} hostname\n`)).toBe(true);
  });
  it.runIf(existsSync('/usr/bin/python3'))('reports the host\'s Python when it has one', () => {
    const r = spawnSync('/bin/sh', ['-c', FACTS_SCRIPT], { encoding: 'utf8', timeout: 10_000 });
    const [exe, version, type, ssl] = (splitSections(r.stdout).get('python') ?? '').split('\n');
    expect([exe, type, ssl]).toEqual(['/usr/bin/python3', 'cpython', 'True']);
    expect(version).toMatch(/^3 \d+ \d+ \w+ \d+$/);
  });
});
