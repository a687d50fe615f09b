/**
 * The file module's decision, pure: from the probed state of path (and src), what Ansible's file
 * module would do for state file/directory/link/hard/touch/absent, the {before, after} diff, the
 * result fields, and the shell script that makes the change (run by apply in one exec).
 */
import * as path from 'node:path';
import type { FileDiff, ModuleResult } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { raw, sh } from '../../util/quote.js';
import { tempScript } from '../../util/temp-files.js';
import { attrCommands, attrResult, currentAttrs, decideAttrs, idMatches, newAttrs, type AttrArgs, type AttrDecision, type CurrentAttrs } from '../kit/file-attrs.js';
import { dictDiff } from '../kit/diff.js';
import { parseModeArg, resolveMode } from '../kit/file-perms.js';
import type { PathState, ProbeEnv } from '../kit/file-probe.js';

export type FileState = 'file' | 'directory' | 'link' | 'hard' | 'touch' | 'absent';

export interface FileArgs extends AttrArgs {
  path: string;
  state?: FileState;
  src?: string;
  recurse: boolean;
  force: boolean;
  follow: boolean;
  /** 'now', 'preserve' or an epoch (already converted on the host). */
  mtime?: 'now' | 'preserve' | number;
  atime?: 'now' | 'preserve' | number;
}

export interface FileFacts {
  /** lstat of path. */
  path: PathState;
  /** stat of path following links. */
  followed: PathState;
  /** The link/hard-link source (resolved against dirname(path) when relative). */
  src?: PathState;
  env: ProbeEnv;
  /** Distinct "HEXMODE UID GID OWNER GROUP" of everything under path (recurse). */
  tree?: string[];
}

export interface FileDecision {
  changed: boolean;
  diff?: FileDiff;
  result: ModuleResult;
  script: string;
  warnings: string[];
}

const fail = (msg: string, p: string) => new ModuleFailure(msg, { path: p });

/** Ansible's prev_state: absent, file, hard (a file with several links), directory, link, or other types. */
export function prevState(st: PathState): string {
  if (!st.exists) return 'absent';
  if (st.isLink || st.type === 'link') return 'link';
  if (st.type === 'file') return (st.nlink ?? 1) > 1 ? 'hard' : 'file';
  return st.type ?? 'file';
}

function timeScript(p: string, a: FileArgs, st: PathState | undefined, noDeref: boolean): { script: string; changed: boolean } {
  const parts: string[] = [];
  let changed = false;
  const h = noDeref ? '-h ' : '';
  for (const [flag, want, cur] of [
    ['-m', a.mtime, st?.mtime],
    ['-a', a.atime, st?.atime],
  ] as const) {
    if (want === undefined || want === 'preserve') continue;
    if (want === 'now') {
      parts.push(sh`touch ${raw(h)}${raw(flag)} -c -- ${p}`);
      changed = true;
    } else if (cur === undefined || Math.floor(cur) !== want) {
      parts.push(sh`touch ${raw(h)}${raw(flag)} -c -d ${'@' + want} -- ${p}`);
      changed = true;
    }
  }
  return { script: parts.join(' && '), changed };
}

function join(...cmds: string[]): string {
  return cmds.filter(Boolean).join(' && ');
}

/** Decide; throws ModuleFailure for what Ansible refuses (and then nothing is changed). */
export function decideFile(a: FileArgs, f: FileFacts): FileDecision {
  const p = a.path;
  const prev = prevState(f.path);
  const warnings: string[] = [];
  let state: FileState = a.state ?? (prev === 'absent' ? (a.recurse ? 'directory' : 'file') : prev === 'hard' ? 'file' : (prev as FileState));
  if (a.recurse && state !== 'directory') throw fail('recurse option requires state to be \'directory\'', p);
  const before: Record<string, unknown> = { path: p, state: prev };
  const after: Record<string, unknown> = { path: p, state };
  const result: ModuleResult = { path: p };

  if (state === 'absent') {
    const changed = prev !== 'absent';
    return {
      changed,
      diff: changed ? dictDiff(before, { path: p, state: 'absent' }) : undefined,
      result: { path: p, state: 'absent' },
      script: changed ? sh`rm -rf -- ${p}` : '',
      warnings,
    };
  }

  // file / directory / touch operate through a link when follow is set
  let target = p;
  let tst = f.path;
  let tprev = prev;
  if ((state === 'file' || state === 'directory' || state === 'touch') && prev === 'link' && a.follow && f.followed.exists && f.followed.type !== 'link') {
    target = f.followed.real ?? p;
    tst = f.followed;
    tprev = prevState({ ...f.followed, isLink: false });
  }

  if (state === 'file') {
    if (tprev === 'absent') throw fail(`file (${p}) is absent, cannot continue`, p);
    if (tprev !== 'file' && tprev !== 'hard') throw fail(`file (${p}) is ${tprev}, cannot continue`, p);
    const t = timeScript(target, a, tst, false);
    return withAttrs(a, target, tst, f, before, after, t.script, t.changed, warnings, 'file');
  }

  if (state === 'touch') {
    if (tprev === 'absent') {
      const cur = newAttrs(f.env, false);
      const d = decideAttrs(a, cur, f.env.umask);
      const t = timeScript(target, a, undefined, false);
      before.state = 'absent';
      after.state = 'file';
      return finish(join(sh`touch -- ${target}`, attrCommands(target, d.change), t.script), true, d, cur, before, after, target, warnings, 'file');
    }
    const t = timeScript(target, { ...a, mtime: a.mtime ?? 'now', atime: a.atime ?? 'now' }, tst, false);
    const r = withAttrs(a, target, tst, f, before, after, t.script, t.changed, warnings, tprev === 'directory' ? 'directory' : 'file');
    return r;
  }

  if (state === 'directory') {
    if (tprev === 'absent') {
      const cur = newAttrs(f.env, true);
      const d = decideAttrs(a, cur, f.env.umask);
      // create every missing component, each with the requested attributes (as Ansible does)
      const comps: string[] = [];
      let c = target;
      while (c !== '/' && c !== '.' && c !== '') {
        comps.unshift(c);
        c = path.posix.dirname(c);
      }
      const mk = comps.map((x) => sh`{ [ -d ${x} ] || { mkdir -- ${x}${raw(attrCommands(x, d.change) ? ' && ' + attrCommands(x, d.change) : '')}; }; }`);
      const t = timeScript(target, a, undefined, false);
      return finish(join(...mk, t.script), true, d, cur, before, after, target, warnings, 'directory');
    }
    if (tprev !== 'directory') throw fail(`${p} already exists as a ${tprev}`, p);
    const t = timeScript(target, a, tst, false);
    const res = withAttrs(a, target, tst, f, before, after, t.script, t.changed, warnings, 'directory');
    if (a.recurse && (a.mode !== undefined || a.owner !== undefined || a.group !== undefined)) {
      const need = treeNeedsChange(a, f.tree ?? [], f.env.umask);
      if (need) {
        const recChange = { owner: a.owner, group: a.group };
        const chown = attrCommands(target, recChange, { recurse: true, noDereference: true });
        const chmod = a.mode !== undefined ? sh`chmod -R ${modeText(a.mode)} -- ${target}` : '';
        res.script = join(res.script, chown, chmod);
        res.changed = true;
      }
    }
    return res;
  }

  // link / hard
  if (a.src === undefined && a.state === undefined && prev === 'link') a = { ...a, src: f.path.linkTarget };
  if (a.src === undefined) throw fail(`src is required for state=${state}`, p);
  if (state === 'link') {
    if (f.src && !f.src.exists && !a.force) {
      throw fail(`src file does not exist, use "force=yes" if you really want to create the link: ${f.src.path}`, p);
    }
    before.src = prev === 'link' ? f.path.linkTarget : undefined;
    after.src = a.src;
    if (prev === 'link' && f.path.linkTarget === a.src) return linkAttrs(a, p, f, before, after, warnings);
    if (prev !== 'absent' && prev !== 'link' && !a.force) throw fail(`refusing to convert from ${prev} to symlink for ${p}`, p);
    const place = prev === 'directory' ? sh`rmdir -- ${p} && ln -s -- ${a.src} ${p}` : viaTemp(p, sh`ln -s -- ${a.src} "$t" && mv -Tf -- "$t" ${p}`);
    const cur = { ...newAttrs(f.env, false), mode: 0o777 };
    const d = decideAttrs({ owner: a.owner, group: a.group }, cur, f.env.umask);
    if (a.mode !== undefined) warnings.push('mode is not applied to a symbolic link');
    return finish(join(place, attrCommands(p, d.change, { noDereference: true })), true, d, cur, before, after, p, warnings, 'link', { src: a.src });
  }
  // hard
  if (!f.src || !f.src.exists) throw fail(`src does not exist: ${a.src}`, p);
  if (f.src.type === 'directory') throw fail(`src ${a.src} is a directory: a hard link needs a file`, p);
  const same = f.path.exists && !f.path.isLink && f.path.inode === f.src.inode && f.path.dev === f.src.dev;
  if (same) return withAttrs(a, p, f.path, f, before, { ...after, src: a.src }, '', false, warnings, 'hard', { src: a.src });
  if (prev === 'hard' && !a.force) throw fail('Cannot link, different hard link exists at destination', p);
  if ((prev === 'file' || prev === 'link' || prev === 'directory') && !a.force) throw fail(`Cannot link, ${prev} exists at destination`, p);
  const place = prev === 'directory' ? sh`rmdir -- ${p} && ln -- ${a.src} ${p}` : viaTemp(p, sh`ln -- ${a.src} "$t" && mv -f -- "$t" ${p}`);
  const cur = currentAttrs(f.src);
  const d = decideAttrs(a, cur, f.env.umask);
  return finish(join(place, attrCommands(p, d.change)), true, d, cur, before, { ...after, src: a.src }, p, warnings, 'hard', { src: a.src });
}

function modeText(m: string | number): string {
  const spec = parseModeArg(m);
  return spec.kind === 'octal' ? spec.value.toString(8).padStart(4, '0') : spec.kind === 'symbolic' ? spec.text : '';
}

/** `make` (creating the temporary "$t" and renaming it over p) with the naming and cleanup of every write (util/temp-files.ts). */
function viaTemp(p: string, make: string): string {
  const t = tempScript(p, 't');
  return `{ ${t.setup}; ${t.cleanup}; ${make} || { rm -f -- "$t"; false; }; }`;
}

/** Whether anything under a directory differs from the recursive mode/owner/group. */
export function treeNeedsChange(a: AttrArgs, tree: string[], umask: number): boolean {
  for (const line of tree) {
    const [hex, uid, gid, owner, group] = line.split(' ');
    const raw = parseInt(hex, 16);
    const isDir = (raw & 0o170000) === 0o040000;
    const mode = raw & 0o7777;
    if (a.mode !== undefined) {
      const spec = parseModeArg(a.mode);
      if (spec.kind !== 'preserve' && resolveMode(spec, mode, isDir, umask) !== mode) return true;
    }
    if (a.owner !== undefined && !idMatches(a.owner, Number(uid), owner)) return true;
    if (a.group !== undefined && !idMatches(a.group, Number(gid), group)) return true;
  }
  return false;
}

function withAttrs(
  a: FileArgs,
  target: string,
  st: PathState,
  f: FileFacts,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  extraScript: string,
  extraChanged: boolean,
  warnings: string[],
  state: string,
  more: Record<string, unknown> = {},
): FileDecision {
  const cur = currentAttrs(st);
  const d = decideAttrs(a, cur, f.env.umask);
  return finish(join(attrCommands(target, d.change), extraScript), d.changed || extraChanged, d, cur, before, after, target, warnings, state, more, st);
}

function linkAttrs(a: FileArgs, p: string, f: FileFacts, before: Record<string, unknown>, after: Record<string, unknown>, warnings: string[]): FileDecision {
  const cur = currentAttrs(f.path);
  const d = decideAttrs({ owner: a.owner, group: a.group }, cur, f.env.umask);
  if (a.mode !== undefined) warnings.push('mode is not applied to a symbolic link');
  return finish(attrCommands(p, d.change, { noDereference: true }), d.changed, d, cur, before, after, p, warnings, 'link', { src: a.src }, f.path);
}

function finish(
  script: string,
  changed: boolean,
  d: AttrDecision,
  cur: CurrentAttrs,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  p: string,
  warnings: string[],
  state: string,
  more: Record<string, unknown> = {},
  st?: PathState,
): FileDecision {
  const b = { ...before, ...d.before };
  const af = { ...after, ...d.after };
  const result: ModuleResult = {
    path: p,
    state,
    ...attrResult(cur, d),
    ...(st?.size !== undefined ? { size: st.size } : {}),
    ...more,
  };
  return { changed, diff: changed ? dictDiff(b, af) : undefined, result, script: changed ? script : '', warnings };
}
