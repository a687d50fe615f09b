/**
 * The parts of ~/.ssh/config (ssh_config(5)) machinist honours: Host blocks with * ? wildcards and
 * !negation; HostName, User, Port, IdentityFile (several), ProxyJump, UserKnownHostsFile,
 * StrictHostKeyChecking, ConnectTimeout. As in OpenSSH, the first value found for a key wins (so
 * specific Host blocks go first and `Host *` last); IdentityFile accumulates. `Match` blocks are
 * skipped (never applied); Include is followed for plain file names.
 */
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface SshConfigBlock {
  /** Patterns of the Host line; null for options before any Host line (apply to every host). */
  patterns: string[] | null;
  /** [lower-case key, value] in file order. */
  options: Array<[string, string]>;
}

export interface SshHostConfig {
  hostName?: string;
  user?: string;
  port?: number;
  identityFiles: string[];
  proxyJump?: string;
  userKnownHostsFiles: string[];
  strictHostKeyChecking?: 'strict' | 'accept-new' | 'off';
  connectTimeoutMs?: number;
}

/** Split a config line into key and value (Key value, Key=value, quoted values). */
function splitLine(line: string): [string, string] | null {
  const m = /^\s*([A-Za-z][A-Za-z0-9]*)\s*(?:=\s*|\s+)(.*?)\s*$/.exec(line);
  if (!m) return null;
  return [m[1].toLowerCase(), m[2]];
}

/** Words of a value: whitespace-separated, "double quotes" group. */
export function configWords(value: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value))) out.push(m[1] ?? m[2]);
  return out;
}

export function parseSshConfig(text: string, includeBase = path.join(os.homedir(), '.ssh'), depth = 0): SshConfigBlock[] {
  const blocks: SshConfigBlock[] = [{ patterns: null, options: [] }];
  let cur = blocks[0];
  let skipping = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/^\s+/, '');
    if (!line || line.startsWith('#')) continue;
    const kv = splitLine(line);
    if (!kv) continue;
    const [key, value] = kv;
    if (key === 'host') {
      cur = { patterns: configWords(value), options: [] };
      blocks.push(cur);
      skipping = false;
    } else if (key === 'match') {
      skipping = true;
    } else if (skipping) {
      continue;
    } else if (key === 'include' && depth < 8) {
      for (const f of configWords(value)) {
        const file = expandTilde(f);
        const full = path.isAbsolute(file) ? file : path.join(includeBase, file);
        let inc: SshConfigBlock[];
        try {
          inc = parseSshConfig(readFileSync(full, 'utf8'), includeBase, depth + 1);
        } catch {
          continue;
        }
        // Options before any Host line of the included file belong to the current block.
        cur.options.push(...inc[0].options);
        if (inc.length > 1) {
          blocks.push(...inc.slice(1));
          cur = { patterns: cur.patterns, options: [] };
          blocks.push(cur);
        }
      }
    } else {
      cur.options.push([key, value]);
    }
  }
  return blocks;
}

function glob(pattern: string, s: string): boolean {
  const re = '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$';
  return new RegExp(re, 'i').test(s);
}

/** Host line semantics: any positive pattern matches and no negated one does. */
export function hostMatches(patterns: string[], host: string): boolean {
  let ok = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (glob(p.slice(1), host)) return false;
    } else if (glob(p, host)) ok = true;
  }
  return ok;
}

export function expandTilde(p: string): string {
  if (p === '~') return os.homedir();
  if (p.startsWith('~/')) return path.join(os.homedir(), p.slice(2));
  return p;
}

/** %-tokens of IdentityFile/UserKnownHostsFile/HostName: %h %p %r %u %d %%. */
export function expandTokens(v: string, t: { host: string; port?: number; user?: string }): string {
  return v.replace(/%([%hprud])/g, (_m, c: string) => {
    switch (c) {
      case '%':
        return '%';
      case 'h':
        return t.host;
      case 'p':
        return String(t.port ?? 22);
      case 'r':
        return t.user ?? os.userInfo().username;
      case 'u':
        return os.userInfo().username;
      default:
        return os.homedir();
    }
  });
}

export function strictValue(v: string): SshHostConfig['strictHostKeyChecking'] {
  const s = v.toLowerCase();
  if (s === 'yes' || s === 'ask' || s === 'true') return 'strict';
  if (s === 'accept-new') return 'accept-new';
  if (s === 'no' || s === 'off' || s === 'false') return 'off';
  return undefined;
}

/** The options that apply to `host` (the name as given, before HostName). */
export function lookupSshConfig(blocks: SshConfigBlock[], host: string): SshHostConfig {
  const first = new Map<string, string>();
  const identityFiles: string[] = [];
  for (const b of blocks) {
    if (b.patterns && !hostMatches(b.patterns, host)) continue;
    for (const [k, v] of b.options) {
      if (k === 'identityfile') identityFiles.push(v);
      else if (!first.has(k)) first.set(k, v);
    }
  }
  const out: SshHostConfig = { identityFiles: [], userKnownHostsFiles: [] };
  const hn = first.get('hostname');
  if (hn) out.hostName = expandTokens(configWords(hn)[0] ?? hn, { host });
  const user = first.get('user');
  if (user) out.user = configWords(user)[0];
  const port = first.get('port');
  if (port && /^\d+$/.test(port)) out.port = Number(port);
  const tokens = { host: out.hostName ?? host, port: out.port, user: out.user };
  out.identityFiles = identityFiles.map((f) => expandTilde(expandTokens(configWords(f)[0] ?? f, tokens)));
  const pj = first.get('proxyjump');
  if (pj && pj.toLowerCase() !== 'none') out.proxyJump = pj;
  const ukh = first.get('userknownhostsfile');
  if (ukh && ukh.toLowerCase() !== 'none') out.userKnownHostsFiles = configWords(ukh).map((f) => expandTilde(expandTokens(f, tokens)));
  const shk = first.get('stricthostkeychecking');
  if (shk) out.strictHostKeyChecking = strictValue(shk);
  const ct = first.get('connecttimeout');
  if (ct && /^\d+$/.test(ct)) out.connectTimeoutMs = Number(ct) * 1000;
  return out;
}

const cache = new Map<string, SshConfigBlock[]>();

/** Parsed config file (cached per path); a missing file is an empty config. */
export function loadSshConfig(file: string): SshConfigBlock[] {
  let b = cache.get(file);
  if (!b) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      /* no config */
    }
    b = parseSshConfig(text, path.dirname(file));
    cache.set(file, b);
  }
  return b;
}
