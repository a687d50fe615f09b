/**
 * include_vars: variables from a controller-side YAML/JSON file (`file`, or the free form), or from
 * every file of a directory (`dir`, with depth, files_matching, ignore_files, extensions,
 * ignore_unknown_extensions), optionally under one `name`, as Ansible's include_vars action plugin.
 * The variables come back as result.ansible_facts; the engine sets them on the host at include_vars
 * precedence (above task vars, below set_fact). A file that holds no mapping fails the task with
 * Ansible's `message` ("... must be stored as a dictionary/hash").
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { combineDicts, renderValue } from '../../template/index.js';
import { ModuleFailure } from '../../util/errors.js';
import { compilePy } from '../../py/regex.js';
import { boolish, builtinAliases } from '../kit/args.js';
import { defineModule, type ModuleContext } from '../types.js';

const FILE_ARGS = ['file', '_raw_params'];
const DIR_ARGS = ['dir', 'depth', 'files_matching', 'ignore_files', 'extensions', 'ignore_unknown_extensions'];
const ALL_ARGS = ['name', 'hash_behaviour'];

const schema = z
  .object({
    file: z.string().optional(),
    _raw_params: z.string().optional(),
    dir: z.string().optional(),
    depth: z.coerce.number().int().nonnegative().optional(),
    files_matching: z.string().optional(),
    ignore_files: z.union([z.string(), z.array(z.string())]).optional(),
    // a string is a list of its characters, as Ansible's list(str)
    extensions: z.union([z.string().transform((s) => [...s]), z.array(z.string())]).optional(),
    ignore_unknown_extensions: boolish.default(false),
    name: z.string().optional(),
    hash_behaviour: z.enum(['replace', 'merge']).optional(),
  })
  .passthrough()
  .superRefine((a, c) => {
    for (const k of Object.keys(a)) {
      if (![...FILE_ARGS, ...DIR_ARGS, ...ALL_ARGS].includes(k)) c.addIssue({ code: 'custom', message: `${k} is not a valid option in include_vars` });
    }
    const given = (list: string[]) => list.some((k) => (a as Record<string, unknown>)[k] !== undefined && !(k === 'ignore_unknown_extensions' && a[k] === false));
    if (given(FILE_ARGS) && given(DIR_ARGS.filter((k) => k !== 'ignore_unknown_extensions'))) {
      c.addIssue({ code: 'custom', message: 'You are mixing file only and dir only arguments, these are incompatible' });
    }
  });

type Args = z.infer<typeof schema>;
type Vars = Record<string, unknown>;

/** Every directory under `root` (itself first), sorted by path, each with its sorted file names: os.walk sorted, as Ansible. */
async function walk(root: string): Promise<Array<[string, string[]]>> {
  const out: Array<[string, string[]]> = [];
  const visit = async (dir: string) => {
    let ents;
    try {
      ents = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    out.push([dir, ents.filter((e) => !e.isDirectory()).map((e) => e.name).sort()]);
    for (const e of ents) if (e.isDirectory()) await visit(path.join(dir, e.name));
  };
  await visit(root);
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

/** The directory `dir` names, as Ansible's _set_root_dir: a role's vars/ (or the role itself for vars/...), else beside the task's file. */
function rootDir(dir: string, c: NonNullable<ModuleContext['controller']>): string {
  if (path.isAbsolute(dir)) return dir;
  if (c.roleDir) return dir.split('/')[0] === 'vars' ? path.join(c.roleDir, dir) : path.join(c.roleDir, 'vars', dir);
  return path.join(c.taskDir, dir);
}

interface Loaded {
  vars: Vars;
  files: string[];
}

async function loadDir(a: Args, c: NonNullable<ModuleContext['controller']>): Promise<Loaded> {
  const dir = rootDir(a.dir!, c);
  const st = await fs.stat(dir).catch(() => undefined);
  if (!st) throw new ModuleFailure('', { message: `${dir} directory does not exist` });
  if (!st.isDirectory()) throw new ModuleFailure('', { message: `${dir} is not a directory` });
  const depth = a.depth ?? 0;
  const matcher = a.files_matching ? compilePy(a.files_matching).re : undefined;
  const ignore = typeof a.ignore_files === 'string' ? a.ignore_files.split(/\s+/).filter(Boolean) : a.ignore_files ?? [];
  const ignored = (name: string) =>
    ignore.some((p) => {
      try {
        return compilePy(`${p}$`).re.test(name);
      } catch {
        throw new ModuleFailure('', { message: `Invalid regular expression: ${p}` });
      }
    });
  const exts = a.extensions ?? ['yaml', 'yml', 'json'];
  const validExt = (name: string) => exts.includes(path.extname(name).slice(1));
  const out: Loaded = { vars: {}, files: [] };
  const dirs = await walk(dir);
  for (const [i, [root, names]] of dirs.entries()) {
    if (depth !== 0 && i >= depth) break;
    for (const name of names) {
      if (matcher && !matcher.test(name)) continue;
      if (ignored(name) || (a.ignore_unknown_extensions && !validExt(name))) continue;
      const file = path.join(root, name);
      if (!validExt(name)) throw new ModuleFailure('', { message: `${file} does not have a valid extension: ${exts.join(', ')}` });
      Object.assign(out.vars, await readOne(file, c));
      out.files.push(file);
    }
  }
  return out;
}

async function readOne(file: string, c: NonNullable<ModuleContext['controller']>): Promise<Vars> {
  try {
    return await c.readVarsFile(file);
  } catch (e) {
    const msg = (e as Error).message;
    if (/must hold a mapping/.test(msg)) throw new ModuleFailure('', { message: `${file} must be stored as a dictionary/hash` });
    throw new ModuleFailure('', { message: msg });
  }
}

export const includeVarsModule = defineModule({
  name: 'include_vars',
  aliases: builtinAliases('include_vars'),
  schema,
  freeForm: 'file',
  runsOn: 'controller',
  async plan(a, ctx) {
    const c = ctx.controller;
    if (!c) throw new ModuleFailure('include_vars reads files on the controller: not available here');
    let loaded: Loaded;
    try {
      if (a.dir !== undefined) loaded = await loadDir(a, c);
      else {
        const rel = (a.file ?? a._raw_params ?? '').replace(/\n+$/, '');
        let file: string;
        try {
          file = await ctx.findFile('vars', rel);
        } catch (e) {
          throw new ModuleFailure('', { message: (e as Error).message });
        }
        loaded = { vars: await readOne(file, c), files: [file] };
      }
    } catch (e) {
      if (!(e instanceof ModuleFailure)) throw e;
      // Ansible reports this failure under `message`, not `msg`
      return { changed: false, result: { changed: false, failed: true, message: e.result.message ?? e.message, ansible_facts: {}, ansible_included_var_files: [] } };
    }
    let vars = a.name !== undefined ? { [a.name]: loaded.vars } : loaded.vars;
    if (a.hash_behaviour === 'merge') {
      const merged: Vars = {};
      for (const [k, v] of Object.entries(vars)) {
        const old = ctx.vars[k] === undefined ? undefined : renderValue(ctx.vars[k], ctx.vars);
        merged[k] = isDict(old) && isDict(v) ? combineDicts(old, v, true, 'replace') : v;
      }
      vars = merged;
    }
    return { changed: false, result: { changed: false, ansible_included_var_files: loaded.files, ansible_facts: vars } };
  },
});

function isDict(v: unknown): v is Vars {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
