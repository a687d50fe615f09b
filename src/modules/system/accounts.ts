/**
 * Account databases, parsed (pure; unit-tested on real getent output): passwd, group and shadow
 * lines, and the probe that prints what the user and group modules need in ONE round trip.
 */
import { sh } from '../../util/quote.js';
import { sectionMark, sections } from '../../util/sections.js';

export interface PasswdEntry {
  name: string;
  password: string;
  uid: number;
  gid: number;
  comment: string;
  home: string;
  shell: string;
}

export interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

export interface ShadowEntry {
  name: string;
  hash: string;
  /** Days since the epoch; undefined when the field is empty. */
  lastChange?: number;
  /** Minimum and maximum password age in days (chage -m / -M); undefined when the field is empty. */
  min?: number;
  max?: number;
  expires?: number;
}

export function parsePasswd(line: string): PasswdEntry | undefined {
  const f = line.split(':');
  if (f.length < 7 || !f[0]) return undefined;
  return { name: f[0], password: f[1], uid: Number(f[2]), gid: Number(f[3]), comment: f[4], home: f[5], shell: f.slice(6).join(':') };
}

export function parseGroup(line: string): GroupEntry | undefined {
  const f = line.split(':');
  if (f.length < 4 || !f[0]) return undefined;
  return { name: f[0], gid: Number(f[2]), members: f[3] ? f[3].split(',').filter(Boolean) : [] };
}

export function parseShadow(line: string): ShadowEntry | undefined {
  const f = line.split(':');
  if (f.length < 8 || !f[0]) return undefined;
  const num = (s: string) => (s === '' ? undefined : Number(s));
  return { name: f[0], hash: f[1], lastChange: num(f[2]), min: num(f[3]), max: num(f[4]), expires: num(f[7]) };
}

function lines(s: string | undefined): string[] {
  return (s ?? '').split('\n').filter((l) => l.trim() !== '');
}

export interface AccountProbe {
  passwd?: PasswdEntry;
  shadow?: ShadowEntry;
  /** Names of the user's groups (id -Gn), primary first. */
  idGroups: string[];
  /** The user's primary group (by its gid). */
  primary?: GroupEntry;
  /** Entries for the group names asked about (that exist). */
  groups: GroupEntry[];
  /** Whether the home directory (the one asked for, else the entry's) exists; undefined when not probed. */
  homeExists?: boolean;
}

/**
 * One script: whether the user's home (`home`, else its entry's) exists, the user's passwd and
 * shadow lines, `id -Gn`, its primary group, and the group entries for `groupNames` (to check they
 * exist and to resolve names to gids).
 */
export function accountProbeScript(user: string | undefined, groupNames: string[], home?: string): string {
  const out: string[] = [];
  if (user !== undefined) {
    out.push(sectionMark('home'), home !== undefined ? sh`_h=${home}` : sh`_h=$(getent passwd -- ${user} | cut -d: -f6)`);
    out.push('if [ -z "$_h" ]; then :; elif [ -e "$_h" ]; then echo yes; else echo no; fi');
    out.push(sectionMark('passwd'), sh`getent passwd -- ${user} || true`);
    out.push(sectionMark('shadow'), sh`getent shadow -- ${user} 2>/dev/null || true`);
    out.push(sectionMark('id'), sh`id -Gn -- ${user} 2>/dev/null || true`);
    out.push(sectionMark('primary'), sh`_g=$(getent passwd -- ${user} | cut -d: -f4); if [ -n "$_g" ]; then getent group "$_g" || true; fi`);
  }
  out.push(sectionMark('groups'));
  if (groupNames.length) out.push(sh`getent group -- ${groupNames} || true`);
  return out.join('\n') + '\n';
}

export function parseAccountProbe(out: string): AccountProbe {
  const s = sections(out);
  return {
    passwd: lines(s.passwd).map(parsePasswd).find(Boolean),
    shadow: lines(s.shadow).map(parseShadow).find(Boolean),
    idGroups: (s.id ?? '').trim().split(/\s+/).filter(Boolean),
    primary: lines(s.primary).map(parseGroup).find(Boolean),
    groups: lines(s.groups).map(parseGroup).filter((g): g is GroupEntry => g !== undefined),
    ...(s.home?.trim() ? { homeExists: s.home.trim() === 'yes' } : {}),
  };
}

/** A group given by name or gid, found among the probed entries. */
export function findGroup(ref: string, groups: GroupEntry[]): GroupEntry | undefined {
  return /^\d+$/.test(ref) ? groups.find((g) => g.gid === Number(ref)) : groups.find((g) => g.name === ref);
}
