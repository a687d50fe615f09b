/**
 * The keywords each kind of entry accepts (play, task, handler, block, include/import, meta), the
 * handling of the keywords they share (the `Common` fields), and clear messages for Ansible keywords
 * machinist does not support.
 */
import { isScalar } from 'yaml';
import { lookupNames } from '../template/index.js';
import { isValidBecomeUser } from '../transport/become.js';
import { nearest } from '../util/errors.js';
import { report, type FileCtx } from './context.js';
import { isLoopWith } from './loop.js';
import type { Entry } from './nodes.js';
import { hasTemplate } from './templated.js';
import type { Common } from './types.js';
import { boolOrTemplate, conditions, environment, numberValue, plainBool, stringValue, tags, vars } from './values.js';

export const COMMON_KEYWORDS = [
  'name', 'when', 'become', 'become_user', 'become_method', 'tags', 'vars', 'environment',
  'ignore_errors', 'ignore_unreachable', 'check_mode', 'diff', 'no_log', 'run_once', 'any_errors_fatal', 'remote_user', 'throttle',
];
const LOOP_KEYWORDS = ['loop', 'with_items', 'with_list', 'loop_control'];

export const PLAY_KEYWORDS = [
  ...COMMON_KEYWORDS, 'hosts', 'vars_files', 'gather_facts', 'serial', 'max_fail_percentage', 'order',
  'pre_tasks', 'tasks', 'post_tasks', 'handlers', 'roles', 'strategy',
];
export const TASK_KEYWORDS = [
  ...COMMON_KEYWORDS, ...LOOP_KEYWORDS, 'register', 'notify', 'changed_when', 'failed_when', 'until',
  'retries', 'delay', 'delegate_to', 'args', 'action', 'local_action', 'async', 'poll',
];
export const HANDLER_KEYWORDS = [...TASK_KEYWORDS, 'listen'];
export const BLOCK_KEYWORDS = [...COMMON_KEYWORDS, 'block', 'rescue', 'always', 'notify', 'delegate_to'];
export const INCLUDE_KEYWORDS = [...COMMON_KEYWORDS, ...LOOP_KEYWORDS, 'include_tasks', 'register'];
export const IMPORT_KEYWORDS = [...COMMON_KEYWORDS, 'import_tasks', 'notify', 'delegate_to'];
export const INCLUDE_ROLE_KEYWORDS = [...COMMON_KEYWORDS, ...LOOP_KEYWORDS, 'include_role', 'register'];
export const IMPORT_ROLE_KEYWORDS = [...COMMON_KEYWORDS, 'import_role', 'delegate_to'];
export const META_KEYWORDS = [...COMMON_KEYWORDS, 'meta'];
export const IMPORT_PLAYBOOK_KEYWORDS = ['import_playbook', 'name', 'vars', 'tags', 'when'];

const UNSUPPORTED: Record<string, string> = {
  include: "'include' was removed from Ansible: use import_tasks (static) or include_tasks (dynamic)",
  import_playbook: "'import_playbook' is only valid at the top level of a playbook, not in a task list",
  connection: "'connection' is not supported as a keyword: set ansible_connection in the inventory",
  port: "'port' is not supported as a keyword: set ansible_port in the inventory",
  vars_prompt: "'vars_prompt' is not supported: pass the values with -e/--extra-vars",
};
const UNSUPPORTED_PLAIN = [
  'force_handlers', 'collections', 'module_defaults', 'gather_subset', 'gather_timeout', 'fact_path',
  'timeout', 'debugger', 'become_flags', 'become_exe', 'delegate_facts',
];

/** A message for an Ansible keyword machinist refuses on purpose, if `key` is one. */
export function unsupportedKeyword(key: string): string | undefined {
  if (key in UNSUPPORTED) return UNSUPPORTED[key];
  if (UNSUPPORTED_PLAIN.includes(key)) return `'${key}' is an Ansible keyword that machinist does not support`;
  if (/^with_[a-z_]+$/.test(key) && !isLoopWith(key))
    return `'${key}' is not supported: machinist has no lookup '${key.slice(5)}' (its with_ loops: ${lookupNames().map((n) => `with_${n}`).join(', ')})`;
  return undefined;
}

/** Report a key that no keyword list of this entry knows, with the best hint there is. */
export function reportUnknownKeyword(fc: FileCtx, e: Entry, what: string, known: string[], alsoKnown: string[] = []): void {
  const refused = unsupportedKeyword(e.key);
  if (refused) return report(fc, refused, e.keyNode);
  if (what !== 'play' && PLAY_KEYWORDS.includes(e.key) && !known.includes(e.key))
    return report(fc, `'${e.key}' is a play keyword, not valid in ${what}`, e.keyNode, 'check the indentation');
  const near = nearest(e.key, [...known, ...alsoKnown]);
  report(fc, `'${e.key}' is not a valid keyword for ${what}`, e.keyNode, near ? `did you mean '${near}'?` : undefined);
}

/** Handle one of the keywords every entry shares. Returns false when `e` is not one of them. */
export function applyCommon(fc: FileCtx, e: Entry, target: Common): boolean {
  const n = e.valueNode;
  switch (e.key) {
    case 'name': {
      const v = isScalar(n) && n.value === null ? undefined : stringValue(fc, 'name', n);
      if (v !== undefined) target.name = v;
      return true;
    }
    case 'when':
      set(target, 'when', conditions(fc, 'when', n));
      return true;
    case 'become':
      set(target, 'become', boolOrTemplate(fc, 'become', n));
      return true;
    case 'become_user': {
      // a literal user is checked now, by the rule become applies when it runs; a template when rendered
      const v = stringValue(fc, 'become_user', n);
      if (v && !hasTemplate(v) && !isValidBecomeUser(v)) report(fc, `'become_user' must be a user name, got ${JSON.stringify(v)}`, n, 'expected a user name like "root" or "deploy"');
      else set(target, 'becomeUser', v);
      return true;
    }
    case 'become_method': {
      const v = stringValue(fc, 'become_method', n);
      if (v !== undefined && v !== 'sudo') report(fc, `become_method '${v}' is not supported: machinist becomes with sudo`, n);
      return true;
    }
    case 'tags':
      target.tags = tags(fc, n) ?? [];
      return true;
    case 'vars':
      set(target, 'vars', vars(fc, 'vars', n));
      return true;
    case 'environment':
      set(target, 'environment', environment(fc, n));
      return true;
    case 'ignore_errors':
      set(target, 'ignoreErrors', boolOrTemplate(fc, e.key, n));
      return true;
    case 'ignore_unreachable':
      set(target, 'ignoreUnreachable', boolOrTemplate(fc, e.key, n));
      return true;
    case 'check_mode':
      set(target, 'checkMode', boolOrTemplate(fc, e.key, n));
      return true;
    case 'diff':
      set(target, 'diff', boolOrTemplate(fc, e.key, n));
      return true;
    case 'remote_user':
      set(target, 'remoteUser', stringValue(fc, e.key, n));
      return true;
    case 'throttle': {
      // at most this many hosts run the task at once (0: forks only); a template is rendered with the play's vars
      const v = isScalar(n) && typeof n.value === 'string' && hasTemplate(n.value) ? n.value : numberValue(fc, e.key, n, { min: 0, integer: true });
      set(target, 'throttle', v);
      return true;
    }
    case 'no_log':
      set(target, 'noLog', boolOrTemplate(fc, e.key, n));
      return true;
    case 'run_once':
      set(target, 'runOnce', boolOrTemplate(fc, e.key, n));
      return true;
    case 'any_errors_fatal':
      set(target, 'anyErrorsFatal', plainBool(fc, e.key, n));
      return true;
  }
  return false;
}

/** Assign only defined values (the model leaves unset keywords out). */
export function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
