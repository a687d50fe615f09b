/**
 * find (ansible.builtin.find): files on the host by name, type, age, size and content, with Ansible's
 * arguments and result (files with find.py's stat fields, matched, examined, skipped_paths, msg). One
 * round trip lists every searched path with GNU find (records NUL-separated, so any name is safe);
 * find-decide.ts orders and filters them as find.py's os.walk does (find's errors go through a temporary file). `contains` (grep -P, Python-like:
 * line by line anchored at the line's start as re.match, or the whole file with read_whole_file) and
 * `get_checksum` (sha1) cost one more round trip, for the files that passed the other filters only.
 * Never changes anything. `~` in a path is the remote user's home; other $VARS are not expanded.
 */
import * as path from 'node:path';
import { z } from 'zod';
import { sh } from '../../util/quote.js';
import { sectionMarkFunction, splitOutput } from '../../util/sections.js';
import { boolish, builtinAliases, renameAliases, stringList } from '../kit/args.js';
import { defineModule, type ModuleContext } from '../types.js';
import { regexArg } from './args.js';
import { parseAge, parseEntry, parseSize, selectEntries, statInfo, type Entry, type FindFilters } from './find-decide.js';

export const findSchema = z.preprocess(
  renameAliases({ paths: ['name', 'path'], patterns: ['pattern'], excludes: ['exclude'] }),
  z
    .object({
      paths: stringList.pipe(z.array(z.string().min(1).regex(/^[^\0]*$/)).min(1, 'paths is required')),
      patterns: stringList.default([]),
      excludes: stringList.optional(),
      contains: regexArg.optional(),
      read_whole_file: boolish.default(false),
      file_type: z.enum(['any', 'directory', 'file', 'link']).default('file'),
      age: z.union([z.string(), z.number()]).transform(String).optional(),
      age_stamp: z.enum(['atime', 'ctime', 'mtime']).default('mtime'),
      size: z.union([z.string(), z.number()]).transform(String).optional(),
      recurse: boolish.default(false),
      hidden: boolish.default(false),
      follow: boolish.default(false),
      get_checksum: boolish.default(false),
      use_regex: boolish.default(false),
      depth: z.coerce.number().int().optional(),
    })
    .strict()
    .superRefine((a, c) => {
      if (a.use_regex) for (const p of [...a.patterns, ...(a.excludes ?? [])]) {
        const r = regexArg.safeParse(p);
        if (!r.success) c.addIssue({ code: 'custom', path: ['patterns'], message: r.error.issues[0].message });
      }
    }),
);

export type FindArgs = z.infer<typeof findSchema>;

const PRINTF = '%Y\\t%y\\t%m\\t%s\\t%U\\t%G\\t%u\\t%g\\t%i\\t%D\\t%n\\t%A@\\t%T@\\t%C@\\t%P\\0';

/** The listing script: per path, its expansion, whether it is a directory, and find's records (base64, NUL-safe). */
export function findScript(paths: string[], maxDepth: number | undefined, follow: boolean): string {
  const lines = [sectionMarkFunction('_mx'), '_e=$(mktemp) || exit 1', "trap 'rm -f \"$_e\"' EXIT", '_mx now; date +%s.%N'];
  paths.forEach((p, i) => {
    lines.push(
      sh`_p=${p}`,
      'case "$_p" in "~") _p="$HOME";; "~/"*) _p="$HOME/${_p#"~/"}";; esac',
      `_mx path-${i}; printf '%s' "$_p" | base64 -w0`,
      `_mx kind-${i}; if [ -d "$_p" ]; then echo dir; elif [ -e "$_p" ] || [ -L "$_p" ]; then echo other; else echo missing; fi`,
      `_mx list-${i}; [ -d "$_p" ] && find ${follow ? '-L ' : ''}"$_p" -mindepth 1 ${maxDepth ? `-maxdepth ${maxDepth} ` : ''}-printf '${PRINTF}' 2>"$_e" | base64 -w0`,
      `_mx errors-${i}; head -n 5 "$_e"; : > "$_e"`,
    );
  });
  return lines.join('\n');
}

const b64 = (s: string | undefined) => Buffer.from(s ?? '', 'base64').toString('utf8');

/** A find error line as Python's OSError text: "[Errno 13] Permission denied: '/x'". */
function osError(line: string): string {
  const m = /^find: ['‘](.*)['’]: (.*)$/.exec(line.trim());
  if (!m) return line.trim();
  const errno = { 'Permission denied': 13, 'No such file or directory': 2 }[m[2]];
  return errno ? `[Errno ${errno}] ${m[2]}: '${m[1]}'` : `${m[2]}: '${m[1]}'`;
}

async function contentAndChecksums(ctx: ModuleContext, files: string[], a: FindArgs): Promise<{ contains: Set<string>; sums: Map<string, string> }> {
  const lines = [sectionMarkFunction('_mx')];
  files.forEach((f, i) => {
    if (a.contains !== undefined) {
      const re = a.read_whole_file ? a.contains : `^(?:${a.contains})`;
      lines.push(`_mx has-${i}`, sh`grep -qP${a.read_whole_file ? 'z' : ''} -e ${re} -- ${f} 2>/dev/null && echo 1`);
    }
    if (a.get_checksum) lines.push(`_mx sum-${i}`, sh`sha1sum -- ${f} 2>/dev/null | cut -d' ' -f1`);
  });
  const out = splitOutput((await ctx.exec(lines.join('\n'))).stdout);
  const sec = new Map(out.sections.map((s) => [s.name, s.text.trim()]));
  const contains = new Set(files.filter((_, i) => sec.get(`has-${i}`) === '1'));
  const sums = new Map(files.map((f, i) => [f, sec.get(`sum-${i}`) ?? ''] as [string, string]).filter(([, s]) => s));
  return { contains, sums };
}

export const findModule = defineModule({
  name: 'find',
  aliases: builtinAliases('find'),
  schema: findSchema,
  async plan(a, ctx) {
    const age = a.age === undefined ? undefined : parseAge(a.age);
    if (a.age !== undefined && age === undefined) return { changed: false, result: { failed: true, age: a.age, msg: 'failed to process age' } };
    const size = a.size === undefined ? undefined : parseSize(a.size);
    if (a.size !== undefined && size === undefined) return { changed: false, result: { failed: true, size: a.size, msg: 'failed to process size' } };
    const f: FindFilters = {
      patterns: a.patterns.length ? a.patterns : [a.use_regex ? '.*' : '*'], excludes: a.excludes, useRegex: a.use_regex,
      hidden: a.hidden, fileType: a.file_type, age, ageStamp: a.age_stamp, size, depth: a.depth, recurse: a.recurse,
    };
    const maxDepth = !a.recurse ? 1 : a.depth ? a.depth + 1 : undefined;
    const out = splitOutput((await ctx.exec(findScript(a.paths, maxDepth, a.follow))).stdout);
    const sec = new Map(out.sections.map((s) => [s.name, s.text]));
    const now = Number(sec.get('now'));
    const skipped: Record<string, string> = {};
    const files: Array<{ full: string; entry: Entry; regular: boolean }> = [];
    let examined = 0;
    a.paths.forEach((_, i) => {
      const p = b64(sec.get(`path-${i}`));
      if (sec.get(`kind-${i}`)?.trim() !== 'dir') {
        skipped[p] = `'${p}' is not a directory`;
        return;
      }
      const records = b64(sec.get(`list-${i}`)).split('\0').map(parseEntry).filter((e): e is Entry => !!e);
      const r = selectEntries(records, f, now);
      examined += r.examined;
      for (const s of r.selected) files.push({ full: path.posix.normalize(path.posix.join(p, s.entry.rel)), ...s });
      const err = sec.get(`errors-${i}`)?.trim();
      if (err) skipped[p] = osError(err.split('\n')[0]);
    });
    for (const [p, why] of Object.entries(skipped)) ctx.warn(`Skipped '${p}' path due to this access issue: ${why}\n`);
    const regular = files.filter((x) => x.regular).map((x) => x.full);
    const extra = regular.length && (a.contains !== undefined || a.get_checksum) ? await contentAndChecksums(ctx, regular, a) : undefined;
    const listed = files
      .filter((x) => a.contains === undefined || a.file_type !== 'file' || extra?.contains.has(x.full))
      .map((x) => ({ ...statInfo(x.full, x.entry), ...(x.regular && a.get_checksum && (a.file_type === 'file' || a.file_type === 'any') ? { checksum: extra?.sums.get(x.full) ?? '' } : {}) }));
    const msg = Object.keys(skipped).length ? 'Not all paths examined, check warnings for details' : 'All paths examined';
    return { changed: false, result: { files: listed, changed: false, msg, matched: listed.length, examined, skipped_paths: skipped } };
  },
});
