import * as os from 'node:os';
import * as path from 'node:path';
import { promises as fs } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hostMatches, lookupSshConfig, parseSshConfig } from '../../../src/transport/ssh-config.js';

const CONFIG = `
# global first
ConnectTimeout 7

Host web-* !web-3
  HostName %h.lan
  User deploy
  IdentityFile ~/.ssh/web_key
  Port 2201

Host web-1
  User ignored-because-first-wins
  IdentityFile /keys/extra
  ProxyJump bastion

Match host db
  User match-is-skipped

Host db "quoted name"
  Hostname=10.0.0.9
  StrictHostKeyChecking accept-new
  UserKnownHostsFile /kh/one ~/kh/two

Host *
  User fallback
  StrictHostKeyChecking no
  ProxyJump none
`;

describe('ssh_config', () => {
  const blocks = parseSshConfig(CONFIG);

  it('matches Host patterns with * ? and !negation', () => {
    expect(hostMatches(['web-*', '!web-3'], 'web-1')).toBe(true);
    expect(hostMatches(['web-*', '!web-3'], 'web-3')).toBe(false);
    expect(hostMatches(['db?'], 'db1')).toBe(true);
    expect(hostMatches(['db?'], 'db12')).toBe(false);
    expect(hostMatches(['!x'], 'y')).toBe(false);
  });

  it('first value wins per key; IdentityFile accumulates; tokens and ~ expand', () => {
    const c = lookupSshConfig(blocks, 'web-1');
    expect(c).toMatchObject({ hostName: 'web-1.lan', user: 'deploy', port: 2201, proxyJump: 'bastion', connectTimeoutMs: 7000, strictHostKeyChecking: 'off' });
    expect(c.identityFiles).toEqual([path.join(os.homedir(), '.ssh/web_key'), '/keys/extra']);
  });

  it('negated hosts fall through to later blocks; Match blocks are not applied', () => {
    const c = lookupSshConfig(blocks, 'web-3');
    expect(c).toMatchObject({ user: 'fallback', strictHostKeyChecking: 'off' });
    expect(c.hostName).toBeUndefined();
    expect(c.proxyJump).toBeUndefined(); // ProxyJump none
    const db = lookupSshConfig(blocks, 'db');
    expect(db).toMatchObject({ hostName: '10.0.0.9', user: 'fallback', strictHostKeyChecking: 'accept-new' });
    expect(db.userKnownHostsFiles).toEqual(['/kh/one', path.join(os.homedir(), 'kh/two')]);
    expect(lookupSshConfig(blocks, 'quoted name').hostName).toBe('10.0.0.9');
  });

  it('follows Include of a file relative to the config directory', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-sshcfg-'));
    try {
      await fs.writeFile(path.join(dir, 'inc.conf'), 'Host inc-host\n  User from-include\n');
      const b = parseSshConfig('Include inc.conf\nHost *\n  User outer\n', dir);
      expect(lookupSshConfig(b, 'inc-host').user).toBe('from-include');
      expect(lookupSshConfig(b, 'other').user).toBe('outer');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
