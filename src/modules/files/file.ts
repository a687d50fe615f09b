/**
 * file: state file/directory/link/hard/touch/absent, mode/owner/group (recurse for directories),
 * modification/access times. One probe reads path (lstat and followed), the link source, the
 * remote epoch of requested times and, for recurse, the distinct attributes found under the tree.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { sh } from '../../util/quote.js';
import { pathArg } from './args.js';
import { decideFile, type FileArgs, type FileState } from './file-decide.js';
import { probe, type ProbeSpec } from '../kit/file-probe.js';
import { boolish, builtinAliases } from '../kit/args.js';
import { fileCommon } from '../kit/file-args.js';

const timeArg = z.string().optional();

export const fileSchema = z.preprocess(
  (v) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = { ...(v as Record<string, unknown>) };
      for (const alias of ['dest', 'name']) {
        if (o[alias] !== undefined && o.path === undefined) {
          o.path = o[alias];
          delete o[alias];
        }
      }
      return o;
    }
    return v;
  },
  z
    .object({
      path: pathArg,
      state: z.enum(['absent', 'directory', 'file', 'hard', 'link', 'touch']).optional(),
      src: pathArg.optional(),
      recurse: boolish.default(false),
      force: boolish.default(false),
      follow: boolish.default(true),
      modification_time: timeArg,
      modification_time_format: z.string().default('%Y%m%d%H%M.%S'),
      access_time: timeArg,
      access_time_format: z.string().default('%Y%m%d%H%M.%S'),
      ...fileCommon,
    })
    .strict()
    .superRefine((a, c) => {
      if (a.src !== undefined && a.state !== undefined && a.state !== 'link' && a.state !== 'hard')
        c.addIssue({ code: 'custom', path: ['src'], message: `src is only used with state=link or state=hard, not state=${a.state}` });
      for (const [k, f] of [
        ['modification_time', a.modification_time_format],
        ['access_time', a.access_time_format],
      ] as const) {
        const t = a[k];
        if (t !== undefined && t !== 'now' && t !== 'preserve' && parseTime(t, f) === undefined)
          c.addIssue({ code: 'custom', path: [k], message: `'${t}' does not match the format '${f}' (or use 'now' / 'preserve')` });
      }
    }),
);

/** Python strptime for the usual directives, to "YYYY-MM-DD HH:MM:SS" (host local time); undefined if it does not match. */
export function parseTime(value: string, format: string): string | undefined {
  const fields: string[] = [];
  const parts: Record<string, string> = { Y: '(\\d{4})', m: '(\\d{1,2})', d: '(\\d{1,2})', H: '(\\d{1,2})', M: '(\\d{1,2})', S: '(\\d{1,2})', y: '(\\d{2})' };
  let re = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c === '%' && i + 1 < format.length) {
      const d = format[++i];
      if (d === '%') re += '%';
      else if (parts[d]) {
        re += parts[d];
        fields.push(d);
      } else return undefined;
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(`^${re}$`).exec(value);
  if (!m) return undefined;
  const v: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0 };
  fields.forEach((f, i) => {
    if (f === 'y') v.Y = Number(m[i + 1]) + (Number(m[i + 1]) < 69 ? 2000 : 1900);
    else v[f] = Number(m[i + 1]);
  });
  if (v.m < 1 || v.m > 12 || v.d < 1 || v.d > 31 || v.H > 23 || v.M > 59 || v.S > 61) return undefined;
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${v.Y}-${p2(v.m)}-${p2(v.d)} ${p2(v.H)}:${p2(v.M)}:${p2(v.S)}`;
}

export const fileModule = defineModule({
  name: 'file',
  aliases: builtinAliases('file'),
  schema: fileSchema,
  async plan(args, ctx) {
    const p = args.path.length > 1 ? args.path.replace(/\/+$/, '') : args.path;
    const specs: ProbeSpec[] = [{ path: p }, { path: p, follow: true }];
    let srcPath: string | undefined;
    if (args.src !== undefined && (args.state === 'link' || args.state === 'hard')) {
      srcPath = path.posix.isAbsolute(args.src) ? args.src : path.posix.join(path.posix.dirname(p), args.src);
      if (args.state === 'hard' && !path.posix.isAbsolute(args.src)) throw new ModuleFailure(`src must be an absolute path for state=hard: ${args.src}`, { path: p });
      specs.push({ path: srcPath, follow: true });
    }
    let extra = '';
    const times: Array<['mtime' | 'atime', string | undefined, string]> = [
      ['mtime', args.modification_time, args.modification_time_format],
      ['atime', args.access_time, args.access_time_format],
    ];
    for (const [key, t, f] of times) {
      if (t !== undefined && t !== 'now' && t !== 'preserve') extra += sh`printf 'x ${key} %s\\n' "$(date -d ${parseTime(t, f)!} +%s)"\n`;
    }
    const recurse = args.recurse && (args.mode !== undefined || args.owner !== undefined || args.group !== undefined);
    if (recurse) extra += sh`if [ -d ${p} ]; then find ${p} -mindepth 1 ! -type l -exec stat -c 'x tree %f %u %g %U %G' {} + | sort -u; fi\n`;
    const { env, paths, extra: x } = await probe(ctx, specs, extra);
    const timeOf = (key: 'mtime' | 'atime', t: string | undefined): FileArgs['mtime'] => {
      if (t === undefined) return undefined;
      if (t === 'now' || t === 'preserve') return t;
      const n = Number(x[key]?.[0]);
      if (!Number.isFinite(n) || x[key]?.[0] === '') throw new ModuleFailure(`the host could not read the time '${t}'`, { path: p });
      return n;
    };
    const fa: FileArgs = {
      path: p,
      state: args.state as FileState | undefined,
      src: args.src,
      recurse: args.recurse,
      force: args.force,
      follow: args.follow,
      mode: args.mode,
      owner: args.owner,
      group: args.group,
      mtime: timeOf('mtime', args.modification_time),
      atime: timeOf('atime', args.access_time),
    };
    const d = decideFile(fa, { path: paths[0], followed: paths[1], src: srcPath ? paths[2] : undefined, env, tree: x.tree });
    for (const w of d.warnings) ctx.warn(w);
    return {
      changed: d.changed,
      diff: d.diff,
      result: d.result,
      apply: async () => {
        if (!d.script) return;
        const r = await ctx.exec(d.script);
        if (r.rc !== 0) throw new ModuleFailure(r.stderr.trim() || `rc ${r.rc}`, { path: p, rc: r.rc, stderr: r.stderr });
      },
    };
  },
});
