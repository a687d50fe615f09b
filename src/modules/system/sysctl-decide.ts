/**
 * sysctl's pure parts: key names (checked, and their /proc/sys path), Ansible's value normalisation
 * and comparison, the file edit that keeps every other line as it is, and where values persist: which
 * files the host reads at boot (systemd-sysctl reads only *.conf in the sysctl.d directories; Debian
 * ≤ 12 links /etc/sysctl.d/99-sysctl.conf to /etc/sysctl.conf, Debian 13 does not).
 */
import * as path from 'node:path';
import { booleanWord } from '../../py/bool.js';

const NAME = /^[a-z0-9_][a-z0-9_.\-/]*$/i;

export class SysctlNameError extends Error {}

/** Check a key name: letters, digits, _ . - / ; no empty or '..' component. */
export function checkName(name: string): void {
  const comps = name.split(/[./]/);
  if (!NAME.test(name) || comps.some((c) => c === '') || name.includes('..') || /\/\.|\.\//.test(name)) {
    throw new SysctlNameError(`invalid sysctl key ${JSON.stringify(name)}: expected names like net.ipv4.ip_forward (letters, digits, _ . - /)`);
  }
}

/**
 * The path under /proc/sys, as sysctl(8) reads a name: in the dotted form a '/' stands for a literal
 * dot (net.ipv4.conf.eth0/100.forwarding); a name whose first separator is '/' is a path already.
 */
export function procPath(name: string): string {
  const dot = name.indexOf('.');
  const slash = name.indexOf('/');
  if (slash >= 0 && (dot < 0 || slash < dot)) return name;
  return name.replace(/[./]/g, (c) => (c === '.' ? '/' : '.'));
}

/** The dotted form, for comparing keys written either way. */
export function canonicalName(name: string): string {
  const p = procPath(name);
  return p.replace(/[./]/g, (c) => (c === '/' ? '.' : '/'));
}

/** Ansible's _parse_value: booleans become 1/0, strings are trimmed. */
export function parseValue(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'boolean') return v ? '1' : '0';
  const s = String(v);
  const b = booleanWord(s);
  return b === undefined ? s.trim() : b ? '1' : '0';
}

/** Ansible's _values_is_equal: the same whitespace-separated words in the same order. */
export function valuesEqual(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined) return false;
  const x = a.split(/\s+/).filter(Boolean);
  const y = b.split(/\s+/).filter(Boolean);
  return x.length === y.length && x.every((w, i) => w === y[i]);
}

function keyOf(line: string): { key: string; value: string } | undefined {
  const t = line.trim();
  if (!t || t.startsWith('#') || t.startsWith(';') || !t.includes('=')) return undefined;
  const eq = t.indexOf('=');
  // a leading '-' means "ignore errors for this key" (sysctl.d(5)); it names the same key
  return { key: t.slice(0, eq).trim().replace(/^-/, ''), value: t.slice(eq + 1).trim() };
}

/** The value the file sets for the key (the last assignment wins, as when it is loaded). */
export function fileValue(text: string, name: string): string | undefined {
  const want = canonicalName(name);
  let v: string | undefined;
  for (const line of text.split('\n')) {
    const kv = keyOf(line);
    if (kv && canonicalName(kv.key) === want) v = kv.value;
  }
  return v;
}

/**
 * Set (value given) or remove (undefined) the key in the file's text: the first line of the key is
 * replaced by `name=value`, later lines of the same key are dropped, everything else is kept byte for
 * byte; a missing key is appended (after a newline if the file does not end with one).
 */
export function editSysctlText(text: string, name: string, value: string | undefined): string {
  const want = canonicalName(name);
  const lines = text === '' ? [] : text.split('\n');
  const trailing = text.endsWith('\n');
  if (trailing) lines.pop();
  const out: string[] = [];
  let done = false;
  for (const line of lines) {
    const kv = keyOf(line);
    if (kv && canonicalName(kv.key) === want) {
      if (value !== undefined && !done) out.push(`${name}=${value}`);
      done = true;
      continue;
    }
    out.push(line);
  }
  const appended = !done && value !== undefined;
  if (appended) out.push(`${name}=${value}`);
  if (out.length === 0) return '';
  return out.join('\n') + (trailing || appended ? '\n' : '');
}

/** Directories whose *.conf files systemd-sysctl and `sysctl --system` read at boot. */
export const BOOT_DIRS = ['/etc/sysctl.d', '/usr/local/lib/sysctl.d', '/usr/lib/sysctl.d', '/lib/sysctl.d'];

export interface BootInfo {
  /** systemd is PID 1 (systemd-sysctl applies the settings at boot). */
  systemd: boolean;
  /** Canonical targets of the symlinks among the boot dirs' *.conf files. */
  linkedTargets: string[];
  /** /etc/init.d/procps exists (sysvinit: `sysctl --system`, which also reads /etc/sysctl.conf). */
  procpsInit: boolean;
}

/** Is the (canonical) file read at boot on this host? */
export function readAtBoot(realFile: string, info: BootInfo): boolean {
  const dir = path.posix.dirname(realFile);
  if (BOOT_DIRS.includes(dir) && realFile.endsWith('.conf')) return true;
  if (info.linkedTargets.includes(realFile)) return true;
  if (realFile === '/etc/sysctl.conf' && !info.systemd && info.procpsInit) return true;
  return false;
}

/** A file name under /etc/sysctl.d for the key, e.g. /etc/sysctl.d/60-net.ipv4.ip_forward.conf. */
export function suggestedFile(name: string): string {
  return `/etc/sysctl.d/60-${canonicalName(name).replace(/\//g, '_')}.conf`;
}

export function persistenceWarning(file: string, realFile: string, name: string, info: BootInfo): string | undefined {
  if (readAtBoot(realFile, info)) return undefined;
  const why = realFile.startsWith('/run/')
    ? `${file} is on a tmpfs (/run) and is gone after a reboot`
    : `${file} is not read at boot on this host (${info.systemd ? 'systemd-sysctl reads only *.conf files in /etc/sysctl.d, /usr/lib/sysctl.d and /run/sysctl.d, and /etc/sysctl.d/99-sysctl.conf does not link to it' : 'nothing reads it at boot'})`;
  return `${why}: ${name} will not survive a reboot; use sysctl_file: ${suggestedFile(name)}`;
}
