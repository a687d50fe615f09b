/**
 * What lineinfile and blockinfile share: read the file (content and attributes) in one probe, let a
 * pure edit compute the new text, then write it like copy does (atomic, backup, validate, attrs),
 * through symlinks to the real file as Ansible does. Messages as Ansible words them.
 */
import * as path from 'node:path';
import type { FileDiff, ModuleContext, ModuleResult, Plan } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { contentDiff } from '../kit/diff.js';
import { probe } from '../kit/file-probe.js';
import { applyWrite, decideWrite, type WriteArgs } from '../kit/file-write.js';

/** Files larger than this are refused rather than read into memory. */
export const MAX_EDIT_SIZE = 64 * 1024 * 1024;

export interface EditOutcome {
  text: string;
  changed: boolean;
  msg: string;
  extra?: ModuleResult;
}

export interface EditSpec {
  /** The module's arguments: the file, whether to create it, state, and how to write it. */
  args: WriteArgs & { path: string; create: boolean; state: 'present' | 'absent' };
  /** Result key of the backup path: lineinfile 'backup', blockinfile 'backup_file'. */
  backupKey: 'backup' | 'backup_file';
  /** The edit; `before` is null when the file does not exist. What it throws fails the task. */
  edit(before: string | null, present: boolean): EditOutcome;
  /** Result when state=absent and the file is missing. */
  absentMissing: ModuleResult;
  /** The failure for a missing file that is not created (default: lineinfile's words). */
  missingMsg?: string;
}

function runEdit(s: EditSpec, before: string | null, present: boolean): EditOutcome {
  try {
    return s.edit(before, present);
  } catch (e) {
    if (e instanceof ModuleFailure) throw e;
    throw new ModuleFailure((e as Error).message);
  }
}

export async function planTextEdit(spec: EditSpec, ctx: ModuleContext): Promise<Plan> {
  const s = { ...spec, path: spec.args.path, create: spec.args.create, present: spec.args.state === 'present' };
  const { env, paths } = await probe(ctx, [{ path: s.path, follow: true, hash: 'sha256', content: 'always', maxBytes: MAX_EDIT_SIZE }]);
  const st = paths[0];
  if (st.exists && st.type === 'directory') throw new ModuleFailure(`Path ${s.path} is a directory !`, { rc: 256 });
  if (st.exists && st.type !== 'file') throw new ModuleFailure(`Path ${s.path} is a ${st.type}, not a file`, { rc: 256 });
  if (st.exists && st.contentSkipped === 'large') throw new ModuleFailure(`${s.path} is larger than ${MAX_EDIT_SIZE} bytes`);
  if (!st.exists) {
    if (!s.present) return { changed: false, result: s.absentMissing };
    if (!s.create) throw new ModuleFailure(s.missingMsg ?? `Destination ${s.path} does not exist !`, { rc: 257 });
  }
  const before = st.exists ? (st.content ?? Buffer.alloc(0)).toString('utf8') : null;
  const out = runEdit(s, before, s.present);
  const target = st.exists && st.real ? st.real : s.path;
  const content = Buffer.from(out.text, 'utf8');
  const d = decideWrite({ dest: target, st, env, content, args: s.args, before: st.content });
  const contentChanged = out.changed && (d.contentChanged || !st.exists);
  let msg = out.msg;
  if (d.attrs.changed && st.exists) msg = (contentChanged ? msg + ' and ' : '') + 'ownership, perms or SE linux context changed';
  const header = `${s.path} (content)`;
  const changed = contentChanged || (st.exists && d.attrs.changed) || (!st.exists && out.changed);
  const diff: FileDiff[] = [];
  if (contentChanged || (!st.exists && out.changed)) {
    diff.push({ ...contentDiff(s.path, st.exists ? st.content : undefined, content), before_header: header, after_header: header });
  }
  diff.push(...d.diff.filter((x) => x.before_header?.endsWith('(file attributes)')));
  const result: ModuleResult = { msg, ...(out.extra ?? {}) };
  // lineinfile always returns `backup` ('' when none was made); blockinfile only a made backup_file
  if (s.backupKey === 'backup') result.backup = '';
  return {
    changed,
    diff: diff.length ? diff : undefined,
    result,
    apply: async () => {
      const dec = contentChanged || !st.exists ? d : { ...d, contentChanged: false };
      const r = await applyWrite(ctx, dec, content, s.args, { mkdirParents: !st.exists && path.posix.dirname(target) !== '.' });
      return r.backup_file ? { [s.backupKey]: r.backup_file } : {};
    },
  };
}
