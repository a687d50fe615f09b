import { describe, expect, it } from 'vitest';
import { parseSshArgs, splitWords } from '../../../src/transport/ssh-args.js';

describe('ssh args', () => {
  it('splits words like a POSIX shell', () => {
    expect(splitWords(`-o 'ProxyCommand=ssh -W %h:%p j' -o "A=b \\"c\\"" x\\ y`)).toEqual(['-o', 'ProxyCommand=ssh -W %h:%p j', '-o', 'A=b "c"', 'x y']);
    expect(() => splitWords(`-o 'open`)).toThrow(/unterminated/);
  });

  // Ansible's _split_ssh_args: shlex.split, words stripped, empty ones dropped. In double quotes a
  // backslash escapes only a double quote and a backslash (it used to unescape $ and ` too), '' was
  // kept as an empty word, and a trailing backslash was kept instead of refused as Python refuses it
  it('splits as Ansible does: shlex.split, words stripped, empty words dropped', () => {
    expect(splitWords("-o '' -o ' StrictHostKeyChecking=no ' -o \"ProxyCommand=echo \\$x \\`y\\`\" \x0b")).toEqual(['-o', '-o', 'StrictHostKeyChecking=no', '-o', 'ProxyCommand=echo \\$x \\`y\\`']);
    expect(() => splitWords('-o A=b\\')).toThrow(/No escaped character/);
  });

  it('reads -o K=V, -oK=V, -o "K V", -o K V, first value winning', () => {
    const a = parseSshArgs('-o StrictHostKeyChecking=no -oUserKnownHostsFile=/dev/null -o "ConnectTimeout 5" -o ProxyJump j1 -o StrictHostKeyChecking=yes');
    expect(a.strictHostKeyChecking).toBe('off');
    expect(a.userKnownHostsFiles).toEqual(['/dev/null']);
    expect(a.connectTimeoutMs).toBe(5000);
    expect(a.proxyJump).toBe('j1');
  });

  it('reads -J, -p, -i, -l, ProxyJump= and skips other flags with their arguments', () => {
    const a = parseSshArgs('-C -4 -J admin@bastion:2200 -p 2222 -i ~/k1 -l bob -F /cfg -o ProxyJump=ignored -vvv');
    expect(a).toMatchObject({ proxyJump: 'admin@bastion:2200', port: 2222, user: 'bob', identityFiles: ['~/k1'] });
    expect(a.ignored).toEqual(expect.arrayContaining(['-C', '-4', '-F /cfg', '-v']));
    expect(parseSshArgs('-o ProxyJump=j2').proxyJump).toBe('j2');
    expect(parseSshArgs('-Jnone').proxyJump).toBeUndefined();
    expect(parseSshArgs('-o StrictHostKeyChecking=accept-new').strictHostKeyChecking).toBe('accept-new');
  });

  it('refuses a bad port; empty input gives nothing', () => {
    expect(() => parseSshArgs('-p abc')).toThrow(/invalid port/);
    expect(parseSshArgs(undefined)).toMatchObject({ options: {}, identityFiles: [], ignored: [] });
  });
});
