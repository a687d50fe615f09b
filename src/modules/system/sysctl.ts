/**
 * sysctl (ansible.posix.sysctl): a kernel parameter in a sysctl file and, when asked, live. ONE probe
 * reads the file (content and attributes), the live value, whether /proc/sys is writable, and what the
 * host reads at boot; the file is written atomically keeping every other line; the live value is set
 * by writing its /proc/sys file (sysctl_set) and the file applied with `sysctl -p FILE` (reload).
 * A read-only /proc/sys (inside some containers) fails the task before anything changes, and a file
 * the host does not read at boot gets a warning that the value will not survive a reboot.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { defineModule, type ModuleContext, type Plan } from '../types.js';
import { sh } from '../../util/quote.js';
import { ModuleFailure } from '../../util/errors.js';
import { probe } from '../kit/file-probe.js';
import { applyWrite, decideWrite } from '../kit/file-write.js';
import { checkName, editSysctlText, fileValue, parseValue, persistenceWarning, procPath, SysctlNameError, valuesEqual, type BootInfo } from './sysctl-decide.js';
import { boolish, renameAliases } from '../kit/args.js';

export const sysctlSchema = z.preprocess(
  renameAliases({ name: ['key'], value: ['val'] }),
  z
    .object({
      name: z.string().superRefine((v, c) => {
        try {
          checkName(v);
        } catch (e) {
          if (e instanceof SysctlNameError) c.addIssue({ code: 'custom', message: e.message });
          else throw e;
        }
      }),
      value: z.union([z.string(), z.number(), z.boolean()]).optional(),
      state: z.enum(['present', 'absent']).default('present'),
      sysctl_file: z.string().regex(/^\/[^\0\n]*$/, 'sysctl_file must be an absolute path').default('/etc/sysctl.conf'),
      sysctl_set: boolish.default(false),
      reload: boolish.default(true),
      ignoreerrors: boolish.default(false),
    })
    .strict()
    .superRefine((a, c) => {
      if (a.state === 'present' && a.value === undefined) c.addIssue({ code: 'custom', message: 'value is required with state=present' });
      if (a.value !== undefined && /[\n\0]/.test(String(a.value))) c.addIssue({ code: 'custom', path: ['value'], message: 'a sysctl value cannot contain a newline' });
    }),
);

export type SysctlArgs = z.infer<typeof sysctlSchema>;

/** Where the live values are (tests point it at a temp dir to play a read-only /proc/sys). */
export interface SysctlOptions {
  procRoot?: string;
}

export function sysctlExtraScript(procFile: string): string {
  return [
    sh`_pp=${procFile}`,
    `if [ -e "$_pp" ]; then printf 'x live %s\\n' "$(base64 -w0 < "$_pp" 2>/dev/null)"; if [ -w "$_pp" ]; then echo 'x writable 1'; else echo 'x writable 0'; fi; else echo 'x live -'; fi`,
    `if [ -d /run/systemd/system ]; then echo 'x systemd 1'; else echo 'x systemd 0'; fi`,
    `if [ -e /etc/init.d/procps ]; then echo 'x procps 1'; fi`,
    `for _l in /etc/sysctl.d/*.conf /usr/local/lib/sysctl.d/*.conf /usr/lib/sysctl.d/*.conf /lib/sysctl.d/*.conf; do if [ -L "$_l" ]; then printf 'x linked %s\\n' "$(readlink -f -- "$_l" | base64 -w0)"; fi; done`,
  ].join('\n');
}

function b64(s: string): string {
  return Buffer.from(s, 'base64').toString('utf8').replace(/\n$/, '');
}

export interface LiveState {
  /** undefined: the key does not exist on this host. */
  live?: string;
  writable: boolean;
  boot: BootInfo;
}

export function parseSysctlExtra(extra: Record<string, string[]>): LiveState {
  const live = extra.live?.[0];
  return {
    live: live === undefined || live === '-' ? undefined : b64(live),
    writable: extra.writable?.[0] === '1',
    boot: { systemd: extra.systemd?.[0] === '1', procpsInit: extra.procps?.[0] === '1', linkedTargets: (extra.linked ?? []).map(b64) },
  };
}

export async function planSysctl(args: SysctlArgs, ctx: ModuleContext, opts: SysctlOptions = {}): Promise<Plan> {
  const procRoot = opts.procRoot ?? '/proc/sys';
  const procFile = path.posix.join(procRoot, procPath(args.name));
  const file = args.sysctl_file;
  const { env, paths, extra } = await probe(ctx, [{ path: file, follow: true, hash: 'sha256', content: 'always', maxBytes: 16 * 1024 * 1024 }], sysctlExtraScript(procFile));
  const st = paths[0];
  if (st.exists && st.type !== 'file') throw new ModuleFailure(`${file} is a ${st.type}, not a file`);
  const ls = parseSysctlExtra(extra);
  const present = args.state === 'present';
  const value = parseValue(args.value);
  const before = st.exists ? (st.content ?? Buffer.alloc(0)).toString('utf8') : '';
  const inFile = fileValue(before, args.name);
  const fileChanged = present ? !valuesEqual(inFile, value) : inFile !== undefined;
  const liveDiffers = present && !valuesEqual(ls.live, value);
  const liveChanged = args.sysctl_set && liveDiffers;
  const changed = fileChanged || liveChanged;
  const wantLive = present && liveDiffers && (args.sysctl_set || (args.reload && changed));
  const procDisplay = procRoot === '/proc/sys' ? '/proc/sys' : procRoot;
  let skipLive = false;
  if (wantLive && ls.live === undefined) {
    if (!args.ignoreerrors) throw new ModuleFailure(`${args.name} is not a kernel parameter on this host (no ${procFile})`);
    skipLive = true;
  } else if (wantLive && !ls.writable) {
    throw new ModuleFailure(`${procDisplay} is read-only on this host (a container?): cannot set ${args.name} live (it is ${JSON.stringify(ls.live)}, wanted ${JSON.stringify(value)}; set reload: false and sysctl_set: false to only write the file)`);
  }
  if (present) {
    const real = st.exists && st.real ? st.real : file;
    const w = persistenceWarning(file, real, args.name, ls.boot);
    if (w) ctx.warn(w);
  }
  if (!changed) return { changed: false, result: { changed: false } };
  const after = fileChanged ? editSysctlText(before, args.name, present ? value : undefined) : before;
  const content = Buffer.from(after, 'utf8');
  const target = st.exists && st.real ? st.real : file;
  const d = decideWrite({ dest: target, st, env, content, args: st.exists ? {} : { mode: '0644' }, before: st.content });
  const diff = fileChanged ? d.diff.filter((x) => !x.before_header?.endsWith('(file attributes)')) : [];
  if (liveChanged) diff.push({ before: `${args.name} = ${ls.live ?? ''}\n`, after: `${args.name} = ${value}\n`, before_header: `${args.name} (live)`, after_header: `${args.name} (live)` });
  return {
    changed: true,
    diff,
    result: { changed: true },
    apply: async () => {
      if (fileChanged) await applyWrite(ctx, d, content, {}, { mkdirParents: !st.exists });
      let written = false;
      if (liveChanged && !skipLive) {
        await setLive(ctx, procFile, args.name, value);
        written = true;
      }
      if (args.reload && !skipLive && (ls.writable || !liveDiffers)) {
        if (procRoot === '/proc/sys') {
          if (ls.writable) await reload(ctx, file, args.ignoreerrors);
        } else if (wantLive && !written) await setLive(ctx, procFile, args.name, value);
      }
    },
  };
}

async function setLive(ctx: ModuleContext, procFile: string, name: string, value: string): Promise<void> {
  const r = await ctx.exec(sh`printf '%s\n' ${value} > ${procFile}`);
  if (r.rc !== 0) throw new ModuleFailure(`setting ${name} failed: ${r.stderr.trim() || `rc ${r.rc}`}`, { rc: r.rc, stderr: r.stderr });
}

async function reload(ctx: ModuleContext, file: string, ignoreErrors: boolean): Promise<void> {
  const r = await ctx.exec(sh`sysctl ${ignoreErrors ? ['-e'] : []} -p ${file}`);
  if (r.rc !== 0 || (!ignoreErrors && /Invalid argument|cannot stat|permission denied|Read-only/i.test(r.stderr))) {
    throw new ModuleFailure(`Failed to reload sysctl: ${r.stdout}${r.stderr}`.trim(), { rc: r.rc, stdout: r.stdout, stderr: r.stderr });
  }
}

export const sysctlModule = defineModule({
  name: 'sysctl',
  aliases: ['ansible.posix.sysctl', 'ansible.builtin.sysctl', 'ansible.legacy.sysctl'],
  schema: sysctlSchema,
  async plan(args, ctx) {
    return planSysctl(args, ctx);
  },
});
