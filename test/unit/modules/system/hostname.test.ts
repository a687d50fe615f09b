import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { sectionMark } from '../../../../src/util/sections.js';
import { hostnameFacts, hostnameSchema, parseHostnameProbe } from '../../../../src/modules/system/hostname.js';
import { checkHostname } from '../../../../src/modules/kit/args.js';

describe('hostname', () => {
  it('RFC 1123 names pass; others are refused', () => {
    for (const ok of ['web1', 'web-1.example.com', 'a', '1host', `${'a'.repeat(63)}.b`]) expect(checkHostname(ok), ok).toBeUndefined();
    for (const bad of ['', '-web', 'web-', 'we_b', 'a..b', 'a b', `${'a'.repeat(64)}`, 'x;reboot']) expect(checkHostname(bad), bad).toBeDefined();
    expect(hostnameSchema.safeParse({ name: 'web_1' }).success).toBe(false);
  });
  it('probe output: live name, /etc/hostname (comments skipped), systemd', () => {
    expect(parseHostnameProbe('@@mx current\nh1\n@@mx permanent\n# x\nh1\n@@mx systemd\nyes\n')).toEqual({ current: 'h1', permanent: 'h1', systemd: true });
    expect(parseHostnameProbe('@@mx current\nbox\n@@mx permanent\n@@mx systemd\nno\n')).toEqual({ current: 'box', permanent: '', systemd: false });
  });
  it('an /etc/hostname without a final newline does not hide the next section', () => {
    const script = [sectionMark('current'), 'echo h1', sectionMark('permanent'), "printf 'h1'", sectionMark('systemd'), 'echo yes'].join('\n');
    const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', timeout: 5000 });
    expect(parseHostnameProbe(r.stdout)).toEqual({ current: 'h1', permanent: 'h1', systemd: true });
  });
  it("facts as Ansible's module returns them", () => {
    expect(hostnameFacts('web1.example.com')).toEqual({ ansible_hostname: 'web1', ansible_nodename: 'web1.example.com', ansible_fqdn: 'web1.example.com', ansible_domain: 'example.com' });
  });
});
