/**
 * The lookups that read the controller's files (Ansible's file, template, fileglob, first_found,
 * password) and the search path they share: Ansible's find_file_in_search_path, i.e. the role's
 * folder, then the playbook's, each with its `files/` (or `templates/`, `vars/`) subfolder first.
 */
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { glob, isFile } from '../../py/glob.js';
import { compile, runTemplate } from '../environment.js';
import { Undefined } from '../errors.js';
import { isDict, prim, pyStr, truthy } from '../pyvalues.js';
import { RenderContext } from '../runtime.js';
import { Scope } from '../scope.js';
import { LookupError, LookupFailure, type Lookup, type LookupCall } from './types.js';

function strVar(call: LookupCall, name: string): string | undefined {
  const v = prim(call.ctx.lookup(name));
  return typeof v === 'string' ? v : undefined;
}

/** The playbook's folder (Ansible's loader basedir). */
export function baseDir(call: LookupCall): string {
  return strVar(call, 'playbook_dir') ?? process.cwd();
}

/** The folders searched, first to last (ansible_search_path when set, else the role's folder). */
function searchRoots(call: LookupCall): string[] {
  const sp = prim(call.ctx.lookup('ansible_search_path'));
  if (Array.isArray(sp)) return sp.map((p) => pyStr(p));
  const role = strVar(call, 'role_path');
  return role ? [role] : [];
}

/** Candidate paths for `needle` (DataLoader.path_dwim_relative_stack). */
export function candidates(call: LookupCall, subdir: string, needle: string): string[] {
  if (needle.startsWith('~')) needle = path.join(process.env.HOME ?? '/', needle.slice(1));
  if (path.isAbsolute(needle)) return [needle];
  const out: string[] = [];
  const withSub = needle.split('/')[0] !== subdir;
  for (const root of [...searchRoots(call), baseDir(call)]) {
    if (withSub) out.push(path.join(root, subdir, needle));
    out.push(path.join(root, needle));
  }
  return out;
}

/** The first candidate that exists, or undefined. */
export function findFile(call: LookupCall, subdir: string, needle: string): string | undefined {
  return candidates(call, subdir, needle).find((p) => existsSync(p));
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

const file: Lookup = (terms, call) =>
  terms.map((t) => {
    const term = pyStr(prim(t));
    const found = findFile(call, 'files', term);
    let text: string;
    try {
      if (!found || statSync(found).isDirectory()) throw new Error();
      text = readText(found);
    } catch {
      throw new LookupError(`could not locate file in lookup: ${term}`);
    }
    if (truthy(call.kw.lstrip ?? false)) text = text.replace(/^\s+/, '');
    if (truthy(call.kw.rstrip ?? true)) text = text.replace(/\s+$/, '');
    return text;
  });

const template: Lookup = (terms, call) =>
  terms.map((t) => {
    const term = pyStr(prim(t));
    const found = findFile(call, 'templates', term);
    if (!found) throw new LookupError(`the template file ${term} could not be found for the lookup`);
    const extra = prim(call.kw.template_vars ?? {});
    const vars: Record<string, unknown> = Object.create(call.ctx.scope.vars);
    Object.assign(vars, {
      template_host: strVar(call, 'inventory_hostname') ?? '',
      template_path: found,
      template_fullpath: path.resolve(found),
      template_destpath: null,
      template_run_date: new Date(),
      template_uid: String(process.getuid?.() ?? ''),
    });
    if (isDict(extra)) Object.assign(vars, extra);
    const scope = new Scope(vars, call.ctx.scope.render, call.ctx.scope.globals);
    return runTemplate(compile(readText(found), { name: found }), new RenderContext(scope));
  });

/** Python's glob.glob in a folder: regular files only (as the fileglob lookup keeps). */
function globFiles(dir: string, pattern: string): string[] {
  return glob(path.join(dir, pattern)).filter(isFile);
}

const fileglob: Lookup = (terms, call) =>
  terms.flatMap((t) => {
    const term = pyStr(prim(t));
    const name = path.basename(term);
    const dirs: string[] = [];
    if (name !== term) {
      const d = findFile(call, 'files', path.dirname(term));
      if (d) dirs.push(d);
    } else for (const root of [...searchRoots(call), baseDir(call)]) dirs.push(path.join(root, 'files'), root);
    for (const d of dirs) {
      const found = globFiles(d, name);
      if (found.length) return found;
    }
    return [];
  });

/** first_found's _split_on: strings split on any of `chars`, lists flattened. */
function splitOn(v: unknown, chars: string): string[] {
  v = prim(v);
  if (typeof v === 'string') return v.split(new RegExp(`[${chars.replace(/[\]\\^-]/g, '\\$&')}]`));
  if (Array.isArray(v)) return v.flatMap((x) => splitOn(x, chars));
  return [];
}

function firstFoundTerms(terms: unknown[], kw: Record<string, unknown>): { search: unknown[]; skip: boolean } {
  let search: unknown[] = [];
  let skip = false;
  for (const raw of terms) {
    const term = prim(raw);
    let opts: Record<string, unknown>;
    if (isDict(term)) opts = term;
    else if (typeof term === 'string') opts = kw;
    else if (Array.isArray(term)) {
      const inner = firstFoundTerms(term, kw);
      search.push(...inner.search);
      skip = inner.skip;
      continue;
    } else throw new LookupFailure(`Invalid term supplied, can handle string, mapping or list of strings but got: ${typeof term} for ${pyStr(term)}`);
    const files = splitOn(opts.files ?? [], ',;');
    const paths = splitOn(opts.paths ?? [], ',:;');
    skip = truthy(opts.skip ?? false);
    if (paths.length) for (const p of paths) for (const f of files) search.push(path.join(p, f));
    else if (files.length) search = files;
    else search.push(term);
  }
  return { search, skip };
}

const firstFound: Lookup = (terms, call) => {
  const { search, skip } = firstFoundTerms(terms, call.kw);
  for (const raw of search) {
    let fn: unknown;
    try {
      fn = prim(call.ctx.scope.render(pyStr(raw), call.ctx.scope));
    } catch {
      continue;
    }
    if (fn instanceof Undefined) continue;
    const found = findFile(call, call.subdir ?? 'files', pyStr(fn));
    if (found) return [found];
  }
  if (skip) return [];
  throw new LookupFailure('No file was found when using first_found.');
};

const PASSWORD_PARAMS = ['length', 'encrypt', 'chars', 'ident', 'seed'];
const CHARSETS: Record<string, string> = {
  ascii_letters: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  ascii_lowercase: 'abcdefghijklmnopqrstuvwxyz',
  ascii_uppercase: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  hexdigits: '0123456789abcdefABCDEF',
  octdigits: '01234567',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

function passwordParams(term: string, kw: Record<string, unknown>): { file: string; params: Record<string, unknown> } {
  const sp = term.indexOf(' ');
  const params: Record<string, unknown> = { ...kw };
  let file = term;
  if (sp > 0) {
    file = term.slice(0, sp);
    const rest: string[] = [];
    for (const w of term.slice(sp + 1).split(/\s+/).filter(Boolean)) {
      const eq = w.indexOf('=');
      if (eq > 0) params[w.slice(0, eq)] = w.slice(eq + 1);
      else if (Object.keys(params).length > Object.keys(kw).length) throw new LookupError('Unrecognized value after key=value parameters given to password lookup');
      else rest.push(w);
    }
    if (rest.length) file = [file, ...rest].join(' ');
  }
  const bad = Object.keys(params).filter((k) => !PASSWORD_PARAMS.includes(k));
  if (bad.length) throw new LookupError(`Unrecognized parameter(s) given to password lookup: ${bad.join(', ')}`);
  return { file, params };
}

function candidateChars(spec: unknown): string {
  let list: unknown[];
  const v = prim(spec);
  if (typeof v === 'string') list = [...(v.includes(',,') ? [','] : []), ...v.replace(/,,/g, ',').split(',').filter(Boolean)];
  else list = Array.isArray(v) ? v : ['ascii_letters', 'digits', '.,:-_'];
  return list.map((c) => CHARSETS[pyStr(c)] ?? pyStr(c)).join('').replace(/["']/g, '');
}

const password: Lookup = (terms, call) =>
  terms.map((t) => {
    const { file: rel, params } = passwordParams(pyStr(prim(t)), call.kw);
    if (params.encrypt !== undefined && params.encrypt !== null) throw new LookupError(`the password lookup's encrypt option is not supported by machinist (use "{{ lookup('password', '${rel}') | password_hash('${pyStr(params.encrypt)}') }}")`);
    const file = path.resolve(baseDir(call), rel);
    if (file !== '/dev/null' && existsSync(file)) return readText(file).replace(/\s+$/, '').replace(/ salt=.*$/s, '');
    const chars = candidateChars(params.chars);
    const length = Number.parseInt(pyStr(params.length ?? 20), 10);
    if (!chars.length || !Number.isFinite(length)) throw new LookupError('the password lookup needs a length and at least one character to choose from');
    let pw = '';
    for (let i = 0; i < length; i++) pw += chars[randomInt(chars.length)];
    if (file !== '/dev/null') {
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, pw + '\n', { mode: 0o600 });
    }
    return pw;
  });

export const FILE_LOOKUPS: Record<string, Lookup> = { file, template, fileglob, first_found: firstFound, password };
