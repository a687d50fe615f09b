/**
 * known_hosts files as OpenSSH writes them: `[@marker] patterns keytype base64 [comment]`, where
 * patterns are comma-separated names with * and ? wildcards and !negation, `[host]:port` for ports
 * other than 22, or hashed `|1|salt|hmac-sha1` entries. @revoked keys are refused; @cert-authority
 * lines are skipped (certificates are not used here).
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';

export interface KnownHostEntry {
  file: string;
  /** 1-based */
  line: number;
  marker?: 'revoked' | 'cert-authority';
  patterns: string;
  keyType: string;
  /** base64 of the key blob */
  key: string;
}

export function parseKnownHosts(text: string, file: string): KnownHostEntry[] {
  const out: KnownHostEntry[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i].trim();
    if (!l || l.startsWith('#')) continue;
    const fields = l.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0].startsWith('@')) {
      const m = fields.shift()!;
      if (m === '@revoked') marker = 'revoked';
      else if (m === '@cert-authority') marker = 'cert-authority';
      else continue; // unknown marker: ignore the line, as OpenSSH does
    }
    if (fields.length < 3) continue;
    const [patterns, keyType, key] = fields;
    if (!/^[A-Za-z0-9+/]+=*$/.test(key)) continue;
    out.push({ file, line: i + 1, marker, patterns, keyType, key });
  }
  return out;
}

/** The name a host is recorded under: `host` on port 22, `[host]:port` otherwise. */
export function knownHostName(host: string, port: number): string {
  const h = host.toLowerCase();
  return port === 22 ? h : `[${h}]:${port}`;
}

/** OpenSSH's HashKnownHosts form of a name: |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const mac = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${mac}`;
}

function globMatch(pattern: string, s: string): boolean {
  const re = '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$';
  return new RegExp(re, 'i').test(s);
}

function singleMatch(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, mac] = pattern.split('|');
    if (!salt || !mac) return false;
    return hashHostName(name, Buffer.from(salt, 'base64')) === pattern;
  }
  return globMatch(pattern, name);
}

/** Whether a patterns field matches a recorded name (negations veto any positive match). */
export function hostPatternMatches(patterns: string, name: string): boolean {
  let matched = false;
  for (const p of patterns.split(',')) {
    if (!p) continue;
    if (p.startsWith('!')) {
      if (singleMatch(p.slice(1), name)) return false;
    } else if (singleMatch(p, name)) matched = true;
  }
  return matched;
}

/** The key type named inside an SSH public key blob (its first string). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const len = blob.readUInt32BE(0);
  if (len > 64 || 4 + len > blob.length) return 'unknown';
  return blob.subarray(4, 4 + len).toString('latin1');
}

/** SHA256 fingerprint as OpenSSH prints it: `SHA256:` + base64 without padding. */
export function fingerprint(blob: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(blob).digest('base64').replace(/=+$/, '');
}

export type HostKeyStatus =
  | { status: 'known'; entry: KnownHostEntry }
  | { status: 'unknown'; otherTypes: string[] }
  | { status: 'changed'; entry: KnownHostEntry }
  | { status: 'revoked'; entry: KnownHostEntry };

/** Compare a presented key with the entries for any of the names (host name, inventory alias). */
export function checkHostKey(entries: KnownHostEntry[], names: string[], blob: Buffer): HostKeyStatus {
  const type = keyTypeOf(blob);
  const b64 = blob.toString('base64');
  for (const e of entries) if (e.marker === 'revoked' && e.key === b64) return { status: 'revoked', entry: e };
  const mine = entries.filter((e) => !e.marker && names.some((n) => hostPatternMatches(e.patterns, n)));
  const same = mine.find((e) => e.key === b64);
  if (same) return { status: 'known', entry: same };
  const changed = mine.find((e) => e.keyType === type);
  if (changed) return { status: 'changed', entry: changed };
  return { status: 'unknown', otherTypes: [...new Set(mine.map((e) => e.keyType))] };
}

/** Read and parse several files; missing or unreadable files count as empty. */
export async function readKnownHosts(files: string[]): Promise<KnownHostEntry[]> {
  const all: KnownHostEntry[] = [];
  for (const f of files) {
    try {
      all.push(...parseKnownHosts(await fs.readFile(f, 'utf8'), f));
    } catch {
      /* missing file: nothing known from it */
    }
  }
  return all;
}

/** Append `name type base64` to a known_hosts file (created 0600, its directory 0700). */
export async function appendKnownHost(file: string, name: string, blob: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  let prefix = '';
  try {
    const cur = await fs.readFile(file, 'utf8');
    if (cur.length && !cur.endsWith('\n')) prefix = '\n';
  } catch {
    /* new file */
  }
  await fs.appendFile(file, `${prefix}${name} ${keyTypeOf(blob)} ${blob.toString('base64')}\n`, { mode: 0o600 });
}
