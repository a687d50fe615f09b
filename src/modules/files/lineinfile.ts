/**
 * lineinfile: make sure one line is in a file (or absent), with Ansible's arguments and algorithm
 * (lineinfile-decide.ts); the file is read in the probe and written atomically with ctx.put.
 */
import { z } from 'zod';
import { boolish, builtinAliases, mutuallyExclusive, renameAliases } from '../kit/args.js';
import { defineModule } from '../types.js';
import { pathArg, regexArg, validateArg, checkInsertPositions } from './args.js';
import { lineinfileAbsent, lineinfilePresent, splitLines } from './lineinfile-decide.js';
import { planTextEdit } from './text-edit.js';
import { fileCommon } from '../kit/file-args.js';

const str = z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());


export const lineinfileSchema = z.preprocess(
  renameAliases({ path: ['dest', 'destfile', 'name'], regexp: ['regex'], line: ['value'] }),
  z
    .object({
      path: pathArg,
      state: z.enum(['present', 'absent']).default('present'),
      regexp: regexArg.optional(),
      search_string: str.optional(),
      line: str.optional(),
      insertafter: str.optional(),
      insertbefore: str.optional(),
      backrefs: boolish.default(false),
      create: boolish.default(false),
      backup: boolish.default(false),
      firstmatch: boolish.default(false),
      validate: validateArg.optional(),
      ...fileCommon,
    })
    .strict()
    .superRefine((a, c) => {
      mutuallyExclusive(c, { insertbefore: a.insertbefore, insertafter: a.insertafter });
      mutuallyExclusive(c, { regexp: a.regexp, search_string: a.search_string });
      mutuallyExclusive(c, { backrefs: a.backrefs, search_string: a.search_string });
      if (a.state === 'present') {
        if (a.backrefs && a.regexp === undefined) c.addIssue({ code: 'custom', message: 'regexp is required with backrefs=true' });
        if (a.line === undefined) c.addIssue({ code: 'custom', message: 'line is required with state=present' });
      } else if (a.regexp === undefined && a.search_string === undefined && a.line === undefined) {
        c.addIssue({ code: 'custom', message: 'one of line, search_string, or regexp is required with state=absent' });
      }
      checkInsertPositions(a, c);
    }),
);

export const lineinfileModule = defineModule({
  name: 'lineinfile',
  aliases: builtinAliases('lineinfile'),
  schema: lineinfileSchema,
  async plan(args, ctx) {
    if (args.regexp === '' || args.search_string === '') {
      const what = args.regexp === '' ? 'regular expression' : 'search string';
      ctx.warn(
        `The ${what} is an empty string, which will match every line in the file. This may have unintended consequences, such as replacing the last line in the file rather than appending.` +
          (args.regexp === '' ? " If this is desired, use '^' to match every line in the file and avoid this warning." : ''),
      );
    }
    return planTextEdit(
      {
        args,
        backupKey: 'backup',
        absentMissing: { changed: false, msg: 'file not present' },
        edit(before, present) {
          const lines = splitLines(before ?? '');
          if (present) {
            const o = lineinfilePresent(lines, { ...args, backrefs: args.backrefs, firstmatch: args.firstmatch });
            return { text: o.lines.join(''), changed: o.changed, msg: o.msg };
          }
          const o = lineinfileAbsent(lines, args);
          return { text: o.lines.join(''), changed: o.changed, msg: o.msg, extra: { found: o.found } };
        },
      },
      ctx,
    );
  },
});
