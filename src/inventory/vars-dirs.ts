/**
 * group_vars/ and host_vars/ as Ansible reads them beside an inventory or a playbook: for an entity
 * NAME the first of NAME, NAME.yml, NAME.yaml, NAME.json that exists — a file, or a directory whose
 * files (.yml/.yaml/.json or no extension, hidden and backup~ files skipped, subdirectories
 * included) are merged in sorted order, later files winning key by key. A literal connection value
 * that can never connect is kept with its located problem (conn-vars.ts), for a run to refuse a
 * host it targets. Vault-encrypted files and `!vault` values are decrypted (util/yaml.ts); every
 * value of an encrypted file stays marked secret.
 */
import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { isMap, isScalar } from 'yaml';
import { problemsOf, ValidationError, ValidationErrors } from '../util/errors.js';
import { plainValue, readYamlFile } from '../util/yaml.js';
import { reveal } from '../vault/index.js';
import { noteProblems, yamlConnVarProblems, type ConnVarProblems } from './conn-vars.js';
import { masked } from './located.js';
import type { ConnProblems, VarsDirs } from './types.js';

type Vars = Record<string, unknown>;
type Problems = ConnProblems['group'];

const EXTS = ['', '.yml', '.yaml', '.json'];
/** Files in these dirs that are plainly not vars files (Ansible would only read them for an entity of that exact name). */
const NOT_VARS = /\.(md|txt|rst|bak|orig|swp|retry|pyc|pyo|j2|cfg|ini|sh|py|rpm)$/i;

/** Load DIR/group_vars and DIR/host_vars (either may be missing). Throws every problem found at once. */
export async function loadVarsDirs(dir: string): Promise<VarsDirs> {
  const errors: ValidationError[] = [];
  const problems: ConnProblems = { group: new Map(), host: new Map() };
  const [group, host] = await Promise.all([
    loadEntities(path.join(dir, 'group_vars'), errors, problems.group),
    loadEntities(path.join(dir, 'host_vars'), errors, problems.host),
  ]);
  // files are read concurrently: report in a stable order (by file, then line)
  errors.sort((a, b) => (a.loc?.file ?? '').localeCompare(b.loc?.file ?? '') || (a.loc?.line ?? 0) - (b.loc?.line ?? 0));
  if (errors.length) throw new ValidationErrors(masked(errors));
  return problems.group.size || problems.host.size ? { group, host, problems } : { group, host };
}

async function list(dir: string): Promise<Dirent[] | undefined> {
  try {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => !e.name.startsWith('.') && !e.name.endsWith('~')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ENOTDIR') throw new ValidationError(`${dir} must be a directory of variable files`);
    throw new ValidationError(`cannot read ${dir}: ${code ?? (e as Error).message}`);
  }
}

/** The entities of one dir (group_vars/ or host_vars/); the problems of their literal connection values go to `problems`. */
async function loadEntities(dir: string, errors: ValidationError[], problems: Problems): Promise<Record<string, Vars>> {
  let entries: Dirent[] | undefined;
  try {
    entries = await list(dir);
  } catch (e) {
    errors.push(e as ValidationError);
    return {};
  }
  if (!entries) return {};
  // entity name → [rank of the form found (Ansible's search order), entry]
  const chosen = new Map<string, [number, Dirent]>();
  for (const e of entries) {
    const ext = path.extname(e.name);
    const rank = EXTS.indexOf(ext);
    if (rank === -1 && NOT_VARS.test(e.name)) continue;
    const name = rank > 0 ? e.name.slice(0, -ext.length) : e.name;
    const r = rank > 0 ? rank : 0;
    const prev = chosen.get(name);
    if (!prev || r < prev[0]) chosen.set(name, [r, e]);
  }
  const out: Record<string, Vars> = {};
  await Promise.all(
    [...chosen].map(async ([name, [, e]]) => {
      const full = path.join(dir, e.name);
      const files = (await isDir(full, e)) ? await dirFiles(full, errors) : [full];
      const loaded = await Promise.all(files.map((f) => readVars(f).catch((err) => void errors.push(...problemsOf(err)))));
      out[name] = {};
      for (const one of loaded) {
        if (!one) continue;
        Object.assign(out[name], one.vars);
        noteProblems(problems, name, one.vars, one.problems);
      }
    }),
  );
  // keep the sorted order of names for stable output
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]]));
}

async function isDir(full: string, e: Dirent): Promise<boolean> {
  if (e.isDirectory()) return true;
  if (!e.isSymbolicLink()) return false;
  return (await fs.stat(full).catch(() => undefined))?.isDirectory() ?? false;
}

/** The vars files of an entity directory, sorted, subdirectories in place. */
async function dirFiles(dir: string, errors: ValidationError[]): Promise<string[]> {
  let entries: Dirent[] | undefined;
  try {
    entries = (await list(dir)) ?? [];
  } catch (e) {
    errors.push(e as ValidationError);
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    const ext = path.extname(e.name);
    if (await isDir(full, e)) {
      if (!ext) out.push(...(await dirFiles(full, errors)));
    } else if (EXTS.includes(ext)) out.push(full);
  }
  return out;
}

/** One YAML/JSON file of variables: a mapping (an empty file is no variables). */
export async function readVarsFile(file: string): Promise<Vars> {
  return (await readVars(file)).vars;
}

/** A vars file's variables and the located problems of its literal connection values (conn-vars.ts). */
async function readVars(file: string): Promise<{ vars: Vars; problems?: ConnVarProblems }> {
  const doc = await readYamlFile(file);
  const root = doc.doc.contents;
  if (root === null || (isScalar(root) && root.value === null)) return { vars: {} };
  if (!isMap(root)) throw new ValidationErrors([doc.error('a variables file must be a mapping of variable names to values', root)]);
  const vars = { ...(plainValue(root, doc.doc) as Vars) };
  // every value of a vault-encrypted vars file is a secret
  if (doc.vaulted) reveal(vars);
  return { vars, problems: yamlConnVarProblems(doc, root) };
}
