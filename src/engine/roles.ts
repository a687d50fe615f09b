/**
 * `roles:` of a play, expanded before any host is contacted: each role's tasks/main.yml runs (as a
 * block carrying the role's vars/main.yml and the entry's parameters) before the play's tasks, its
 * handlers/main.yml joins the play's handlers, its defaults/main.yml is the lowest variable layer,
 * and meta/main.yml dependencies run first (each distinct role + parameters once). Roles are looked
 * up in roles/ beside the playbook, then beside the playbook itself. Problems are ValidationErrors.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { loadTaskFile, loadVarsFile } from '../playbook/index.js';
import type { Block, Play, Playbook, Task, TaskNode } from '../playbook/types.js';
import { ValidationError, ValidationErrors, type SourceLocation } from '../util/errors.js';

type RoleEntry = NonNullable<Play['roles']>[number];

function mainFile(dir: string, sub: string): string | undefined {
  for (const f of ['main.yml', 'main.yaml', 'main']) {
    const p = path.join(dir, sub, f);
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function findRole(baseDir: string, name: string): { dir?: string; searched: string[] } {
  const searched = [path.resolve(baseDir, 'roles', name), path.resolve(baseDir, name)];
  const dir = searched.find((d) => ['tasks', 'handlers', 'defaults', 'vars', 'meta'].some((s) => existsSync(path.join(d, s))));
  return { dir, searched };
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

function dependencies(dir: string, loc: SourceLocation): RoleEntry[] {
  const meta = mainFile(dir, 'meta');
  if (!meta) return [];
  const doc = parse(readFileSync(meta, 'utf8')) as { dependencies?: unknown } | null;
  const deps = doc?.dependencies;
  if (deps === undefined || deps === null) return [];
  if (!Array.isArray(deps)) throw new ValidationError(`${meta}: 'dependencies' must be a list of roles`, { file: meta, line: 1, col: 1 });
  return deps.map((d) => {
    if (typeof d === 'string') return { name: d, loc };
    if (d && typeof d === 'object') {
      const { role, name, ...params } = d as Record<string, unknown>;
      const n = String(role ?? name ?? '');
      if (!n) throw new ValidationError(`${meta}: a dependency needs 'role'`, { file: meta, line: 1, col: 1 });
      const vars = { ...((params.vars as Record<string, unknown>) ?? {}), ...params };
      delete vars.vars;
      return Object.keys(vars).length ? { name: n, vars, loc } : { name: n, loc };
    }
    throw new ValidationError(`${meta}: a dependency must be a role name or a mapping`, { file: meta, line: 1, col: 1 });
  });
}

interface Expanded {
  tasks: TaskNode[];
  handlers: Task[];
  defaults: Record<string, unknown>;
}

async function expandRole(book: Playbook, entry: RoleEntry, seen: Set<string>, stack: string[], out: Expanded): Promise<void> {
  const key = `${entry.name}\0${JSON.stringify(entry.vars ?? {})}`;
  if (seen.has(key)) return;
  if (stack.includes(entry.name)) throw new ValidationError(`role dependency cycle: ${[...stack, entry.name].join(' -> ')}`, entry.loc);
  const { dir, searched } = findRole(book.dir, entry.name);
  if (!dir) throw new ValidationError(`the role '${entry.name}' was not found`, entry.loc, `searched: ${searched.join(', ')}`);
  for (const dep of dependencies(dir, entry.loc)) await expandRole(book, dep, seen, [...stack, entry.name], out);
  seen.add(key);

  const defaultsFile = mainFile(dir, 'defaults');
  const varsFile = mainFile(dir, 'vars');
  const tasksFile = mainFile(dir, 'tasks');
  const handlersFile = mainFile(dir, 'handlers');
  if (defaultsFile) Object.assign(out.defaults, await loadVarsFile(defaultsFile));
  const roleVars = { ...(varsFile ? await loadVarsFile(varsFile) : {}), ...entry.vars };
  if (tasksFile) {
    const tasks = (await loadTaskFile(tasksFile)).map((t) => own(t, dir));
    const block: Block = { kind: 'block', block: tasks, rescue: [], always: [], loc: entry.loc, dir, roleDir: dir, tags: [] };
    if (Object.keys(roleVars).length) block.vars = roleVars;
    out.tasks.push(block);
  }
  if (handlersFile) {
    const handlers = (await loadTaskFile(handlersFile, { handler: true })) as Task[];
    out.handlers.push(...handlers.map((h) => ({ ...own(h, dir), vars: { ...roleVars, ...h.vars } })));
  }
}

/** The playbook with every play's roles expanded (plays without roles are returned as they are). */
export async function expandRoles(book: Playbook): Promise<Playbook> {
  const errors: ValidationError[] = [];
  const plays: Play[] = [];
  for (const play of book.plays) {
    if (!play.roles?.length) {
      plays.push(play);
      continue;
    }
    const out: Expanded = { tasks: [], handlers: [], defaults: {} };
    const seen = new Set<string>();
    try {
      for (const entry of play.roles) await expandRole(book, entry, seen, [], out);
    } catch (e) {
      if (e instanceof ValidationErrors) errors.push(...e.errors);
      else if (e instanceof ValidationError) errors.push(e);
      else errors.push(new ValidationError((e as Error).message, play.loc));
      continue;
    }
    plays.push({
      ...play,
      roles: [],
      roleDefaults: { ...out.defaults, ...play.roleDefaults },
      tasks: [...out.tasks, ...play.tasks],
      handlers: [...play.handlers, ...out.handlers],
    });
  }
  if (errors.length) throw new ValidationErrors(errors);
  return { ...book, plays };
}

/** The role name a node belongs to, for "role : task" names. */
export function roleName(roleDir: string | undefined): string | undefined {
  return roleDir ? path.basename(roleDir) : undefined;
}
