import { createHash, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkHostKey, fingerprint, hashHostName, hostPatternMatches, keyTypeOf, knownHostName, parseKnownHosts } from '../../../src/transport/known-hosts.js';

/** An ssh-ed25519 public key blob (string "ssh-ed25519", string 32-byte key). */
function edBlob(seed: number): Buffer {
  const type = Buffer.from('ssh-ed25519');
  const key = createHash('sha256').update(String(seed)).digest();
  const b = Buffer.alloc(4 + type.length + 4 + 32);
  b.writeUInt32BE(type.length, 0);
  type.copy(b, 4);
  b.writeUInt32BE(32, 4 + type.length);
  key.copy(b, 8 + type.length);
  return b;
}
function rsaBlob(): Buffer {
  const type = Buffer.from('ssh-rsa');
  const b = Buffer.alloc(4 + type.length + 8);
  b.writeUInt32BE(type.length, 0);
  type.copy(b, 4);
  return b;
}

const A = edBlob(1);
const B = edBlob(2);

describe('known_hosts parsing', () => {
  it('reads plain, ported, hashed, marked, commented and broken lines with their line numbers', () => {
    const text = [
      '# comment',
      '',
      `web1,10.0.0.5 ssh-ed25519 ${A.toString('base64')} me@host`,
      `[web2]:2222 ssh-ed25519 ${A.toString('base64')}`,
      `@revoked * ssh-ed25519 ${B.toString('base64')}`,
      `@cert-authority *.example ssh-ed25519 ${B.toString('base64')}`,
      '@weird x ssh-ed25519 AAAA',
      'too-short ssh-ed25519',
      'bad ssh-ed25519 not*base64',
    ].join('\n');
    const e = parseKnownHosts(text, 'kh');
    expect(e.map((x) => [x.line, x.marker, x.patterns])).toEqual([
      [3, undefined, 'web1,10.0.0.5'],
      [4, undefined, '[web2]:2222'],
      [5, 'revoked', '*'],
      [6, 'cert-authority', '*.example'],
    ]);
    expect(e[0]).toMatchObject({ file: 'kh', keyType: 'ssh-ed25519', key: A.toString('base64') });
  });

  it('names hosts as OpenSSH records them', () => {
    expect(knownHostName('Web1', 22)).toBe('web1');
    expect(knownHostName('10.0.0.1', 2222)).toBe('[10.0.0.1]:2222');
  });

  it('matches wildcards, negations and hashed names (HMAC-SHA1 with the salt)', () => {
    expect(hostPatternMatches('web*,!web3', 'web1')).toBe(true);
    expect(hostPatternMatches('web*,!web3', 'web3')).toBe(false);
    expect(hostPatternMatches('db?', 'db1')).toBe(true);
    expect(hostPatternMatches('db?', 'db12')).toBe(false);
    expect(hostPatternMatches('[web2]:2222', '[web2]:2222')).toBe(true);
    expect(hostPatternMatches('[web2]:2222', 'web2')).toBe(false);
    const salt = Buffer.alloc(20, 7);
    const hashed = hashHostName('[127.0.0.1]:2222', salt);
    expect(hashed).toMatch(/^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+$/);
    expect(hostPatternMatches(hashed, '[127.0.0.1]:2222')).toBe(true);
    expect(hostPatternMatches(hashed, '127.0.0.1')).toBe(false);
    expect(hostPatternMatches('|1|broken', 'x')).toBe(false);
  });

  it('matches entries hashed by ssh-keygen -H and prints the fingerprint ssh-keygen -l prints', () => {
    // Made with: ssh-keygen -H on "web.example.org ..." and "[10.0.0.7]:2222 ..." lines; ssh-keygen -l.
    const key = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
    const text = [
      `|1|kCtgMHu5Himd435j/bTrCqQ1jpQ=|FYWrd94eHxODjxs9wleXbxDDTwo= ssh-ed25519 ${key}`,
      `|1|yISjvIsoqAltkF5nrwhxsrTd13g=|rsCJXA9h2usAskvGNfvsmeI4i1U= ssh-ed25519 ${key}`,
    ].join('\n');
    const e = parseKnownHosts(text, 'kh');
    const blob = Buffer.from(key, 'base64');
    expect(checkHostKey(e, [knownHostName('web.example.org', 22)], blob)).toMatchObject({ status: 'known', entry: { line: 1 } });
    expect(checkHostKey(e, [knownHostName('10.0.0.7', 2222)], blob)).toMatchObject({ status: 'known', entry: { line: 2 } });
    expect(checkHostKey(e, [knownHostName('10.0.0.7', 22)], blob).status).toBe('unknown');
    expect(fingerprint(blob)).toBe('SHA256:+DiY3wvvV6TuJJhbpZisF/zLDA0zPMSvHdkr4UvCOqU');
  });

  it('reads key types from blobs and prints SHA256 fingerprints without padding', () => {
    expect(keyTypeOf(A)).toBe('ssh-ed25519');
    expect(keyTypeOf(rsaBlob())).toBe('ssh-rsa');
    expect(keyTypeOf(Buffer.from([0, 0]))).toBe('unknown');
    const fp = fingerprint(A);
    expect(fp).toBe('SHA256:' + createHash('sha256').update(A).digest('base64').replace(/=+$/, ''));
    expect(fp).not.toContain('=');
    // A real key through Node: the fingerprint format holds for any blob.
    const pub = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' });
    expect(fingerprint(pub)).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});

describe('checkHostKey', () => {
  const entries = parseKnownHosts(
    [`web1 ssh-ed25519 ${A.toString('base64')}`, `[web2]:2222 ssh-rsa ${rsaBlob().toString('base64')}`, `@revoked * ssh-ed25519 ${edBlob(9).toString('base64')}`].join('\n'),
    'kh',
  );
  it('known, changed (same type, other key), unknown (other types known) and revoked', () => {
    expect(checkHostKey(entries, ['web1'], A).status).toBe('known');
    const changed = checkHostKey(entries, ['web1'], B);
    expect(changed).toMatchObject({ status: 'changed', entry: { line: 1 } });
    expect(checkHostKey(entries, ['[web2]:2222'], A)).toEqual({ status: 'unknown', otherTypes: ['ssh-rsa'] });
    expect(checkHostKey(entries, ['web2'], rsaBlob()).status).toBe('unknown');
    expect(checkHostKey(entries, ['anything'], edBlob(9)).status).toBe('revoked');
  });
  it('accepts a match under any of the names (address or inventory alias)', () => {
    expect(checkHostKey(entries, ['10.1.1.1', 'web1'], A).status).toBe('known');
  });
});
