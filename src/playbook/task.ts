/**
 * One module task (or handler): its keywords, exactly one module (short name or alias, also written
 * as `action:`/`local_action:`), the module's arguments normalised and checked against its schema.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { settings } from '../config/index.js';
import { ansibleModule } from '../modules/ansible-module-names.js';
import { getModule, moduleNames } from '../modules/registry.js';
import type { ModuleDef } from '../modules/types.js';
import { nearest, ValidationError } from '../util/errors.js';
import { asWarning, report, type FileCtx } from './context.js';
import { applyCommon, HANDLER_KEYWORDS, PLAY_KEYWORDS, set, TASK_KEYWORDS, unsupportedKeyword } from './keywords.js';
import { applyLoop } from './loop.js';
import { extraArgs, mergeArgs, moduleArgs, type ArgLoc, type WrittenArgs } from './module-args.js';
import { asMap, entries, toValue, typeName, type Entry } from './nodes.js';
import { schemaShape } from './schema-shape.js';
import { hasTemplate } from './templated.js';
import type { Task } from './types.js';
import { validateArgs } from './validate-args.js';
import { boolOrConditions, conditions, numberValue, stringList, stringValue, varName } from './values.js';

interface ModuleUse {
  /** Undefined for a module Ansible has and machinist lacks. */
  def?: ModuleDef;
  /** The module's name as written. */
  name: string;
  /** Why a module machinist lacks fails (the message). */
  lacks?: string;
  /** The key naming the module (for messages). */
  node: Node;
  written: () => WrittenArgs | undefined;
  /** local_action runs on the controller. */
  local?: boolean;
  /** The name is a template, resolved when the task runs; `text`: the words after it. */
  dynamic?: { text: string };
}

export function parseTask(fc: FileCtx, map: YAMLMap, ents: Entry[], handler: boolean): Task | undefined {
  const task: Task = { kind: 'task', module: '', args: {}, loc: fc.doc.locOf(map), dir: fc.dir, tags: [], notify: [], listen: [] };
  const uses: ModuleUse[] = [];
  const loopState = {};
  const before = fc.loader.errors.length;
  const unknown: Entry[] = [];
  let actionFailed = false;
  let argsNode: Node | null | undefined;
  for (const e of ents) {
    if (applyCommon(fc, e, task) || applyLoop(fc, e, task, loopState)) continue;
    const n = e.valueNode;
    switch (e.key) {
      case 'register':
        set(task, 'register', varName(fc, 'register', n));
        continue;
      case 'notify':
        task.notify = stringList(fc, 'notify', n) ?? [];
        for (const name of task.notify) fc.loader.notifyRefs.push({ name, error: (m, h) => fc.doc.error(m, n, h) });
        continue;
      case 'listen':
        if (handler) task.listen = stringList(fc, 'listen', n) ?? [];
        else report(fc, "'listen' is only valid on handlers", e.keyNode);
        continue;
      case 'changed_when':
        set(task, 'changedWhen', boolOrConditions(fc, e.key, n));
        continue;
      case 'failed_when':
        set(task, 'failedWhen', boolOrConditions(fc, e.key, n));
        continue;
      case 'until':
        set(task, 'until', conditions(fc, e.key, n));
        continue;
      case 'retries':
        set(task, 'retries', numberValue(fc, e.key, n, { min: 0, integer: true }));
        continue;
      case 'delay':
        set(task, 'delay', numberValue(fc, e.key, n, { min: 0 }));
        continue;
      case 'async':
      case 'poll':
        set(task, e.key, intOrTemplate(fc, e.key, n));
        continue;
      case 'delegate_to':
        set(task, 'delegateTo', stringValue(fc, e.key, n));
        continue;
      case 'args':
        argsNode = n;
        continue;
      case 'action':
      case 'local_action': {
        const use = actionUse(fc, e);
        if (use) uses.push(use);
        else actionFailed = true;
        continue;
      }
    }
    const def = getModule(e.key);
    if (def) uses.push({ def, name: e.key, node: e.keyNode, written: () => moduleArgs(fc, def, e.valueNode) });
    else if (lacking(fc, e.key)) uses.push({ name: e.key, lacks: lacking(fc, e.key), node: e.keyNode, written: () => ({ args: {}, locs: new Map() }) });
    else unknown.push(e);
  }
  for (const e of unknown) reportUnknownKey(fc, e, handler, uses);
  if (uses.length > 1) {
    report(fc, `a task can run only one module, found ${uses.map((u) => `'${keyText(u.node)}'`).join(' and ')}`, uses[1].node);
    return undefined;
  }
  if (uses.length === 0) {
    if (unknown.length === 0 && !actionFailed) {
      const keys = ents.map((e) => e.key);
      report(fc, `this ${handler ? 'handler' : 'task'} has no module${keys.length ? ` (its keys: ${keys.join(', ')})` : ''}`, map, 'a task needs exactly one module, e.g. "command: ..." or "copy: ..."');
    }
    return undefined;
  }
  const use = uses[0];
  task.module = use.def?.name ?? use.name;
  if (use.local) {
    if (task.delegateTo !== undefined) report(fc, "'local_action' cannot be combined with 'delegate_to'", use.node);
    task.delegateTo = 'localhost';
  }
  if (use.dynamic) return dynamicTask(fc, task, use, argsNode);
  const uncertain = notCertain(fc, task, handler);
  if (!use.def) {
    const message = use.lacks ?? `the module '${use.name}' exists in Ansible but not in machinist`;
    if (!uncertain) report(fc, message, use.node, 'this task is certainly reached and would fail: remove it, or guard it with when:');
    else {
      task.loadError = message;
      fc.loader.warnings.push(asWarning(fc.doc.error(message, use.node)));
    }
    return fc.loader.errors.length === before ? task : undefined;
  }
  const own = use.written();
  const extra = argsNode === undefined ? undefined : extraArgs(fc, argsNode);
  if (!own || (argsNode !== undefined && !extra)) return undefined;
  const { args, locs } = mergeArgs(use.def, extra, own);
  task.args = args;
  if (fc.loader.errors.length === before) {
    checkArgs(fc, use.def, use.node, args, locs, task.noLog !== undefined && task.noLog !== false);
    // arguments machinist refuses in a task that may not run (or whose failure is handled): it fails if it runs
    const problems = uncertain ? fc.loader.errors.splice(before) : [];
    if (problems.length) {
      fc.loader.warnings.push(...problems.map(asWarning));
      task.loadError = problems.map((p) => p.message).join('; ');
    }
  }
  if (handler && task.name === undefined && task.listen.length === 0)
    report(fc, "a handler needs a 'name' (or 'listen') so that tasks can notify it", map);
  return fc.loader.errors.length === before ? task : undefined;
}

/** A number of seconds, or a template rendered when the task runs. */
function intOrTemplate(fc: FileCtx, key: string, n: Node | null): number | string | undefined {
  if (isScalar(n) && typeof n.value === 'string' && hasTemplate(n.value)) return n.value;
  // Ansible takes any int (a negative one as 0) and a float's whole part
  return numberValue(fc, key, n);
}

/**
 * Whether this task may not run, or its failure is handled (Ansible meets its problems only if it
 * runs): inside something uncertain, after a task that may end the play, a handler, or with its own
 * when, ignore_errors, failed_when, a loop (maybe empty) or the 'never' tag. In doubt, uncertain.
 */
function notCertain(fc: FileCtx, task: Task, handler: boolean): boolean {
  if (fc.uncertain || fc.loader.mayEnd || handler) return true;
  if (task.when?.length || task.failedWhen !== undefined || task.loop !== undefined || task.tags.includes('never')) return true;
  return task.ignoreErrors !== undefined && task.ignoreErrors !== false;
}

/**
 * Why a name that is not machinist's module fails, when it is (or may be) one of Ansible's: a module
 * of Ansible or a collection, or a custom module in a `library/` folder (beside the playbook or the
 * role, or in the library setting: ANSIBLE_LIBRARY, ansible.cfg) or action plugin in an
 * `action_plugins/` folder (or the action_plugins setting), which Ansible runs and machinist cannot. Undefined for nobody's name.
 */
function lacking(fc: FileCtx, name: string): string | undefined {
  if (getModule(name)) return undefined;
  if (ansibleModule(name).status !== 'unknown') return `the module '${name}' exists in Ansible but not in machinist`;
  if (name.includes('.') || name.includes('/')) return undefined;
  const near = [fc.dir, ...[1, 2, 3].map((n) => path.resolve(fc.dir, ...Array<string>(n).fill('..')))];
  const from = (sub: string, setting: string) => [...near.map((d) => path.join(d, sub)), ...settings().get<string[]>(setting)];
  for (const d of from('library', 'DEFAULT_MODULE_PATH')) {
    const file = ['', '.py', '.sh', '.ps1'].map((x) => path.join(d, name + x)).find((f) => existsSync(f));
    if (file) return `the module '${name}' is a custom module (${file}): machinist runs only its own modules`;
  }
  // an action plugin (Python run on Ansible's controller) makes a name a task's action as a module does
  for (const d of from('action_plugins', 'DEFAULT_ACTION_PLUGIN_PATH')) {
    const file = path.join(d, `${name}.py`);
    if (existsSync(file)) return `'${name}' is a custom action plugin (${file}): machinist runs only its own modules`;
  }
  return undefined;
}

/**
 * `action: "{{ name }} k=v"` (or a mapping whose module is a template): as Ansible, the module is the
 * name rendered when the task runs, its arguments checked then; a warning says so before the run.
 */
function dynamicTask(fc: FileCtx, task: Task, use: ModuleUse, argsNode: Node | null | undefined): Task | undefined {
  const before = fc.loader.errors.length;
  const own = use.written();
  const extra = argsNode === undefined ? undefined : extraArgs(fc, argsNode);
  if (!own || (argsNode !== undefined && !extra)) return undefined;
  task.args = { ...(extra?.args ?? {}), ...own.args };
  task.dynamicModule = use.dynamic;
  const message = `the module's name '${use.name}' is a template: machinist resolves it, and checks its arguments, when the task runs`;
  fc.loader.warnings.push(fc.doc.error(message, use.node));
  return fc.loader.errors.length === before ? task : undefined;
}

/** The Ansible module a name that is nobody's may have been meant to be. */
function ansibleNear(name: string): string | undefined {
  const a = ansibleModule(name);
  return a.status === 'unknown' ? nearest(name, a.candidates) : undefined;
}

/** Check the arguments; with no_log (or a templated no_log) no value is shown, not even in the excerpt. */
function checkArgs(fc: FileCtx, def: ModuleDef, node: Node, args: Record<string, unknown>, locs: Map<string, ArgLoc>, noLog: boolean): void {
  const secretArgs = def.secretArgs ?? [];
  const secret = (k: string) => noLog || secretArgs.includes(k);
  for (const p of validateArgs(def, args, { secret })) {
    const at = p.key !== undefined ? locs.get(p.key) : undefined;
    const err = fc.doc.error(p.message, at ? (p.atKey ? at.key : at.value) : node, p.hint);
    fc.loader.errors.push(p.secret || noLog ? new ValidationError(err.message, err.loc, err.hint, null) : err);
  }
}

function keyText(node: Node): string {
  return isScalar(node) ? String(node.value) : String(node);
}

/** `action: copy src=a dest=b` or `action: {module: copy, src: a}` (and local_action). */
function actionUse(fc: FileCtx, e: Entry): ModuleUse | undefined {
  const local = e.key === 'local_action';
  const n = e.valueNode;
  const map = asMap(n, fc.doc.doc);
  if (map) {
    const ents = entries(map, fc.doc.doc);
    const modEntry = ents.find((x) => x.key === 'module');
    const name = modEntry ? toValue(modEntry.valueNode, fc.doc.doc) : undefined;
    if (typeof name !== 'string') {
      report(fc, `'${e.key}' as a mapping needs a 'module' key naming the module`, n);
      return undefined;
    }
    const rest = ents.filter((x) => x !== modEntry);
    const written = () => ({
      args: Object.fromEntries(rest.map((x) => [x.key, toValue(x.valueNode, fc.doc.doc)])),
      locs: new Map(rest.map((x) => [x.key, { key: x.keyNode, value: x.valueNode ?? x.keyNode }])),
    });
    if (hasTemplate(name)) return { name, dynamic: { text: '' }, node: e.keyNode, local, written };
    const lacks = lacking(fc, name);
    if (lacks) return { name, lacks, node: e.keyNode, local, written: () => ({ args: {}, locs: new Map() }) };
    const def = lookup(fc, name, modEntry!.valueNode);
    if (!def) return undefined;
    return { def, name, node: e.keyNode, local, written };
  }
  if (isScalar(n) && typeof n.value === 'string' && n.value.trim() !== '') {
    const m = /^\s*(\{\{.*?\}\}|\S+)\s*([\s\S]*)$/.exec(n.value)!;
    if (hasTemplate(m[1])) return { name: m[1], dynamic: { text: m[2] }, node: e.keyNode, local, written: () => ({ args: {}, locs: new Map() }) };
    if (lacking(fc, m[1])) return { name: m[1], lacks: lacking(fc, m[1]), node: e.keyNode, local, written: () => ({ args: {}, locs: new Map() }) };
    const def = lookup(fc, m[1], n);
    if (!def) return undefined;
    return { def, name: m[1], node: e.keyNode, local, written: () => moduleArgs(fc, def, n, m[2]) };
  }
  report(fc, `'${e.key}' must be "module key=value ..." or a mapping with 'module', got ${typeName(n)}`, n);
  return undefined;
}

function lookup(fc: FileCtx, name: string, node: Node | null): ModuleDef | undefined {
  const def = getModule(name);
  if (def) return def;
  const near = nearest(name, moduleNames());
  report(fc, `'${name}' is not a known module`, node, near ? `did you mean '${near}'?` : undefined);
  return undefined;
}

/** A key that is neither a keyword here nor a module: the closest keyword or module as a hint. */
function reportUnknownKey(fc: FileCtx, e: Entry, handler: boolean, uses: ModuleUse[]): void {
  const what = handler ? 'handler' : 'task';
  const owner = uses.find((u) => u.def && e.key in (schemaShape(u.def.schema).shape ?? {}));
  if (owner?.def)
    return report(fc, `'${e.key}' is an argument of module '${owner.def.name}', not a ${what} keyword`, e.keyNode, `indent it under '${keyText(owner.node)}:'`);
  const refused = unsupportedKeyword(e.key);
  if (refused) return report(fc, refused, e.keyNode);
  if (PLAY_KEYWORDS.includes(e.key) && !TASK_KEYWORDS.includes(e.key))
    return report(fc, `'${e.key}' is a play keyword, not valid in a ${what}`, e.keyNode, 'check the indentation');
  const keywords = handler ? HANDLER_KEYWORDS : TASK_KEYWORDS;
  const nk = nearest(e.key, keywords);
  const nm = nearest(e.key, moduleNames()) ?? ansibleNear(e.key);
  const best = nk && nm ? nearest(e.key, [nk, nm], Infinity) : (nk ?? nm);
  if (best !== undefined && best === nm && best !== nk)
    return report(fc, `'${e.key}' is not a known module`, e.keyNode, `did you mean '${nm}'?`);
  if (best !== undefined)
    return report(fc, `'${e.key}' is not a valid ${what} keyword`, e.keyNode, `did you mean '${nk}'?`);
  report(fc, `'${e.key}' is neither a ${what} keyword nor a known module`, e.keyNode);
}
