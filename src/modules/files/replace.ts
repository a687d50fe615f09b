/**
 * replace: every match of a Python regular expression in a file replaced (ansible.builtin.replace),
 * optionally only between `after` and `before`, with Python's replacement syntax (\1, \g<name>).
 * As Ansible's replace.py: the pattern is MULTILINE, the after/before section DOTALL (`after(?P<subsection>.*?)before`),
 * "N replacements made" or '' as msg, no change when the section is not found (with its message), the
 * file written atomically through symlinks (text-edit.ts) with backup, validate and the file attributes.
 */
import { z } from 'zod';
import { compilePy, expandMatch } from '../../py/regex.js';
import { ModuleFailure } from '../../util/errors.js';
import { boolish, builtinAliases, renameAliases } from '../kit/args.js';
import { fileCommon } from '../kit/file-args.js';
import { defineModule } from '../types.js';
import { pathArg, regexArg, validateArg } from './args.js';
import { planTextEdit } from './text-edit.js';

const str = z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());

export const replaceSchema = z.preprocess(
  renameAliases({ path: ['dest', 'destfile', 'name'] }),
  z
    .object({
      path: pathArg,
      regexp: regexArg,
      replace: str.default(''),
      after: str.optional(),
      before: str.optional(),
      backup: boolish.default(false),
      validate: validateArg.optional(),
      encoding: z.string().default('utf-8'),
      ...fileCommon,
    })
    .strict()
    .superRefine((a, c) => {
      if (!/^utf-?8$/i.test(a.encoding)) c.addIssue({ code: 'custom', path: ['encoding'], message: `encoding ${a.encoding} is not supported: machinist edits UTF-8 text` });
    }),
);

export type ReplaceArgs = z.infer<typeof replaceSchema>;

/** The text after replacing, the count, and the message; or no change with the reason. */
export function replaceText(contents: string, a: Pick<ReplaceArgs, 'regexp' | 'replace' | 'after' | 'before'>): { text: string; count: number; msg: string } {
  let pattern = '';
  if (a.after && a.before) pattern = `${a.after}(?P<subsection>.*?)${a.before}`;
  else if (a.after) pattern = `${a.after}(?P<subsection>.*)`;
  else if (a.before) pattern = `(?P<subsection>.*)${a.before}`;
  let start = 0;
  let end = contents.length;
  if (pattern) {
    const section = compilePy(`(?s)${pattern}`).re;
    const m = new RegExp(section.source, section.flags.replace('g', '') + 'd').exec(contents) as (RegExpExecArray & { indices?: { groups?: Record<string, [number, number]> } }) | null;
    const span = m?.indices?.groups?.subsection;
    if (!m || !span) return { text: contents, count: 0, msg: `Pattern for before/after params did not match the given file: ${pattern}` };
    [start, end] = span;
  }
  const re = compilePy(`(?m)${a.regexp}`).re;
  const global = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  const section = contents.slice(start, end);
  let count = 0;
  const replaced = section.replace(global, (...args) => {
    count++;
    const groups = typeof args[args.length - 1] === 'object' ? (args[args.length - 1] as Record<string, string>) : undefined;
    const nums = args.slice(0, groups ? -3 : -2) as string[];
    const m = Object.assign([...nums], { index: 0, input: section, groups }) as unknown as RegExpExecArray;
    return expandMatch(a.replace, m);
  });
  if (count === 0 || replaced === section) return { text: contents, count: 0, msg: '' };
  return { text: contents.slice(0, start) + replaced + contents.slice(end), count, msg: `${count} replacements made` };
}

export const replaceModule = defineModule({
  name: 'replace',
  aliases: builtinAliases('replace'),
  schema: replaceSchema,
  async plan(args, ctx) {
    const plan = await planTextEdit(
      {
        args: { ...args, create: false, state: 'present' },
        backupKey: 'backup_file',
        absentMissing: { changed: false },
        missingMsg: `Path ${args.path} does not exist !`,
        edit(before) {
          try {
            const r = replaceText(before ?? '', args);
            return { text: r.text, changed: r.count > 0, msg: r.msg };
          } catch (e) {
            throw new ModuleFailure((e as Error).message);
          }
        },
      },
      ctx,
    );
    return { ...plan, result: { rc: 0, ...plan.result } };
  },
});
