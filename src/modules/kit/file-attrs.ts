/**
 * mode/owner/group: what must change on a path (pure), the shell text that changes it, and the
 * Ansible result fields (mode '0644', owner, group, uid, gid) predicted after the change.
 */
import { raw, sh } from '../../util/quote.js';
import { defaultMode, formatMode, octal4, parseModeArg, resolveMode } from './file-perms.js';
import type { PathState, ProbeEnv } from './file-probe.js';

export interface AttrArgs {
  mode?: string | number;
  owner?: string;
  group?: string;
}

/** The attributes a path has now (or will have right after creation). */
export interface CurrentAttrs {
  mode: number;
  uid?: number;
  gid?: number;
  owner?: string;
  group?: string;
  isDir: boolean;
}

export interface AttrChange {
  mode?: number;
  owner?: string;
  group?: string;
}

export interface AttrDecision {
  change: AttrChange;
  changed: boolean;
  /** The diff dicts as Ansible fills them ({mode}, {owner}, {group}). */
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  /** The mode the path has after the change. */
  finalMode: number;
}

const numeric = (s: string) => /^\d+$/.test(s);

/** Does `want` (a name or a numeric id) name the current owner/group? */
export function idMatches(want: string, id: number | undefined, name: string | undefined): boolean {
  return numeric(want) ? Number(want) === id : want === name;
}

/** Compare the requested attributes with the current ones. `preserveMode` resolves mode 'preserve'. */
export function decideAttrs(args: AttrArgs, cur: CurrentAttrs, umask: number, preserveMode?: number): AttrDecision {
  const change: AttrChange = {};
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  let finalMode = cur.mode;
  if (args.mode !== undefined) {
    const spec = parseModeArg(args.mode);
    const want = spec.kind === 'preserve' ? preserveMode : resolveMode(spec, cur.mode, cur.isDir, umask);
    if (want !== undefined && want !== cur.mode) {
      change.mode = want;
      before.mode = formatMode(cur.mode);
      after.mode = formatMode(want);
      finalMode = want;
    }
  }
  if (args.owner !== undefined && !idMatches(args.owner, cur.uid, cur.owner)) {
    change.owner = args.owner;
    before.owner = numeric(args.owner) ? cur.uid : cur.owner;
    after.owner = numeric(args.owner) ? Number(args.owner) : args.owner;
  }
  if (args.group !== undefined && !idMatches(args.group, cur.gid, cur.group)) {
    change.group = args.group;
    before.group = numeric(args.group) ? cur.gid : cur.group;
    after.group = numeric(args.group) ? Number(args.group) : args.group;
  }
  return { change, changed: Object.keys(change).length > 0, before, after, finalMode };
}

/** Attributes of an existing path from the probe. */
export function currentAttrs(st: PathState): CurrentAttrs {
  return { mode: st.mode ?? 0, uid: st.uid, gid: st.gid, owner: st.owner, group: st.group, isDir: st.type === 'directory' };
}

/** Attributes a path gets when the remote user creates it now. */
export function newAttrs(env: ProbeEnv, isDir: boolean): CurrentAttrs {
  return { mode: defaultMode(isDir, env.umask), uid: env.uid, gid: env.gid, owner: env.user, group: env.group, isDir };
}

/** Shell text applying a change (chown before chmod: chown clears set-id bits). '' when none. */
export function attrCommands(path: string, c: AttrChange, opts: { noDereference?: boolean; recurse?: boolean } = {}): string {
  const cmds: string[] = [];
  const r = raw(opts.recurse ? '-R ' : '');
  if (c.owner !== undefined || c.group !== undefined) {
    const who = (c.owner ?? '') + (c.group !== undefined ? ':' + c.group : '');
    cmds.push(sh`chown ${r}${raw(opts.noDereference ? '-h ' : '')}${who} -- ${path}`);
  }
  if (c.mode !== undefined) cmds.push(sh`chmod ${r}${octal4(c.mode)} -- ${path}`);
  return cmds.join(' && ');
}

/** Ansible's path info in results, predicted from the state after the change. */
export function attrResult(cur: CurrentAttrs, d: AttrDecision): Record<string, unknown> {
  const owner = d.change.owner ?? cur.owner;
  const group = d.change.group ?? cur.group;
  const out: Record<string, unknown> = { mode: formatMode(d.finalMode) };
  if (owner !== undefined) out.owner = numeric(owner) ? (owner === String(cur.uid) ? cur.owner : owner) : owner;
  if (group !== undefined) out.group = numeric(group) ? (group === String(cur.gid) ? cur.group : group) : group;
  const uid = d.change.owner === undefined ? cur.uid : numeric(d.change.owner) ? Number(d.change.owner) : undefined;
  const gid = d.change.group === undefined ? cur.gid : numeric(d.change.group) ? Number(d.change.group) : undefined;
  if (uid !== undefined) out.uid = uid;
  if (gid !== undefined) out.gid = gid;
  return out;
}
