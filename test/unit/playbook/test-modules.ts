/**
 * Small modules registered for the loader's tests, so they do not depend on the real modules' timing
 * or details. Their schemas have the shapes real ones have: a strict object under a preprocess (name
 * aliases), enums, loose booleans, a cross-key refinement, a free-form command.
 */
import { z } from 'zod';
import { getModule, registerModule } from '../../../src/modules/registry.js';
import { defineModule, type ModuleDef } from '../../../src/modules/types.js';

const boolish = z.preprocess((v) => (v === 'yes' || v === 'true' ? true : v === 'no' || v === 'false' ? false : v), z.boolean());
const pathArg = z.string().min(1, 'the path is empty');

export const tCopy = defineModule({
  name: 't_copy',
  aliases: ['test.builtin.t_copy'],
  schema: z
    .object({
      src: pathArg.optional(),
      content: z.string().optional(),
      dest: pathArg,
      mode: z.union([z.string().regex(/^0?[0-7]{3,4}$/, 'mode must be octal like 0644'), z.number().int()]).optional(),
      backup: boolish.default(false),
    })
    .strict()
    .superRefine((a, c) => {
      if (a.src === undefined && a.content === undefined) c.addIssue({ code: 'custom', message: 'src (or content) is required' });
    }),
  async plan() {
    return { changed: false };
  },
});

export const tFile = defineModule({
  name: 't_file',
  schema: z.preprocess(
    (v) => {
      if (!v || typeof v !== 'object' || Array.isArray(v)) return v;
      const o = { ...(v as Record<string, unknown>) };
      if (o.name !== undefined && o.path === undefined) {
        o.path = o.name;
        delete o.name;
      }
      return o;
    },
    z
      .object({
        path: pathArg,
        state: z.enum(['absent', 'directory', 'file', 'link', 'touch']).optional(),
        src: pathArg.optional(),
        recurse: boolish.default(false),
      })
      .strict()
      .refine((a) => a.src === undefined || a.state === 'link', { message: 'src is only used with state=link', path: ['src'] }),
  ),
  async plan() {
    return { changed: false };
  },
});

export const tCommand = defineModule({
  name: 't_command',
  freeForm: 'cmd',
  schema: z
    .object({
      cmd: z.string().optional(),
      argv: z.array(z.string()).optional(),
      chdir: z.string().optional(),
      creates: z.string().optional(),
    })
    .strict()
    .refine((a) => a.cmd !== undefined || a.argv !== undefined, 'no command given'),
  async plan() {
    return { changed: true };
  },
});

export const tFact = defineModule({
  name: 't_set_fact',
  runsOn: 'controller',
  schema: z.object({ cacheable: boolish.default(false) }).passthrough(),
  async plan() {
    return { changed: false };
  },
});

export const tUser = defineModule({
  name: 't_user',
  secretArgs: ['password'],
  schema: z.object({ name: z.string(), password: z.string().min(8, 'the password is too short').optional() }).strict(),
  async plan() {
    return { changed: false };
  },
});

for (const def of [tCopy, tFile, tCommand, tFact, tUser] as ModuleDef[]) if (!getModule(def.name)) registerModule(def);
