/**
 * The validated playbook model. Produced by the loader (playbook/) before any host is contacted;
 * consumed by the engine. Templated values stay strings (rendered per host at run time).
 */
import type { SourceLocation, ValidationError } from '../util/errors.js';

export type Vars = Record<string, unknown>;

/** Keywords that tasks, blocks and plays can carry and that the engine interprets. */
export interface Common {
  name?: string;
  loc: SourceLocation;
  /** Directory the keyword's file lives in (for relative include/src lookups). */
  dir: string;
  /** Role this node belongs to (for files/ and templates/ lookups), if any. */
  roleDir?: string;
  /** Each entry is a Jinja2 expression (no braces); all must be true. */
  when?: string[];
  become?: boolean | string;
  becomeUser?: string;
  tags: string[];
  vars?: Vars;
  environment?: Record<string, unknown> | string;
  ignoreErrors?: boolean | string;
  ignoreUnreachable?: boolean | string;
  checkMode?: boolean | string;
  /** diff: (may be a template): report what a change changed, as --diff does, for these tasks. */
  diff?: boolean | string;
  /** remote_user: (may be a template): the ssh user when the host's variables set no ansible_user, as Ansible. */
  remoteUser?: string;
  /** throttle: (may be a template) at most this many hosts run each task at once; 0 means forks only. */
  throttle?: number | string;
  noLog?: boolean | string;
  runOnce?: boolean | string;
  anyErrorsFatal?: boolean;
}

export interface Task extends Common {
  kind: 'task';
  /** Canonical module name (aliases resolved), e.g. 'copy'. */
  module: string;
  /** Arguments as written (free-form strings already normalised into an object). */
  args: Record<string, unknown>;
  register?: string;
  /** A list, or a template string that renders to a list. */
  loop?: unknown;
  /** Written as `with_<lookup>:` (the lookup's name): `loop` holds the value as written, the lookup makes the items. */
  loopWith?: string;
  loopControl?: LoopControl;
  notify: string[];
  /** For handlers: extra topic names (listen). */
  listen: string[];
  changedWhen?: string[] | boolean;
  failedWhen?: string[] | boolean;
  until?: string[];
  retries?: number;
  delay?: number;
  delegateTo?: string;
  /** async: (may be a template) seconds the task may run as a background job; 0 or none: it runs in the foreground. */
  async?: number | string;
  /** poll: (may be a template) seconds between checks of an async job; 0: fire and forget. */
  poll?: number | string;
  /**
   * Why this task fails if it runs (a module Ansible has but machinist lacks, arguments machinist
   * refuses): found at load time in a task that is not certainly reached, shown as a warning then.
   */
  loadError?: string;
  /**
   * `action: "{{ expr }} k=v"`: the module's name is a template (then `module` holds it), resolved
   * when the task runs, as Ansible's post_validate; `args` holds the mapping arguments and `args:`,
   * `text` the words after the name (parsed once the module, free-form or not, is known).
   */
  dynamicModule?: { text: string };
}

/** loop_control; loopVar defaults to 'item'. */
export interface LoopControl {
  loopVar: string;
  label?: string;
  indexVar?: string;
  pause?: number;
  /** extended / extended_allitems (may be templates): ansible_loop is always set; allitems unless extended_allitems is false. */
  extended?: boolean | string;
  extendedAllitems?: boolean | string;
}

export interface Block extends Common {
  kind: 'block';
  /** A role's defaults, seen by the block's tasks at the lowest precedence (include_role). */
  defaults?: Vars;
  /** A role's parameters (its entry's and its parents'), above set_fact and registered results. */
  params?: Vars;
  block: TaskNode[];
  rescue: TaskNode[];
  always: TaskNode[];
}

/** include_tasks (dynamic; file may be templated), resolved when reached. import_tasks is inlined. */
export interface IncludeTasks extends Common {
  kind: 'include_tasks';
  file: string;
  /**
   * Loaded eagerly when the file name has no template, so it is validated up front. Left undefined
   * for a templated name, and for a file that includes itself (recursion ends at run time): load it
   * with loadTaskFile() when reached.
   */
  tasks?: TaskNode[];
  /** include_tasks can loop: the file runs once per item. */
  loop?: unknown;
  /** register: what Ansible's include returns ({changed, include, include_args}; a loop's aggregate). */
  register?: string;
  /**
   * include_role / import_role: `file` is the role's name (may be a template for include_role) and
   * this says which of its files to use. Expanded by the engine's role loader before the run
   * (import_role becomes a block; include_role keeps this node with its tasks loaded, unless the
   * name is templated, then the role is loaded when a host reaches it).
   */
  role?: RoleRef;
  /** include_role with `public: true`: the role's defaults, shared with the play once the include is reached. */
  publish?: Vars;
  /** include_role / import_role inside a role: that role and its own parents, innermost first (ansible_parent_role_names/_paths). */
  parentRoles?: RoleChain;
  /** import_role's delegate_to: given to every task (and handler) of the role that sets none. */
  delegateTo?: string;
  /** include_role with `public: true`: the role's vars, shared with the play (after vars_files) once the include is reached. */
  publishVars?: Vars;
  loopWith?: string;
  loopControl?: LoopControl;
}

/** The roles that brought a role in through include_role / import_role, innermost first. */
export interface RoleChain {
  names: string[];
  paths: string[];
}

/** The options of include_role / import_role (Ansible's names in comments). */
export interface RoleRef {
  /** import_role (static, inlined before the run) or include_role (dynamic). */
  static: boolean;
  /** tasks_from, vars_from, defaults_from, handlers_from: file names inside the role's folders. */
  tasksFrom?: string;
  varsFrom?: string;
  defaultsFrom?: string;
  handlersFrom?: string;
  /** public: the role's defaults are visible to the whole play (import_role: always). */
  public?: boolean;
  /** allow_duplicates (accepted; each include runs the role anyway, as Ansible's include_role does). */
  allowDuplicates?: boolean;
}

/** meta: flush_handlers | end_play | end_host | noop | clear_facts ... */
export interface Meta extends Common {
  kind: 'meta';
  action: string;
}

export type TaskNode = Task | Block | IncludeTasks | Meta;

/** A handler: a task, or an include_tasks that runs its file when notified (as Ansible's handler includes). */
export type Handler = Task | IncludeTasks;

/**
 * One vars_files entry: a file name, or (written as a list) alternatives of which the first that
 * exists is read. Names may be templates (rendered per host).
 */
export interface VarsFilesEntry {
  files: string[];
  loc: SourceLocation;
}

export interface Play extends Common {
  hosts: string;
  varsFiles: VarsFilesEntry[];
  /** As written; unset, the gathering setting decides (implicit: gather). */
  gatherFacts?: boolean | string;
  /** Batch sizes: numbers or percentages ("30%"); the last repeats. Empty: all hosts at once. */
  serial: Array<number | string>;
  maxFailPercentage?: number;
  order: 'inventory' | 'reverse_inventory' | 'sorted' | 'reverse_sorted' | 'shuffle';
  /** strategy: linear (the default), free or host_pinned (run as free), or a template rendered with the play's vars. */
  strategy?: string;
  preTasks: TaskNode[];
  /** Role tasks are expanded into here (issue 4) before `tasks`. */
  tasks: TaskNode[];
  postTasks: TaskNode[];
  handlers: Handler[];
  /** Variables from roles' defaults (lowest precedence), merged by the engine. */
  roleDefaults?: Vars;
  /** Every role's vars (vars/main.yml and the entry's `vars:`), seen by the whole play after vars_files. */
  roleVars?: Vars;
  /**
   * Set when roles are expanded: the roles of the play (`roles:` and import_role) and the roles they
   * depend on (meta dependencies), for ansible_play_role_names / ansible_dependent_role_names.
   */
  roleNames?: { play: string[]; dependent: string[] };
  /**
   * `roles:` as written (not expanded): role name, role parameters/vars, where. The engine rejects
   * or expands them (a later issue).
   */
  /** `keywords`: a role entry's keywords (tags, when, become, ...), given to the role's tasks as a block's. */
  roles?: Array<{ name: string; vars?: Vars; params?: Vars; loc: SourceLocation; keywords?: Omit<Common, 'loc' | 'dir'> }>;
}

export interface Playbook {
  file: string;
  dir: string;
  plays: Play[];
  /**
   * Located warnings found while loading (the playbook's files, and its roles' once expanded), to show
   * before the run: valid Ansible that machinist lacks, which fails a task only if it runs.
   */
  warnings?: ValidationError[];
  /** Its roles are expanded (engine expandRoles): done once, whoever asks first. */
  rolesExpanded?: true;
}
