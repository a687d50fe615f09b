/**
 * A module is a plain object: a zod schema for its arguments and a `plan` that reads the current
 * state (in as few round trips as possible) and says what must change, with a diff. The engine calls
 * `apply` only when not in check mode. Modules never print; they return values.
 */
import type { z } from 'zod';
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

export interface Plan {
  /** Whether the host's state differs from what the arguments ask (or the action always changes). */
  changed: boolean;
  /** What would change (shown with --diff). Never contains no_log values (the engine also masks). */
  diff?: FileDiff | FileDiff[];
  /** Result fields known from reading state (e.g. stat results, checksum, path, mode). */
  result?: ModuleResult;
  /**
   * Make the change. Called only when changed and not in check mode. Returns result fields merged
   * over `result`. Throws ModuleFailure (or returns {failed: true, msg}) on failure.
   */
  apply?: () => Promise<ModuleResult | void>;
  /**
   * In check mode the outcome cannot be predicted (e.g. command without creates/removes): the task
   * is reported skipped in check mode, as Ansible does.
   */
  skipInCheckMode?: boolean;
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
  /** Render a Jinja2-compatible template string with the task's variables (+ extra). */
  render(template: string, extraVars?: Record<string, unknown>): Promise<string>;
  /**
   * Resolve a controller-side path for `src:` of copy/template/script: absolute as is; relative,
   * searched in the role's/playbook's `kind` folder ('files' or 'templates') and then beside the
   * playbook, as Ansible does. Throws ModuleFailure when not found.
   */
  findFile(kind: 'files' | 'templates', path: string): Promise<string>;
  /** Add a warning to the result (shown by the UI). */
  warn(message: string): void;
  /** Aborted on Ctrl-C. */
  signal: AbortSignal;
}

export interface ModuleDef<S extends z.ZodTypeAny = z.ZodTypeAny> {
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
  /** Arguments whose values are secrets (masked in output like no_log). */
  secretArgs?: string[];
  plan(args: z.infer<S>, ctx: ModuleContext): Promise<Plan>;
}

/** Helper that keeps the schema's type attached to `plan`'s args. */
export function defineModule<S extends z.ZodTypeAny>(def: ModuleDef<S>): ModuleDef<S> {
  return def;
}
