/**
 * A module is a plain object: a zod schema for its arguments and one of two kinds of work, which
 * decides what check mode does (the engine follows the kind, the module does not look at it):
 * - a plan module (PlanModuleDef): `plan` reads the current state (in as few round trips as
 *   possible) and decides what must change, with a diff, changing nothing; `apply` makes the change
 *   and is called only when something changes and not in check mode.
 * - an action module (ActionModuleDef: command, shell, raw, script, apt): the outcome is only known
 *   by doing the work, so `run` does it and is never called in check mode; there `check` says what
 *   `run` would do without doing it, or that it cannot tell (the task is skipped, as Ansible skips a
 *   module without check mode support). Without `check` the module never runs in check mode.
 * Modules never print; they return values.
 */
import type { z } from 'zod';
import type { TextOptions } from '../template/index.js';
import type { BecomeSpec, Connection, ExecOptions, ExecResult, PutOptions, GetOptions } from '../transport/types.js';

/** Ansible's diff entry: {before, after, before_header, after_header}. */
export interface FileDiff {
  before: string;
  after: string;
  before_header?: string;
  after_header?: string;
  /** Ansible's `prepared` diff (apt): text shown as is instead of a before/after comparison. */
  prepared?: string;
}

/** Fields of a task result, as Ansible names them (modules may add their own). */
export type ModuleResult = Record<string, unknown> & {
  changed?: boolean;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
  rc?: number;
  stdout?: string;
  stderr?: string;
  stdout_lines?: string[];
  stderr_lines?: string[];
  diff?: FileDiff | FileDiff[];
  warnings?: string[];
  /** Returned by set_fact-like modules; the engine merges it into the host's variables. */
  ansible_facts?: Record<string, unknown>;
};

/** What a module reports about the host: whether it changed (or would), how, and the result fields. */
export interface Outcome {
  /** Whether the host's state differs from what the arguments ask (an action: whether it changed it). */
  changed: boolean;
  /** What changes (shown with --diff). Never contains no_log values (the engine also masks). */
  diff?: FileDiff | FileDiff[];
  /** Result fields (a plan: the ones known from reading state, e.g. stat results, checksum, path, mode). */
  result?: ModuleResult;
}

/** A plan module's decision: nothing is changed yet. */
export interface Plan extends Outcome {
  /**
   * Make the change. Called only when changed and not in check mode. Returns result fields merged
   * over `result`. Throws ModuleFailure (or returns {failed: true, msg}) on failure.
   */
  apply?: () => Promise<ModuleResult | void>;
  /**
   * A plan that cannot be made in check mode because reading is the whole work (wait_for_connection
   * reconnects): the task is reported skipped. Work that changes the host is an action instead.
   */
  skipInCheckMode?: boolean;
}

/** In check mode an action cannot tell what it would do: the task is reported skipped with `msg`. */
export interface CannotTell {
  skipInCheckMode: true;
  msg: string;
}

export function cannotTell(o: Outcome | CannotTell): o is CannotTell {
  return (o as CannotTell).skipInCheckMode === true;
}

/** What a module sees of the world. Built by the engine per host and task. */
export interface ModuleContext {
  /** Inventory name of the host. */
  host: string;
  /** Check mode (-C or task check_mode: true). */
  check: boolean;
  /** --diff requested (modules may compute diffs always; the engine decides to show them). */
  diff: boolean;
  /** Effective become for this task (null: none). exec/put/get below already apply it. */
  become: BecomeSpec | null;
  /** Run shell text on the host with this task's become, environment and abort signal. */
  exec(command: string, opts?: ExecOptions): Promise<ExecResult>;
  /** Atomic file write with this task's become. */
  put(dest: string, content: Buffer | string, opts?: PutOptions): Promise<void>;
  /** Read a remote file with this task's become. */
  get(path: string, opts?: GetOptions): Promise<Buffer>;
  /** The raw connection (for modules like wait_for_connection, reboot that reconnect). */
  conn: Connection;
  /** All variables visible to the task (already a plain object; values not yet templated). */
  vars: Record<string, unknown>;
  /**
   * Render a Jinja2-compatible template file's text with the task's variables (+ extra); `opts`: the
   * template module's Jinja2 settings (trim_blocks, delimiters, ...) and where includes are searched.
   */
  render(template: string, extraVars?: Record<string, unknown>, opts?: TextOptions): Promise<string>;
  /**
   * Resolve a controller-side path for `src:` of copy/template/script: absolute as is; relative,
   * searched in the role's/playbook's `kind` folder ('files' or 'templates') and then beside the
   * playbook, as Ansible does. Throws ModuleFailure when not found.
   */
  findFile(kind: 'files' | 'templates' | 'vars', path: string): Promise<string>;
  /**
   * Controller-side variables (include_vars): the role's directory and the directory of the task's
   * file, and a reader of vars files (vault-decrypted; throws when the file holds no mapping).
   */
  controller?: {
    roleDir?: string;
    taskDir: string;
    readVarsFile(file: string): Promise<Record<string, unknown>>;
    /** group_by: put this host in `group` under `parents`; whether the inventory changed. */
    addGroup(group: string, parents: string[]): boolean;
    /** add_host: add or update a host, its groups and variables; whether the inventory changed. */
    addHost(name: string, groups: string[], vars: Record<string, unknown>): boolean;
  };
  /** Add a warning to the result (shown by the UI). */
  warn(message: string): void;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

/** What every module has, whichever its kind. */
interface ModuleBase<S extends z.ZodTypeAny> {
  /** Short name, e.g. 'copy'. */
  name: string;
  /** Other accepted names, e.g. ['ansible.builtin.copy', 'ansible.legacy.copy']. */
  aliases?: string[];
  /** Validates the (templated) arguments; defaults and coercions (yes/no → boolean) live here. */
  schema: S;
  /**
   * Free-form modules (command, shell, raw, script): the argument key that receives the string
   * form, e.g. `shell: echo hi` → { cmd: 'echo hi' }. For other modules a string form is k=v pairs.
   */
  freeForm?: string;
  /** 'controller': runs without touching the host (debug, set_fact, assert, fail, pause). */
  runsOn?: 'host' | 'controller';
  /** The arguments keep the template layer's typed text (NativeJinjaText): set_fact stores values as templated. */
  keepsTemplateTypes?: boolean;
  /** Arguments whose values are secrets (masked in output like no_log). */
  secretArgs?: string[];
}

/** Reads the host's state and decides; changes it only in `apply` (see the top of this file). */
export interface PlanModuleDef<S extends z.ZodTypeAny = z.ZodTypeAny> extends ModuleBase<S> {
  kind?: 'plan';
  plan(args: z.infer<S>, ctx: ModuleContext): Promise<Plan>;
}

/** Does its work in `run`, never called in check mode; `check` stands in for it there (see the top of this file). */
export interface ActionModuleDef<S extends z.ZodTypeAny = z.ZodTypeAny> extends ModuleBase<S> {
  kind: 'action';
  /** Do the work; the outcome says what changed. Throws ModuleFailure on failure. */
  run(args: z.infer<S>, ctx: ModuleContext): Promise<Outcome>;
  /** Check mode: what `run` would do, found without changing anything, or that it cannot tell. */
  check?(args: z.infer<S>, ctx: ModuleContext): Promise<Outcome | CannotTell>;
}

export type ModuleDef<S extends z.ZodTypeAny = z.ZodTypeAny> = PlanModuleDef<S> | ActionModuleDef<S>;

/** A plan module, with the schema's type attached to `plan`'s args. */
export function defineModule<S extends z.ZodTypeAny>(def: PlanModuleDef<S>): PlanModuleDef<S> {
  return def;
}

/** An action module, with the schema's type attached to the args of `run` and `check`. */
export function defineAction<S extends z.ZodTypeAny>(def: Omit<ActionModuleDef<S>, 'kind'>): ActionModuleDef<S> {
  return { ...def, kind: 'action' };
}
