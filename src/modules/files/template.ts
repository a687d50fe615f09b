/**
 * template: render a controller template (looked up in templates/) with the task's variables through
 * ctx.render (Jinja2-compatible), then write it exactly as copy writes content (shared code: idempotent
 * by sha256, mode/owner/group, backup, validate, force, diff).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { defineModule } from '../types.js';
import { ModuleFailure } from '../../util/errors.js';
import { pathArg, validateArg } from './args.js';
import { planContentCopy } from './copy.js';
import { boolish, builtinAliases } from '../kit/args.js';
import { fileCommon } from '../kit/file-args.js';
import { readControllerFile } from '../kit/controller-file.js';
import { reveal } from '../../vault/index.js';
import { readTemplateVars } from './template-vars.js';
import type { Delimiters, TextOptions } from '../../template/index.js';

const ESCAPED_NEWLINES: Record<string, string> = { '\\n': '\n', '\\r': '\r', '\\r\\n': '\r\n' };

/** newline_sequence written with backslashes ('\r\n' in single quotes), taken as Ansible's template action does. */
function unescapeNewline(v: unknown): unknown {
  return typeof v === 'string' && v in ESCAPED_NEWLINES ? ESCAPED_NEWLINES[v] : v;
}

export const templateSchema = z
  .object({
    src: pathArg,
    dest: pathArg,
    backup: boolish.default(false),
    force: boolish.default(true),
    follow: boolish.default(false),
    validate: validateArg.optional(),
    newline_sequence: z.preprocess(unescapeNewline, z.enum(['\n', '\r', '\r\n'])).default('\n'),
    output_encoding: z.string().default('utf-8'),
    trim_blocks: boolish.default(true),
    lstrip_blocks: boolish.default(false),
    variable_start_string: z.string().optional(),
    variable_end_string: z.string().optional(),
    block_start_string: z.string().optional(),
    block_end_string: z.string().optional(),
    comment_start_string: z.string().optional(),
    comment_end_string: z.string().optional(),
    ...fileCommon,
  })
  .strict()
  .superRefine((a, c) => {
    if (!/^utf-?8$/i.test(a.output_encoding)) c.addIssue({ code: 'custom', path: ['output_encoding'], message: 'only utf-8 output is supported' });
  });

type TemplateArgs = z.infer<typeof templateSchema>;

/**
 * The Jinja2 settings the task asks for, and where includes are searched: as Ansible's template
 * action, the role's path, the playbook's directory and the template's own, each with templates/ first.
 */
export function textOptions(args: TemplateArgs, vars: Record<string, unknown>, local: string): TextOptions {
  const tags: Delimiters = {};
  if (args.block_start_string !== undefined) tags.blockStart = args.block_start_string;
  if (args.block_end_string !== undefined) tags.blockEnd = args.block_end_string;
  if (args.variable_start_string !== undefined) tags.variableStart = args.variable_start_string;
  if (args.variable_end_string !== undefined) tags.variableEnd = args.variable_end_string;
  if (args.comment_start_string !== undefined) tags.commentStart = args.comment_start_string;
  if (args.comment_end_string !== undefined) tags.commentEnd = args.comment_end_string;
  const bases = [vars.role_path, vars.playbook_dir, path.dirname(local)].filter((d): d is string => typeof d === 'string' && d !== '');
  return {
    trimBlocks: args.trim_blocks,
    lstripBlocks: args.lstrip_blocks,
    ...(Object.keys(tags).length ? { tags } : {}),
    searchPath: bases.flatMap((d) => [path.join(d, 'templates'), d]),
  };
}

export const templateModule = defineModule({
  name: 'template',
  aliases: builtinAliases('template'),
  schema: templateSchema,
  async plan(args, ctx) {
    const local = await ctx.findFile('templates', args.src);
    let text: string;
    let mode: number;
    let vaulted: boolean;
    try {
      const src = await readControllerFile(local);
      vaulted = src.vaulted;
      text = src.data.toString('utf8');
      mode = (await fs.stat(local)).mode & 0o7777;
    } catch (e) {
      throw new ModuleFailure(`could not read the template ${local}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    const extra = await readTemplateVars(args.src, path.resolve(local), args.dest);
    let rendered: string;
    try {
      rendered = await ctx.render(text, extra, textOptions(args, ctx.vars, local));
    } catch (e) {
      throw new ModuleFailure(`${local}: ${(e as Error).message}`);
    }
    if (args.newline_sequence !== '\n') rendered = rendered.replace(/\r?\n/g, args.newline_sequence);
    // what a vault-encrypted template renders to is as secret as the template
    if (vaulted) reveal(rendered);
    return planContentCopy(
      {
        content: Buffer.from(rendered, 'utf8'),
        dest: args.dest,
        srcName: path.basename(local),
        srcLabel: local,
        afterHeader: local,
        preserveMode: mode,
        args,
      },
      ctx,
    );
  },
});
