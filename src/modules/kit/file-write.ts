/**
 * Writing a whole file (copy, template, lineinfile, blockinfile, sysctl, the nspawn settings and
 * interfaces_file share it): decide what changes from the probed state (pure), then apply —
 * optional backup, upload with ctx.put (atomic), optional validation of the uploaded temp file
 * before it is renamed into place, and mode/owner fixes when only those differ. Existing files keep
 * their ownership (as Ansible's atomic_move does); new files get the remote umask's mode unless
 * `mode` says otherwise.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { FileDiff, ModuleContext, ModuleResult } from '../types.js';
import { raw, sh, quote } from '../../util/quote.js';
import { stdinPutScript } from '../../transport/files.js';
import { ModuleFailure } from '../../util/errors.js';
import { shlexSplit } from '../../py/shlex.js';
import { run } from './run.js';
import { attrCommands, attrResult, currentAttrs, decideAttrs, newAttrs, type AttrArgs, type AttrDecision, type CurrentAttrs } from './file-attrs.js';
import { contentDiff, dictDiff } from './diff.js';
import { octal4 } from './file-perms.js';
import type { PathState, ProbeEnv } from './file-probe.js';

export interface WriteArgs extends AttrArgs {
  backup?: boolean;
  validate?: string;
}

export interface WriteInput {
  dest: string;
  /** The probed destination (followed when the module writes through links). */
  st: PathState;
  env: ProbeEnv;
  content: Buffer;
  args: WriteArgs;
  /** The file's content now when the probe sent it (for the diff); null: too large to send; undefined: not asked for. */
  before?: Buffer | null;
  /** Mode of the source for mode: preserve. */
  preserveMode?: number;
  afterHeader?: string;
}

export interface WriteDecision {
  dest: string;
  changed: boolean;
  contentChanged: boolean;
  created: boolean;
  attrs: AttrDecision;
  /** Mode/owner/group given to ctx.put when the content is written. */
  put: { mode: string; owner?: string; group?: string };
  diff: FileDiff[];
  result: ModuleResult;
}

export function sha256(b: Buffer | string): string {
  return createHash('sha256').update(b).digest('hex');
}

export function sha1(b: Buffer | string): string {
  return createHash('sha1').update(b).digest('hex');
}

export function md5(b: Buffer | string): string {
  return createHash('md5').update(b).digest('hex');
}

/** Pure: what writing `content` to `dest` changes. */
export function decideWrite(inp: WriteInput): WriteDecision {
  const { st, env, content, args, dest } = inp;
  const exists = st.exists && st.type === 'file';
  const contentChanged = !exists || st.hash !== sha256(content);
  const cur: CurrentAttrs = exists ? currentAttrs(st) : newAttrs(env, false);
  const attrs = decideAttrs(args, cur, env.umask, inp.preserveMode);
  const put: WriteDecision['put'] = { mode: octal4(attrs.finalMode) };
  if (attrs.change.owner !== undefined) put.owner = attrs.change.owner;
  else if (exists && cur.uid !== env.uid) put.owner = String(cur.uid);
  if (attrs.change.group !== undefined) put.group = attrs.change.group;
  else if (exists && cur.gid !== env.gid) put.group = String(cur.gid);
  const diff: FileDiff[] = [];
  const before = !exists ? undefined : inp.before === null ? 'content not read: file too large' : (inp.before ?? 'content not read');
  if (contentChanged) diff.push(contentDiff(dest, before, content, inp.afterHeader));
  const ad = exists ? dictDiff({ path: dest, ...attrs.before }, { path: dest, ...attrs.after }, { before: `${dest} (file attributes)`, after: `${dest} (file attributes)` }) : undefined;
  if (ad) diff.push(ad);
  const result: ModuleResult = {
    dest,
    checksum: sha1(content),
    md5sum: md5(content),
    size: content.length,
    state: 'file',
    ...attrResult(cur, attrs),
  };
  return { dest, changed: contentChanged || attrs.changed, contentChanged, created: !exists, attrs, put, diff, result };
}

const BACKUP = '_b=$_d.$$.$(date +%Y-%m-%d@%H:%M:%S~) && cp -p -- "$_d" "$_b" && printf \'backup %s\\n\' "$_b"';

/**
 * Shell text substituting the file for %s in a validate command, every word quoted (no shell syntax,
 * as Ansible). The file is a path, or `{ variable }`: the shell variable holding it.
 */
export function validateCommand(validate: string, file: string | { variable: string }): string {
  // Ansible's copy, template, lineinfile and blockinfile check this when they write, in these words
  if (!validate.includes('%s')) throw new ModuleFailure(`validate must contain %s: ${validate}`);
  let words: string[];
  try {
    words = shlexSplit(validate);
  } catch (e) {
    throw new ModuleFailure(`cannot split the validate command: ${(e as Error).message}`);
  }
  if (words.length === 0) throw new ModuleFailure('the validate command is empty');
  // Python's `validate % path`: %s is the file, %% a literal percent sign
  if (typeof file === 'string') return words.map((w) => quote(w.replace(/%%|%s/g, (m) => (m === '%%' ? '%' : file)))).join(' ');
  const ref = `"$${file.variable}"`;
  return words
    .map((w) => {
      const parts = w.split(/(%%|%s)/);
      let out = '';
      let lit = '';
      for (const p of parts) {
        if (p === '%s') {
          if (lit) out += quote(lit);
          out += ref;
          lit = '';
        } else lit += p === '%%' ? '%' : p;
      }
      return lit || !out ? out + quote(lit) : out;
    })
    .join(' ');
}

function backupFrom(stdout: string): string | undefined {
  const m = /^backup (.*)$/m.exec(stdout);
  return m ? m[1] : undefined;
}

/**
 * Make the change. Backup only when an existing file's content is replaced. With `validate`, the
 * transport's put script runs with the command as its check: the content goes to a temp file beside
 * dest, the command checks it, and only then is it renamed over dest (a failed validation leaves dest
 * untouched and removes the temp file).
 */
export async function applyWrite(
  ctx: ModuleContext,
  d: WriteDecision,
  content: Buffer,
  args: WriteArgs,
  opts: { mkdirParents?: boolean } = {},
): Promise<ModuleResult> {
  const out: ModuleResult = {};
  const dest = d.dest;
  const pre: string[] = [];
  if (opts.mkdirParents) pre.push(sh`mkdir -p -- ${path.posix.dirname(dest)}`);
  const wantBackup = Boolean(args.backup) && d.contentChanged && !d.created;
  if (!d.contentChanged) {
    const cmd = attrCommands(dest, d.attrs.change);
    if (cmd) await run(ctx, cmd, `could not set the attributes of ${dest}`);
    return out;
  }
  if (args.validate) {
    if (pre.length) await run(ctx, pre.join(' && '), `could not create the directory of ${dest}`);
    // the put script itself checks its temporary "$t" (mode and owner already applied) before the rename
    const check = validateCommand(args.validate, { variable: 't' });
    const then = wantBackup ? sh`{ _d=${dest}; ${raw(BACKUP)}; } || (exit 97)` : ':';
    const script = stdinPutScript(dest, {
      ...d.put,
      size: content.length,
      check: `if ${check}; then ${then}; else _rc=$?; echo "validate-rc $_rc"; (exit 98); fi`,
    });
    const r = await ctx.exec(script, { stdin: content });
    if (r.rc === 98) {
      const rc = Number(/validate-rc (\d+)/.exec(r.stdout)?.[1] ?? 1);
      throw new ModuleFailure('failed to validate', {
        exit_status: rc,
        stdout: r.stdout.replace(/^validate-rc \d+\n?/m, ''),
        stderr: r.stderr,
      });
    }
    if (r.rc !== 0) throw new ModuleFailure(`could not replace ${dest}: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc, stderr: r.stderr });
    const b = backupFrom(r.stdout);
    if (b) out.backup_file = b;
    return out;
  }
  if (wantBackup) pre.push(sh`{ _d=${dest}; ` + BACKUP + '; }');
  if (pre.length) {
    const r = await run(ctx, pre.join(' && '), wantBackup ? `could not back up ${dest}` : `could not create the directory of ${dest}`);
    const b = backupFrom(r.stdout);
    if (b) out.backup_file = b;
  }
  await ctx.put(dest, content, d.put);
  return out;
}
