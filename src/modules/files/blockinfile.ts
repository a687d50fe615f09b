/**
 * blockinfile: keep a marked block of lines in a file (insert, update, remove), with Ansible's
 * arguments and algorithm (blockinfile-decide.ts); the file is read in the probe and written atomically.
 */
import { z } from 'zod';
import { boolish, builtinAliases, mutuallyExclusive, renameAliases } from '../kit/args.js';
import { defineModule } from '../types.js';
import { pathArg, validateArg, checkInsertPositions } from './args.js';
import { blockinfile } from './blockinfile-decide.js';
import { planTextEdit } from './text-edit.js';
import { fileCommon } from '../kit/file-args.js';

const str = z.preprocess((v) => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : v), z.string());

export const blockinfileSchema = z.preprocess(
  (v) => {
    const o = renameAliases({ path: ['dest', 'destfile', 'name'], block: ['content'] })(v);
    // `block:` left empty in YAML is null: an empty block
    if (o && typeof o === 'object' && !Array.isArray(o) && (o as Record<string, unknown>).block === null) return { ...o, block: '' };
    return o;
  },
  z
    .object({
      path: pathArg,
      state: z.enum(['present', 'absent']).default('present'),
      marker: str.default('# {mark} ANSIBLE MANAGED BLOCK'),
      block: str.default(''),
      insertafter: str.optional(),
      insertbefore: str.optional(),
      create: boolish.default(false),
      backup: boolish.default(false),
      validate: validateArg.optional(),
      marker_begin: str.default('BEGIN'),
      marker_end: str.default('END'),
      append_newline: boolish.default(false),
      prepend_newline: boolish.default(false),
      ...fileCommon,
    })
    .strict()
    .superRefine((a, c) => {
      mutuallyExclusive(c, { insertafter: a.insertafter, insertbefore: a.insertbefore });
      checkInsertPositions(a, c);
    }),
);

export const blockinfileModule = defineModule({
  name: 'blockinfile',
  aliases: builtinAliases('blockinfile'),
  schema: blockinfileSchema,
  async plan(args, ctx) {
    return planTextEdit(
      {
        args,
        backupKey: 'backup_file',
        absentMissing: { changed: false, msg: `File ${args.path} not present` },
        edit: (before, present) => blockinfile(before, { ...args, present }),
      },
      ctx,
    );
  },
});
