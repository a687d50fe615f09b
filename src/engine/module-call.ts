/**
 * One module invocation on one host: render the arguments (dropping omitted keys), validate them
 * with the module's schema (a schema error is a failed result), build the ModuleContext, and do the
 * module's kind of work (modules/types.ts): a plan module plans, and applies when something changes
 * outside check mode; an action module runs, or in check mode checks (skipped when it cannot tell).
 * Host problems come back as result values; only UnreachableError and aborts propagate.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { ZodError } from 'zod';
import { getModule, moduleNames } from '../modules/registry.js';
import { cannotTell, type CannotTell, type ModuleContext, type ModuleDef, type ModuleResult, type Outcome } from '../modules/types.js';
import { isUndefinedError, OMIT, renderTemplateText, renderValue } from '../template/index.js';
import type { BecomeSpec, Connection } from '../transport/types.js';
import { ModuleFailure, UnreachableError, nearest } from '../util/errors.js';
import { revealedValues } from '../vault/index.js';
import { secretsOffArgv } from './stdin-script.js';
import type { Vars } from './vars.js';

export interface CallInput {
  host: string;
  /** The module, looked up once per task (resolveModule), or why it could not be. */
  module: ModuleDef | string;
  args: Record<string, unknown>;
  vars: Vars;
  conn: Connection;
  become: BecomeSpec | null;
  env?: Record<string, string>;
  check: boolean;
  diff: boolean;
  signal: AbortSignal;
  /** Directories searched for files/ and templates/ (role dir, task file dir, playbook dir). */
  searchDirs: string[];
  /** Controller-side variables (include_vars). */
  controller?: ModuleContext['controller'];
}

/** Remove keys whose value is `omit` (recursively in mappings, as Ansible's remove_omit). */
export function dropOmitted(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== OMIT).map(dropOmitted);
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) if (x !== OMIT) out[k] = dropOmitted(x);
    return out;
  }
  return v;
}

export function zodMessage(module: string, err: ZodError): string {
  const parts = err.issues.map((i) => {
    if (i.code === 'unrecognized_keys') return `Unsupported parameters for (${module}) module: ${i.keys.join(', ')}`;
    const where = i.path.length ? `${i.path.join('.')}: ` : '';
    return `${where}${i.message}`;
  });
  return parts.join('; ');
}

export function failedResult(msg: string, extra: ModuleResult = {}): ModuleResult {
  return { ...extra, changed: extra.changed === true, failed: true, msg };
}

/** Is this error an abort (Ctrl-C) rather than a host problem? */
export function isAbort(err: unknown, signal: AbortSignal): boolean {
  return signal.aborted || (err instanceof Error && err.name === 'AbortError');
}

/** The module of that name or alias, or the message why there is none (with the near name). */
export function resolveModule(name: string): ModuleDef | string {
  const def = getModule(name);
  if (def) return def;
  const near = nearest(name, moduleNames());
  return `couldn't resolve module/action '${name}'.${near ? ` Did you mean '${near}'?` : ''}`;
}

async function findFile(dirs: string[], kind: 'files' | 'templates' | 'vars', p: string): Promise<string> {
  if (path.isAbsolute(p)) return p;
  const candidates = [...dirs.map((d) => path.join(d, kind, p)), ...dirs.map((d) => path.join(d, p))];
  for (const c of candidates) {
    try {
      await fs.access(c);
      return c;
    } catch {
      /* try the next place */
    }
  }
  throw new ModuleFailure(`Could not find or access '${p}'\nSearched in:\n\t${candidates.join('\n\t')}`);
}

export function buildContext(inp: CallInput, warnings: string[]): ModuleContext {
  const { conn, become, signal } = inp;
  return {
    host: inp.host,
    check: inp.check,
    diff: inp.diff,
    become,
    conn,
    vars: inp.vars,
    signal,
    exec: (command, o) => {
      // a command holding a vault value goes on stdin, never in the remote argv
      const x = secretsOffArgv(command, { become, env: inp.env ? { ...inp.env, ...o?.env } : o?.env, signal, ...stripUndefined({ ...o, env: undefined }) }, revealedValues());
      return conn.exec(x.command, x.opts);
    },
    put: (dest, content, o) => conn.put(dest, content, { become, signal, ...stripUndefined({ ...o }) }),
    get: (p, o) => conn.get(p, { become, signal, ...stripUndefined({ ...o }) }),
    render: async (text, extra, opts) => renderTemplateText(text, extra ? { ...inp.vars, ...extra } : inp.vars, opts),
    findFile: (kind, p) => findFile(inp.searchDirs, kind, p),
    warn: (m) => void warnings.push(m),
    ...(inp.controller ? { controller: inp.controller } : {}),
  };
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Check mode and an action without `check` (raw): Ansible skips a module that does not support it. */
const NO_CHECK_MODE: CannotTell = { skipInCheckMode: true, msg: 'Skipped in check mode' };

/** The module's work, as its kind and check mode say: what changed (or would), or that check mode cannot tell. */
async function perform(def: ModuleDef, args: unknown, ctx: ModuleContext): Promise<Outcome | CannotTell> {
  if (def.kind === 'action') {
    if (!ctx.check) return def.run(args, ctx);
    return def.check ? def.check(args, ctx) : NO_CHECK_MODE;
  }
  const plan = await def.plan(args, ctx);
  if (ctx.check && plan.skipInCheckMode) return { skipInCheckMode: true, msg: String(plan.result?.msg ?? NO_CHECK_MODE.msg) };
  if (!plan.changed || ctx.check || !plan.apply) return { changed: plan.changed, diff: plan.diff, result: plan.result };
  // what apply returns is merged over what the plan knew (it may say changed: false after all)
  const result: ModuleResult = { ...plan.result, changed: plan.changed, ...(await plan.apply()) };
  return { changed: result.changed === true, diff: plan.diff, result };
}

/** Run the module; never throws for module or argument problems (failed results instead). */
export async function callModule(inp: CallInput): Promise<ModuleResult> {
  const def = inp.module;
  if (typeof def === 'string') return failedResult(def);
  const warnings: string[] = [];
  const withWarnings = (r: ModuleResult): ModuleResult => {
    const all = [...(Array.isArray(r.warnings) ? (r.warnings as string[]) : []), ...warnings];
    if (all.length) r.warnings = all;
    return r;
  };
  let args: unknown;
  try {
    args = dropOmitted(renderValue(inp.args, inp.vars, { keepTypes: def.keepsTemplateTypes === true }));
  } catch (e) {
    // as Ansible: an undefined variable is named as such; any other template error is its own message
    const undef = isUndefinedError(e);
    return failedResult(undef ? `The task includes an option with an undefined variable. The error was: ${(e as Error).message}` : (e as Error).message);
  }
  const parsed = def.schema.safeParse(args);
  if (!parsed.success) return failedResult(zodMessage(def.name, parsed.error));
  const ctx = buildContext(inp, warnings);
  try {
    const done = await perform(def, parsed.data, ctx);
    if (inp.check && cannotTell(done)) return withWarnings({ changed: false, skipped: true, msg: done.msg });
    const o = done as Outcome;
    const result: ModuleResult = { ...o.result, changed: o.changed };
    if (inp.diff && o.diff !== undefined) result.diff = o.diff;
    result.changed = result.changed === true;
    result.failed = result.failed === true;
    return withWarnings(result);
  } catch (e) {
    if (e instanceof UnreachableError || isAbort(e, inp.signal)) throw e;
    if (e instanceof ModuleFailure) {
      const r = failedResult(e.message, { ...e.result });
      if (e.result.msg !== undefined) r.msg = e.result.msg as string;
      return withWarnings(r);
    }
    return withWarnings(failedResult((e as Error).message ?? String(e)));
  }
}
