/** generate_ssh_key's decisions and paths, as Ansible's ssh_key_gen; the keygen script run against ssh-keygen when present. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { keygenNeeded, sshKeygenScript, sshKeyPath, sshKeyReadScript } from '../../../../src/modules/system/user-ssh-key.js';
import { sections } from '../../../../src/util/sections.js';

describe('sshKeyPath', () => {
  it.each([
    [undefined, '/home/u', '/home/u/.ssh/id_rsa'],
    ['.ssh/test_id_rsa', '/home/u', '/home/u/.ssh/test_id_rsa'],
    ['/etc/keys/k', '/home/u', '/etc/keys/k'],
  ])('%s under %s', (file, home, want) => expect(sshKeyPath(file, home)).toBe(want));
});

describe('keygenNeeded', () => {
  it.each([
    ['nothing there', false, undefined, false, false, true],
    ['a key, no force', false, undefined, true, true, false],
    ['a key, force: overwritten', true, undefined, true, true, true],
    ['a key with a passphrase, force: declined as Ansible', true, 'pp', true, true, false],
    ['only a .pub, no force', false, undefined, false, true, false],
    ['only a .pub, force', true, undefined, false, true, true],
  ])('%s', (_what, force, pass, key, pub, want) => {
    expect(keygenNeeded({ force, ssh_key_passphrase: pass }, key, pub)).toBe(want);
  });
});

describe.runIf(existsSync('/usr/bin/ssh-keygen') && process.getuid?.() === 0)('the keygen script', () => {
  it('makes a key with the passphrase read from stdin, in a new 0700 directory, and reads it back', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'machinist-sshkey-'));
    try {
      const key = path.join(dir, 'sub', 'k');
      const args = { name: 'root', force: false, ssh_key_bits: 0, ssh_key_type: 'ed25519', ssh_key_comment: "it's me" };
      const script = sshKeygenScript(args, key);
      expect(script).not.toContain('secret');
      // no argument carries it either (ssh-keygen -N would put it in the process list): an askpass helper prints it
      expect(script).not.toMatch(/ssh-keygen[^\n]* -N /);
      expect(script).toContain('SSH_ASKPASS_REQUIRE=force');
      const r = spawnSync('/bin/sh', ['-c', script], { input: 'secret pass', encoding: 'utf8' });
      expect(r.status).toBe(0);
      expect(spawnSync('ssh-keygen', ['-y', '-f', key, '-P', 'secret pass']).status).toBe(0);
      expect(readFileSync(key + '.pub', 'utf8')).toContain("it's me");
      const s = sections(spawnSync('/bin/sh', ['-c', sshKeyReadScript(key)], { encoding: 'utf8' }).stdout);
      expect(s.exists?.trim().split('\n')).toEqual(['key', 'pub']);
      expect(s.fingerprint).toMatch(/SHA256:/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
