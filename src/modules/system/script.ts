/**
 * script: run a controller-side script on the host. `script: files/setup.sh arg1 'arg 2'` — the
 * script is found as Ansible finds it (role/playbook files/), uploaded with ctx.put to a private
 * temp path (mode 0700, random name), run, and removed by the same shell even when it fails or is
 * killed. creates/removes are checked before the upload (one round trip, nothing uploaded when the
 * task is skipped). The arguments are split like a shell would split them and each is quoted: shell
 * syntax in them is passed literally, never interpreted. An action module (modules/types.ts): in
 * check mode only creates/removes are checked, and without them the task is skipped (Ansible cannot
 * tell what a script would do).
 */
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { defineAction, type ModuleContext, type ModuleResult, type Outcome } from '../types.js';
import { quote, sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { shlexSplit } from '../../py/shlex.js';
import { buildRunScript, newNonce, parseRunOutput } from '../kit/run-script.js';
import { liftFreeFormOptions } from '../kit/free-form.js';
import { nowMs, withLines } from '../kit/run-result.js';
import { ranResult, type RunSpec } from '../kit/run-command.js';
import { builtinAliases, shellString, stringish } from '../kit/args.js';
import { readControllerFile } from '../kit/controller-file.js';
import { readBoolean } from '../../py/bool.js';

export const scriptSchema = z.preprocess(
  liftFreeFormOptions,
  z
    .object({
      cmd: stringish.refine((s) => s.trim() !== '', 'no script given'),
      chdir: shellString.optional(),
      creates: shellString.optional(),
      removes: shellString.optional(),
      executable: shellString.min(1).optional(),
      decrypt: z.unknown().optional(),
    })
    .strict(),
);

export type ScriptArgs = z.infer<typeof scriptSchema>;

/** The remote run: remove the uploaded file on any exit (also TERM/INT/HUP), cd, mark, run. */
export function scriptRunScript(nonce: string, tmp: string, argv: string[], opts: { chdir?: string; executable?: string }): string {
  const lines = [sh`_t=${tmp}`, 'trap \'rm -f -- "$_t"\' EXIT', "trap 'exit 143' TERM", "trap 'exit 130' INT", "trap 'exit 129' HUP"];
  if (opts.chdir !== undefined) lines.push(sh`cd ${opts.chdir} || { printf '%s\n' ${nonce + ' chdir'}; exit 1; }`);
  lines.push(sh`printf '%s\n' ${nonce + ' run'}`);
  lines.push(`${opts.executable ? quote(opts.executable) + ' ' : ''}"$_t"${argv.length ? ' ' + argv.map((w) => quote(w)).join(' ') : ''}`);
  return lines.join('\n') + '\n';
}

function skipped(what: 'creates' | 'removes', path: string): ModuleResult {
  const msg = what === 'creates' ? `skipped, since ${path} exists` : `skipped, since ${path} does not exist`;
  return { changed: false, skipped: true, msg, rc: 0, stdout: '', stderr: '' };
}

/**
 * What both run and check do first: split the command line, find the script, and check
 * creates/removes (one round trip, nothing uploaded). `done` is the outcome when they say the
 * script must not run.
 */
async function prepare(args: ScriptArgs, ctx: ModuleContext): Promise<{ local: string; argv: string[]; guarded: boolean; done?: Outcome }> {
  let words: string[];
  try {
    words = shlexSplit(args.cmd);
  } catch (e) {
    throw new ModuleFailure(`cannot split the script's command line: ${(e as Error).message}`);
  }
  const [src, ...argv] = words;
  const local = await ctx.findFile('files', src);
  const guarded = args.creates !== undefined || args.removes !== undefined;
  if (guarded) {
    const nonce = newNonce();
    const r = await ctx.exec(buildRunScript(nonce, { command: 'true', chdir: args.chdir, creates: args.creates, removes: args.removes, check: true }));
    const { outcome } = parseRunOutput(nonce, r.stdout);
    if (outcome === 'creates') return { local, argv, guarded, done: { changed: false, result: skipped('creates', args.creates!) } };
    if (outcome === 'removes') return { local, argv, guarded, done: { changed: false, result: skipped('removes', args.removes!) } };
    if (outcome === 'chdir') throw new ModuleFailure(`Unable to change directory before execution: ${r.stderr.trim() || args.chdir}`);
  }
  return { local, argv, guarded };
}

export const scriptModule = defineAction({
  name: 'script',
  aliases: builtinAliases('script'),
  schema: scriptSchema,
  freeForm: 'cmd',
  async check(args, ctx) {
    const { guarded, done } = await prepare(args, ctx);
    if (done) return done;
    if (!guarded) return { skipInCheckMode: true, msg: 'This module does not support check mode without creates/removes' };
    return { changed: true, result: { changed: true, msg: 'Command would have run if not in check mode' } };
  },
  async run(args, ctx) {
    const { local, argv, done } = await prepare(args, ctx);
    if (done) return done;
    let content: Buffer;
    try {
      content = (await readControllerFile(local, readBoolean(args.decrypt) !== false)).data;
    } catch (e) {
      throw new ModuleFailure(`could not read the script ${local}: ${(e as Error).message}`);
    }
    const tmp = `/tmp/.machinist-script-${randomBytes(12).toString('hex')}`;
    const nonce = newNonce();
    const spec: RunSpec = { command: '', cmd: args.cmd, chdir: args.chdir, stdinAddNewline: false, stripEmptyEnds: false };
    await ctx.put(tmp, content, { mode: '0700' });
    const start = nowMs();
    let r;
    try {
      r = await ctx.exec(scriptRunScript(nonce, tmp, argv, { chdir: args.chdir, executable: args.executable }));
    } catch (e) {
      await ctx.exec(sh`rm -f -- ${tmp}`).catch(() => {});
      throw e;
    }
    const end = nowMs();
    const { outcome, stdout } = parseRunOutput(nonce, r.stdout);
    if (outcome === 'chdir') throw new ModuleFailure(`Unable to change directory before execution: ${r.stderr.trim() || args.chdir}`, { rc: r.rc });
    if (outcome !== 'run') throw new ModuleFailure(`the script wrapper did not start (rc ${r.rc}): ${r.stderr.trim()}`, { rc: r.rc });
    const full = ranResult(spec, { rc: r.rc, stdout, stderr: r.stderr }, start, end);
    const result = withLines({ changed: true, rc: full.rc, stdout: full.stdout, stderr: full.stderr, ...(full.failed ? { failed: true, msg: full.msg } : {}) });
    if (result.failed) throw new ModuleFailure(String(result.msg), result);
    return { changed: true, result };
  },
});
