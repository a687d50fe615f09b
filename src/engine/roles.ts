/**
 * Roles, expanded before any host is contacted (the CLI does it right after loading, so
 * --syntax-check and --list-tasks see them too):
 * - `roles:` of a play: each role's tasks/main.yml runs (as a block carrying the role's vars/main.yml
 *   and the entry's parameters) before the play's tasks, its handlers/main.yml joins the play's
 *   handlers, its defaults/main.yml is the lowest variable layer of the play, and meta/main.yml
 *   dependencies run first (each distinct role + parameters once).
 * - `import_role:` (static): replaced by a block with the task's keywords around the role's tasks;
 *   its defaults join the play's (Ansible exposes them at parse time), its handlers the play's.
 * - `include_role:` (dynamic): stays an include whose tasks are the role's block, so `when` and loops
 *   are decided per host when it is reached; its defaults are seen by the role's tasks only (with
 *   `public: true` also by the play's tasks after it); its handlers join the play's. A templated name is loaded when a
 *   host reaches it.
 * Roles are looked up in roles/ beside the playbook, in roles_path (ANSIBLE_ROLES_PATH or ansible.cfg, else
 * Ansible's defaults ~/.ansible/roles, /usr/share/ansible/roles, /etc/ansible/roles), beside the
 * playbook itself, and (for include/import inside a role) beside that role. Problems are
 * ValidationErrors.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { settings, type Settings } from '../config/index.js';
import { asWarning, giveTasks, loadTaskFile, loadVarsFile } from '../playbook/index.js';
import type { Block, Common, Handler, IncludeTasks, Play, Playbook, RoleChain, RoleRef, Task, TaskNode, Vars } from '../playbook/types.js';
import { COMMON_KEYWORDS } from '../playbook/keywords.js';
import { problemsOf, ValidationError, ValidationErrors, type SourceLocation } from '../util/errors.js';
import { parseYaml, plainValue } from '../util/yaml.js';
import { pyStr } from '../py/repr.js';
import { OMIT, renderValue } from '../template/index.js';
import { roleDefaultsOf, roleParamsOf, roleVarsOf, type RoleInstance } from './role-vars.js';

type RoleEntry = NonNullable<Play['roles']>[number];

const ROLE_DIRS = ['tasks', 'handlers', 'defaults', 'vars', 'meta'];

/** The file `base` (default main) of a role folder: base.yml, base.yaml or base as written. */
function roleFile(dir: string, sub: string, base = 'main'): string | undefined {
  for (const f of [`${base}.yml`, `${base}.yaml`, base]) {
    const p = path.join(dir, sub, f);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** roles_path: the setting (ANSIBLE_ROLES_PATH or ansible.cfg, ':'-separated; else Ansible's default places). */
export function rolesPath(s: Settings = settings()): string[] {
  return s.get<string[]>('DEFAULT_ROLES_PATH');
}

export function findRole(baseDir: string, name: string, near?: string): { dir?: string; searched: string[] } {
  const searched = [
    path.resolve(baseDir, 'roles', name),
    // roles_path entries are absolute: a relative one was taken from the current directory (a variable) or the config file's folder
    ...rolesPath().map((p) => path.join(p, name)),
    path.resolve(baseDir, name),
    ...(near ? [path.resolve(path.dirname(near), name)] : []),
  ];
  const dir = searched.find((d) => ROLE_DIRS.some((s) => existsSync(path.join(d, s))));
  return { dir, searched: [...new Set(searched)] };
}

/** Mark every node as belonging to the role (files/, templates/ lookups, role_path, task names). */
function own<T extends TaskNode>(node: T, roleDir: string): T {
  const n = { ...node, roleDir };
  if (n.kind === 'block') {
    const b = n as Block;
    b.block = b.block.map((c) => own(c, roleDir));
    b.rescue = b.rescue.map((c) => own(c, roleDir));
    b.always = b.always.map((c) => own(c, roleDir));
  } else if (n.kind === 'include_tasks' && n.tasks) n.tasks = n.tasks.map((c) => own(c, roleDir));
  return n;
}

const ROLE_KEYWORDS = new Set([...COMMON_KEYWORDS, 'delegate_to', 'delegate_facts', 'connection', 'port', 'collections', 'debugger', 'module_defaults', 'timeout', 'become_exe', 'become_flags']);

/** A dependency's `when`/`tags` (text or list) as keywords of the block around its tasks; other keywords are not parameters. */
function depKeywords(kw: Record<string, unknown>): Want['keywords'] {
  const list = (v: unknown) => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  const when = list(kw.when);
  const tags = list(kw.tags);
  return when.length || tags.length ? { tags, ...(when.length ? { when } : {}) } : undefined;
}

function dependencies(dir: string, loc: SourceLocation): Want[] {
  const meta = roleFile(dir, 'meta');
  if (!meta) return [];
  const located = parseYaml(readFileSync(meta, 'utf8'), meta);
  const doc = plainValue(located.doc.contents, located.doc) as { dependencies?: unknown } | null;
  const deps = doc?.dependencies;
  if (deps === undefined || deps === null) return [];
  if (!Array.isArray(deps)) throw new ValidationError(`${meta}: 'dependencies' must be a list of roles`, { file: meta, line: 1, col: 1 });
  return deps.map((d) => {
    if (typeof d === 'string') return { name: d, loc };
    if (d && typeof d === 'object') {
      const { role, name, vars, ...rest } = d as Record<string, unknown>;
      const n = String(role ?? name ?? '');
      if (!n) throw new ValidationError(`${meta}: a dependency needs 'role'`, { file: meta, line: 1, col: 1 });
      const params: Vars = {};
      const kw: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rest)) (ROLE_KEYWORDS.has(k) ? kw : params)[k] = v;
      const want: Want = { name: n, loc };
      if (vars && typeof vars === 'object' && Object.keys(vars).length) want.vars = vars as Vars;
      if (Object.keys(params).length) want.params = params;
      const keywords = depKeywords(kw);
      if (keywords) want.keywords = keywords;
      return want;
    }
    throw new ValidationError(`${meta}: a dependency must be a role name or a mapping`, { file: meta, line: 1, col: 1 });
  });
}

interface Expanded {
  tasks: TaskNode[];
  handlers: Handler[];
  defaults: Vars;
  /** Every role's vars (without parameters), in the order they were loaded: the play sees them after vars_files. */
  vars: Vars;
  /** What an import_role's templated name is rendered with when the play is loaded (play vars, extra vars). */
  nameVars: Vars;
  /** Roles of the play (`roles:`, import_role), and the roles they depend on (meta dependencies, at any depth). */
  playRoles: string[];
  depRoles: Set<string>;
}

const NO_PARENTS: RoleChain = { names: [], paths: [] };

function expanded(nameVars: Vars = {}): Expanded {
  return { tasks: [], handlers: [], defaults: {}, vars: {}, nameVars, playRoles: [], depRoles: new Set() };
}

/** Ansible's include params of a role brought in by another (IncludeRole.get_include_params). */
function parentVars(parents: RoleChain): Vars {
  return parents.names.length ? { ansible_parent_role_names: [...parents.names], ansible_parent_role_paths: [...parents.paths] } : {};
}

interface Want {
  name: string;
  /** `vars:` of the entry. */
  vars?: Vars;
  /** Role parameters: the entry's other keys. */
  params?: Vars;
  /** A dependency's when/tags. */
  keywords?: Omit<Common, 'loc' | 'dir'>;
  loc: SourceLocation;
  ref?: RoleRef;
  /** The role (or file) the request comes from, for lookups beside it. */
  near?: string;
  /** Reached through include_role: its tasks may not run (what fails only when they run is a warning). */
  uncertain?: boolean;
  /** The roles that included or imported this one (its tasks' ansible_parent_role_names/_paths). */
  parents?: RoleChain;
}

function named(dir: string, sub: string, base: string | undefined, what: string, loc: SourceLocation): string | undefined {
  const file = roleFile(dir, sub, base);
  if (base !== undefined && !file) throw new ValidationError(`the role ${path.basename(dir)} has no ${sub}/${base}(.yml) for ${what}`, loc);
  return file;
}

interface Loaded extends RoleInstance {
  want: Want;
  deps: Loaded[];
  tasksFile?: string;
  handlersFile?: string;
}

/** A role and its dependencies, their files read (no tasks yet). */
async function loadInstance(book: Playbook, want: Want, stack: string[]): Promise<Loaded> {
  if (stack.includes(want.name)) throw new ValidationError(`role dependency cycle: ${[...stack, want.name].join(' -> ')}`, want.loc);
  const { dir, searched } = findRole(book.dir, want.name, want.near);
  if (!dir) throw new ValidationError(`the role '${want.name}' was not found`, want.loc, `searched: ${searched.join(', ')}`);
  const deps: Loaded[] = [];
  for (const dep of dependencies(dir, want.loc)) deps.push(await loadInstance(book, { ...dep, near: dir, uncertain: want.uncertain, parents: want.parents }, [...stack, want.name]));
  const ref = want.ref;
  const defaultsFile = named(dir, 'defaults', ref?.defaultsFrom, 'defaults_from', want.loc);
  const varsFile = named(dir, 'vars', ref?.varsFrom, 'vars_from', want.loc);
  const warnings = book.warnings;
  return {
    name: want.name,
    dir,
    want,
    entryVars: want.vars ?? {},
    params: want.params ?? {},
    roleVars: varsFile ? await loadVarsFile(varsFile, { warnings }) : {},
    defaults: defaultsFile ? await loadVarsFile(defaultsFile, { warnings }) : {},
    deps,
    tasksFile: named(dir, 'tasks', ref?.tasksFrom, 'tasks_from', want.loc),
    handlersFile: named(dir, 'handlers', ref?.handlersFrom, 'handlers_from', want.loc),
  };
}

/** Its dependencies' tasks then its own (each role + parameters once), with the variables of its place in the chain. */
async function emitInstance(book: Playbook, r: Loaded, chain: Loaded[], seen: Set<string>, out: Expanded): Promise<void> {
  const want = r.want;
  const key = `${want.name}\0${JSON.stringify(want.params ?? {})}\0${JSON.stringify(want.vars ?? {})}\0${JSON.stringify(want.ref ?? {})}`;
  if (chain.length) out.depRoles.add(path.basename(want.name));
  if (seen.has(key)) return;
  for (const dep of r.deps) {
    const before = out.tasks.length;
    await emitInstance(book, dep, [...chain, r], seen, out);
    if (dep.want.keywords && out.tasks.length > before) {
      const inner = out.tasks.splice(before);
      out.tasks.push({ ...dep.want.keywords, kind: 'block', block: inner, rescue: [], always: [], loc: dep.want.loc, dir: dep.dir });
    }
  }
  seen.add(key);
  Object.assign(out.defaults, r.defaults);
  const vars = roleVarsOf(r, chain);
  const params = roleParamsOf(r, chain);
  const defaults = roleDefaultsOf(r, chain);
  const warnings = book.warnings;
  if (r.tasksFile) {
    const tasks = (await loadTaskFile(r.tasksFile, { warnings, uncertain: want.uncertain })).map((t) => own(t, r.dir));
    const block: Block = { kind: 'block', block: tasks, rescue: [], always: [], loc: want.loc, dir: r.dir, roleDir: r.dir, tags: [] };
    const parents = want.parents ?? NO_PARENTS;
    const blockVars: Vars = { ...vars, ...parentVars(parents) };
    if (Object.keys(blockVars).length) block.vars = blockVars;
    if (Object.keys(params).length) block.params = params;
    if (Object.keys(defaults).length) block.defaults = defaults;
    const mine: RoleChain = { names: [path.basename(r.dir), ...parents.names], paths: [r.dir, ...parents.paths] };
    out.tasks.push(await expandNodes(book, block.block, out, r.dir, mine).then((b) => ({ ...block, block: b })));
  }
  if (r.handlersFile) {
    const handlers = (await loadTaskFile(r.handlersFile, { handler: true, warnings })) as Handler[];
    out.handlers.push(...handlers.map((h) => ({ ...own(h, r.dir), vars: { ...defaults, ...vars, ...params, ...h.vars } })));
  }
}

async function expandRole(book: Playbook, want: Want, seen: Set<string>, out: Expanded): Promise<void> {
  const r = await loadInstance(book, want, []);
  Object.assign(out.vars, roleVarsOf(r));
  await emitInstance(book, r, [], seen, out);
}

/** The role an include_role/import_role names, loaded: its tasks (dependencies first), handlers, defaults. */
export async function loadRoleTask(book: Playbook, inc: IncludeTasks, name: string, nameVars: Vars = {}): Promise<Expanded> {
  const out = expanded(nameVars);
  await expandRole(book, { name, ...(inc.vars ? { vars: inc.vars } : {}), loc: inc.loc, ref: inc.role, near: inc.roleDir, uncertain: !inc.role?.static || guarded(inc), parents: inc.parentRoles }, new Set(), out);
  return out;
}

/** An import_role or role entry whose tasks may not run, or whose failure is handled (when, ignore_errors, tag never). */
function guarded(inc: Pick<Common, 'when' | 'ignoreErrors' | 'tags'> | undefined): boolean {
  if (!inc) return false;
  return Boolean(inc.when?.length) || (inc.ignoreErrors !== undefined && inc.ignoreErrors !== false) || Boolean(inc.tags?.includes('never'));
}

/** The include's keywords (not its loop) on a block around the role's tasks. */
function wrap(inc: IncludeTasks, tasks: TaskNode[], defaults?: Vars): Block {
  const { kind: _k, file: _f, tasks: _t, role: _r, loop: _l, loopWith: _lw, loopControl: _lc, delegateTo: _d, ...keywords } = inc;
  const block: Block = { ...keywords, kind: 'block', block: tasks, rescue: [], always: [] };
  if (defaults && Object.keys(defaults).length) block.defaults = defaults;
  return block;
}

/** The block inside an include_role: the include itself already decided `when` and set `vars`. */
function inner(block: Block): Block {
  const { when: _w, vars: _v, name: _n, ...rest } = block;
  return rest;
}

const hasTemplate = (s: string) => /\{\{|\{%/.test(s);

/** An include_role whose name or tasks_from & co are templates: loaded when a host reaches it. */
export function templatedRole(n: IncludeTasks): boolean {
  const r = n.role;
  return hasTemplate(n.file) || [r?.tasksFrom, r?.varsFrom, r?.defaultsFrom, r?.handlersFrom].some((f) => f !== undefined && hasTemplate(f));
}

/** The include's role options with templated file names rendered (Ansible templates from_files when the include runs). */
export function renderedRef(ref: RoleRef, vars: Vars): RoleRef {
  const out: RoleRef = { ...ref };
  for (const k of ['tasksFrom', 'varsFrom', 'defaultsFrom', 'handlersFrom'] as const) {
    const v = ref[k];
    if (v !== undefined && hasTemplate(v)) out[k] = pyStr(renderValue(v, vars));
  }
  return out;
}

function staticName(n: IncludeTasks, vars: Vars): string {
  try {
    return pyStr(renderValue(n.file, { ...vars, omit: OMIT }));
  } catch (e) {
    throw new ValidationError(`import_role: the role's name ${n.file} cannot be rendered when the play is loaded: ${(e as Error).message}`, n.loc, 'use include_role for a name that depends on host variables');
  }
}

/** Replace include_role/import_role nodes (recursively) in a task list; handlers and public defaults go to `play`. */
async function expandNodes(book: Playbook, nodes: TaskNode[], play: Expanded, near?: string, chain: RoleChain = NO_PARENTS): Promise<TaskNode[]> {
  const out: TaskNode[] = [];
  for (const node of nodes) {
    const n = node.kind === 'include_tasks' && node.role && chain.names.length ? { ...node, parentRoles: chain } : node;
    if (n.kind === 'block') {
      out.push({ ...n, block: await expandNodes(book, n.block, play, near, chain), rescue: await expandNodes(book, n.rescue, play, near, chain), always: await expandNodes(book, n.always, play, near, chain) });
    } else if (n.kind === 'include_tasks' && n.role && !n.tasks && (n.role.static || !templatedRole(n))) {
      // import_role: a templated name is rendered now, with what Ansible has when it loads the play
      const name = n.role.static && hasTemplate(n.file) ? staticName(n, play.nameVars) : n.file;
      const role = await loadRoleTask(book, { ...n, roleDir: n.roleDir ?? near }, name, play.nameVars).catch((e: unknown) => {
        // include_role is dynamic: Ansible loads the role when the include runs; its problems are warnings now
        if (n.role?.static) throw e;
        book.warnings?.push(...problemsOf(e).map(asWarning));
        return undefined;
      });
      if (!role) {
        out.push({ ...n, roleDir: n.roleDir ?? near });
        continue;
      }
      play.handlers.push(...role.handlers);
      if (n.role.static) {
        // import_role: the block itself; its defaults are the play's, as Ansible's at parse time; a role of the play
        Object.assign(play.defaults, role.defaults);
        Object.assign(play.vars, role.vars);
        play.playRoles.push(path.basename(n.file), ...role.playRoles);
        for (const d of role.depRoles) play.depRoles.add(d);
        // its delegate_to holds for every task of the role (and its handlers) that sets none
        if (n.delegateTo !== undefined) {
          giveTasks(role.tasks, { delegateTo: n.delegateTo });
          for (const h of role.handlers) if (h.kind === 'task' && h.delegateTo === undefined) h.delegateTo = n.delegateTo;
        }
        out.push(wrap(n, role.tasks));
      } else {
        // include_role: an include whose only task is that block; public defaults shared when reached
        const include: IncludeTasks = { ...n, tasks: [inner(wrap(n, role.tasks, role.defaults))] };
        if (n.role.public && Object.keys(role.defaults).length) include.publish = role.defaults;
        if (n.role.public && Object.keys(role.vars).length) include.publishVars = role.vars;
        out.push(include);
      }
    } else if (n.kind === 'include_tasks' && n.tasks) {
      out.push({ ...n, tasks: await expandNodes(book, n.tasks, play, near, chain) });
    } else out.push(n);
  }
  return out;
}

function collectErrors(e: unknown, errors: ValidationError[], loc: SourceLocation): void {
  if (e instanceof ValidationErrors) errors.push(...e.errors);
  else if (e instanceof ValidationError) errors.push(e);
  else errors.push(new ValidationError((e as Error).message, loc));
}

/** The playbook with every play's roles and static role tasks expanded; a playbook already expanded is returned as it is. */
export async function expandRoles(book: Playbook, extraVars: Vars = {}): Promise<Playbook> {
  if (book.rolesExpanded) return book;
  const errors: ValidationError[] = [];
  const plays: Play[] = [];
  for (const play of book.plays) {
    const nameVars = { ...play.vars, ...extraVars };
    const out = expanded(nameVars);
    const seen = new Set<string>();
    let sections: { preTasks: TaskNode[]; tasks: TaskNode[]; postTasks: TaskNode[] };
    try {
      for (const entry of play.roles ?? []) {
        const before = out.tasks.length;
        out.playRoles.push(path.basename(entry.name));
        await expandRole(book, { ...entry, uncertain: guarded(entry.keywords) }, seen, out);
        // the entry's keywords (tags, when, become, ...) hold for the role's tasks, its dependencies' too
        if (entry.keywords && out.tasks.length > before) {
          const inner = out.tasks.splice(before);
          out.tasks.push({ ...entry.keywords, kind: 'block', block: inner, rescue: [], always: [], loc: entry.loc, dir: book.dir });
        }
      }
      sections = {
        preTasks: await expandNodes(book, play.preTasks, out),
        tasks: await expandNodes(book, play.tasks, out),
        postTasks: await expandNodes(book, play.postTasks, out),
      };
    } catch (e) {
      collectErrors(e, errors, play.loc);
      continue;
    }
    plays.push({
      ...play,
      roles: [],
      roleDefaults: { ...out.defaults, ...play.roleDefaults },
      roleVars: { ...out.vars, ...play.roleVars },
      roleNames: { play: out.playRoles, dependent: [...out.depRoles] },
      preTasks: sections.preTasks,
      tasks: [...out.tasks, ...sections.tasks],
      handlers: [...play.handlers, ...out.handlers],
      postTasks: sections.postTasks,
    });
  }
  if (errors.length) throw new ValidationErrors(errors);
  return { ...book, plays, rolesExpanded: true };
}

/** The role name a node belongs to, for "role : task" names. */
export function roleName(roleDir: string | undefined): string | undefined {
  return roleDir ? path.basename(roleDir) : undefined;
}

/** include_role with a templated name, reached by hosts: the role's block, its handlers, and the defaults it makes public. */
export async function includeRoleAtRuntime(book: Playbook, inc: IncludeTasks, name: string): Promise<{ nodes: TaskNode[]; handlers: Handler[]; publicDefaults?: Vars; publicVars?: Vars }> {
  const role = await loadRoleTask(book, inc, name);
  const block = wrap(inc, role.tasks, role.defaults);
  return { nodes: [inner(block)], handlers: role.handlers, ...(inc.role?.public ? { publicDefaults: role.defaults, publicVars: role.vars } : {}) };
}
