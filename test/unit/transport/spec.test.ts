import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/util/errors.js';
import { connectionSpecFor } from '../../../src/transport/spec.js';
import { parseProxyJump } from '../../../src/transport/jump.js';
import type { ConnOptions } from '../../../src/transport/index.js';

let dir: string;
let cfg: string;
const base = (): ConnOptions => ({ knownHostsFiles: [], sshConfigFile: '' });

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-spec-'));
  cfg = path.join(dir, 'config');
  await fs.writeFile(
    cfg,
    ['Host web*', '  HostName %h.example.net', '  User cfguser', '  Port 2200', '  IdentityFile ~/.ssh/cfgkey', '  ProxyJump jump@bastion:2222', '  UserKnownHostsFile /kh/cfg', 'Host *', '  StrictHostKeyChecking accept-new', ''].join('\n'),
  );
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

describe('connectionSpecFor', () => {
  it('defaults: the name as host, port 22, the local user, strict, 10 s', () => {
    const s = connectionSpecFor('db1', {}, base(), { localUser: 'me' });
    expect(s).toEqual({ name: 'db1', connection: 'ssh', host: 'db1', port: 22, user: 'me', privateKeyFiles: [], knownHostsFiles: [], hostKeyChecking: 'strict', connectTimeoutMs: 10_000 });
  });

  it('inventory variables win over options and ssh_config', () => {
    const s = connectionSpecFor(
      'web1',
      { ansible_host: '10.0.0.5', ansible_port: '2022', ansible_user: 'deploy', ansible_password: 'pw', ansible_ssh_private_key_file: '~/k', ansible_timeout: 3 },
      { ...base(), user: 'cli', privateKey: '/cli/key', sshConfigFile: cfg },
    );
    expect(s).toMatchObject({ host: '10.0.0.5', port: 2022, user: 'deploy', password: 'pw', connectTimeoutMs: 3000 });
    expect(s.privateKeyFiles[0]).toBe(path.join(os.homedir(), 'k'));
    expect(s.privateKeyFiles).not.toContain('/cli/key');
  });

  it('fills in from ~/.ssh/config when the inventory does not say (matched on the given name)', () => {
    const s = connectionSpecFor('web1', {}, { ...base(), sshConfigFile: cfg, knownHostsFiles: ['/kh/cli'] });
    expect(s).toMatchObject({ host: 'web1.example.net', port: 2200, user: 'cfguser', proxyJump: 'jump@bastion:2222', hostKeyChecking: 'accept-new' });
    expect(s.privateKeyFiles).toEqual([path.join(os.homedir(), '.ssh/cfgkey')]);
    expect(s.knownHostsFiles).toEqual(['/kh/cli', '/kh/cfg']);
    // -u beats the config's User; an explicit non-default --host-key-checking too
    const u = connectionSpecFor('web1', {}, { ...base(), sshConfigFile: cfg, user: 'cli', hostKeyChecking: 'off' });
    expect(u).toMatchObject({ user: 'cli', hostKeyChecking: 'off' });
  });

  it('honours ansible_ssh_common_args/extra_args: -o options, -J, -p, -i, -l', () => {
    const s = connectionSpecFor(
      'h',
      { ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/kh/args -J j1,j2:2200', ansible_ssh_extra_args: '-p 2300 -i /k/args -l argsuser' },
      { ...base(), sshConfigFile: cfg },
      { localUser: 'me' },
    );
    expect(s).toMatchObject({ port: 2300, user: 'argsuser', proxyJump: 'j1,j2:2200', hostKeyChecking: 'off', privateKeyFiles: ['/k/args'], knownHostsFiles: ['/kh/args'] });
    expect(s.sshArgs).toContain('StrictHostKeyChecking=no');
  });

  it('reads become settings (ansible_become_pass as well as _password)', () => {
    expect(connectionSpecFor('h', { ansible_become: 'yes', ansible_become_user: 'postgres', ansible_become_pass: 'x' }, base()).become).toEqual({ user: 'postgres', password: 'x' });
    expect(connectionSpecFor('h', { ansible_become: true }, base()).become).toEqual({ user: 'root' });
    expect(connectionSpecFor('h', { ansible_become: 'no' }, base()).become).toBeNull();
    expect(connectionSpecFor('h', {}, base()).become).toBeUndefined();
  });

  // ansible_become is read with Ansible's boolean(): 't' was read as false, a word that is no boolean
  // was taken as false, and None as turned off
  it.each<[unknown, { user: string } | null | undefined]>([
    ['t', { user: 'root' }],
    [' Y ', { user: 'root' }],
    [1, { user: 'root' }],
    ['F', null],
    [0, null],
    [null, undefined],
  ])('reads ansible_become %j as Ansible does', (v, become) => {
    expect(connectionSpecFor('h', { ansible_become: v }, base()).become).toEqual(become);
  });

  it('refuses an ansible_become that is no boolean', () => {
    expect(() => connectionSpecFor('h1', { ansible_become: 'maybe' }, base())).toThrow('host h1: ansible_become must be a boolean, not "maybe"');
    expect(() => connectionSpecFor('h1', { ansible_become: 2 }, base())).toThrow(ValidationError);
  });

  it('local connection and its aliases', () => {
    expect(connectionSpecFor('ctl', { ansible_connection: 'local' }, base()).connection).toBe('local');
    expect(connectionSpecFor('h', { ansible_connection: 'smart' }, base()).connection).toBe('ssh');
  });

  it('refuses bad values with clear errors', () => {
    const err = (vars: Record<string, unknown>) => {
      try {
        connectionSpecFor('h1', vars, base(), { localUser: 'me' });
      } catch (e) {
        return e as ValidationError;
      }
      throw new Error('no error');
    };
    expect(err({ ansible_port: 70000 }).message).toMatch(/host h1: ansible_port must be a port number from 1 to 65535, not "70000"/);
    expect(err({ ansible_port: 'ssh' }).message).toMatch(/port number/);
    expect(err({ ansible_port: 0 }).message).toMatch(/port number/);
    expect(err({ ansible_host: 'bad host;rm' }).message).toMatch(/invalid host address/);
    expect(err({ ansible_host: '-oProxyCommand=x' }).message).toMatch(/invalid host address/);
    expect(err({ ansible_user: 'a b' }).message).toMatch(/invalid user name/);
    expect(err({ ansible_become: true, ansible_become_user: 'x;y' }).message).toMatch(/invalid ansible_become_user/);
    expect(err({ ansible_timeout: 'soon' }).message).toMatch(/ansible_timeout/);
    expect(err({ ansible_ssh_common_args: "-o 'open" }).message).toMatch(/unterminated/);
    expect(err({ ansible_ssh_common_args: '-J bad@@x' }).message).toMatch(/ProxyJump/);
    expect(err({ ansible_host: ['a'] }).message).toMatch(/ansible_host must be a string/);
    const c = err({ ansible_connection: 'sshh' });
    expect(c).toBeInstanceOf(ValidationError);
    expect(c.message).toMatch(/unknown ansible_connection "sshh"/);
    expect(c.hint).toBe("did you mean 'ssh'?");
  });

  it.each([
    [{ ansible_port: 'abc' }, 22, 10_000],
    [{ ansible_ssh_port: 99999, ansible_timeout: 'soon' }, 22, 10_000],
    [{ ansible_port: '2222', ansible_timeout: 0 }, 2222, 10_000],
    [{ ansible_port: 'abc', ansible_timeout: '2.5' }, 22, 2_500],
  ])('a local connection reads no port nor timeout: %j is no problem', (vars, port, connectTimeoutMs) => {
    const s = connectionSpecFor('h1', { ansible_connection: 'local', ...vars }, base(), { localUser: 'me' });
    expect([s.connection, s.port, s.connectTimeoutMs]).toEqual(['local', port, connectTimeoutMs]);
  });

  it('accepts IPv4, IPv6 and ordinary names', () => {
    for (const h of ['10.0.0.1', 'fe80::1', '::1', 'web-1.example.org', 'host_1']) {
      expect(connectionSpecFor('x', { ansible_host: h }, base(), { localUser: 'me' }).host).toBe(h);
    }
  });
});

describe('ProxyJump hops', () => {
  it('parses [user@]host[:port] chains', () => {
    expect(parseProxyJump('a@b:2200, c ,[::1]:23,ssh://u@h')).toEqual([
      { user: 'a', host: 'b', port: 2200 },
      { user: undefined, host: 'c', port: 22 },
      { user: undefined, host: '::1', port: 23 },
      { user: 'u', host: 'h', port: 22 },
    ]);
    expect(() => parseProxyJump('a@b:99999')).toThrow(/invalid port/);
    expect(() => parseProxyJump('a b')).toThrow(/invalid ProxyJump hop/);
  });
});
