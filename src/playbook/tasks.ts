/**
 * Task lists: each entry is a module task, a block (with rescue/always), an import_tasks (inlined),
 * an include_tasks (kept, its file loaded eagerly when the name has no template) or a meta action.
 */
import { isScalar, Scalar, type Node, type YAMLMap } from 'yaml';
import { nearest } from '../util/errors.js';
import { cycleText, fileCtx, inStack, maybe, readReferenced, referencedPath, report, softly, within, type FileCtx } from './context.js';
import { applyCommon, BLOCK_KEYWORDS, IMPORT_KEYWORDS, INCLUDE_KEYWORDS, META_KEYWORDS, reportUnknownKeyword, set } from './keywords.js';
import { applyLoop } from './loop.js';
import { asMap, asSeq, entries, toValue, typeName, type Entry } from './nodes.js';
import { parseRoleTask } from './role-task.js';
import { parseTask } from './task.js';
import { checkEntryTemplates } from './template-check.js';
import { hasTemplate } from './templated.js';
import type { Block, Common, IncludeTasks, Meta, Task, TaskNode } from './types.js';
import { stringList, stringValue, varName } from './values.js';

export interface ListOpts {
  /** Parsing a play's handlers (or files they import). */
  handler: boolean;
}

export const META_ACTIONS = ['flush_handlers', 'end_play', 'end_host', 'end_batch', 'noop', 'clear_facts', 'clear_host_errors', 'refresh_inventory', 'reset_connection'];

/** The names of the meta action: short and fully qualified. */
const META_NAMES = ['meta', 'ansible.builtin.meta', 'ansible.legacy.meta'];

/** A list of tasks under `key` (tasks, pre_tasks, block, rescue, ...). */
export async function parseTaskList(fc: FileCtx, node: Node | null, key: string, opts: ListOpts): Promise<TaskNode[]> {
  if (!node || (isScalar(node) && node.value === null)) return [];
  const seq = asSeq(node, fc.doc.doc);
  if (!seq) {
    report(fc, `'${key}' must be a list of tasks, got ${typeName(node)}`, node, 'expected a list of tasks, each starting with "- "');
    return [];
  }
  const out: TaskNode[] = [];
  for (const item of seq.items as Node[]) {
    const map = asMap(item, fc.doc.doc);
    if (!map) {
      report(fc, `expected a task (a mapping with a module and keywords), got ${typeName(item)}`, item);
      continue;
    }
    out.push(...(await parseEntry(fc, map, opts)));
  }
  return out;
}

/** A whole tasks file (imported or included): a list of tasks; an empty file is an empty list. */
export async function parseTaskFile(fc: FileCtx, opts: ListOpts): Promise<TaskNode[]> {
  const root = fc.doc.doc.contents as Node | null;
  if (!root || (isScalar(root) && root.value === null)) return [];
  if (!asSeq(root, fc.doc.doc)) {
    report(fc, `a tasks file must be a list of tasks, got ${typeName(root)}`, root);
    return [];
  }
  return parseTaskList(fc, root, 'tasks', opts);
}

/** `action: include_tasks file.yml`: the include written as an action (Ansible's mod_args accepts it). */
function actionInclude(ents: Entry[]): Entry[] {
  return ents.map((e) => {
    if (e.key !== 'action' || !isScalar(e.valueNode) || typeof e.valueNode.value !== 'string') return e;
    const m = /^\s*include_tasks\s+(.+)$/s.exec(e.valueNode.value);
    if (!m) return e;
    const node = new Scalar(m[1].trim());
    node.range = e.valueNode.range;
    return { key: 'include_tasks', keyNode: e.keyNode, valueNode: node };
  });
}

async function parseEntry(fc: FileCtx, map: YAMLMap, opts: ListOpts): Promise<TaskNode[]> {
  const ents = actionInclude(entries(map, fc.doc.doc));
  checkEntryTemplates(fc, ents);
  const has = (k: string) => ents.some((e) => e.key === k);
  const what = opts.handler ? 'handlers' : undefined;
  if (has('block')) {
    if (what) return reportIn(fc, map, 'blocks are not supported in handlers');
    return [await parseBlock(fc, map, ents, opts)];
  }
  const orphan = ents.find((e) => e.key === 'rescue' || e.key === 'always');
  if (orphan) return reportIn(fc, orphan.keyNode, `'${orphan.key}' needs a 'block' in the same entry`);
  if (has('import_tasks')) return parseImport(fc, map, ents, opts);
  if (has('include_tasks')) {
    // a handler may include tasks: the file runs when the handler is notified
    const inc = await parseInclude(fc, map, ents);
    return inc ? [inc] : [];
  }
  if (has('import_role') || has('include_role')) {
    const keyword = has('import_role') ? 'import_role' : 'include_role';
    if (what) return reportIn(fc, map, `${keyword} is not supported in handlers: put the role's handlers in its handlers/main.yml`);
    const node = parseRoleTask(fc, map, ents, keyword === 'import_role');
    if (keyword === 'include_role') fc.loader.mayEnd = true;
    return node ? [node] : [];
  }
  if (META_NAMES.some(has)) {
    if (what) return reportIn(fc, map, 'meta actions are not supported in handlers');
    const meta = parseMeta(fc, map, ents);
    return meta ? [meta] : [];
  }
  const task = parseTask(fc, map, ents, opts.handler);
  return task ? [task] : [];
}

function reportIn(fc: FileCtx, node: Node, message: string): [] {
  report(fc, message, node);
  return [];
}

async function parseBlock(fc: FileCtx, map: YAMLMap, ents: Entry[], opts: ListOpts): Promise<Block> {
  const block: Block = { kind: 'block', block: [], rescue: [], always: [], loc: fc.doc.locOf(map), dir: fc.dir, tags: [] };
  // a guarded block's tasks may not run; a rescued block's failures are handled; a rescue runs only on failure
  const guarded = ents.some((e) => guards(fc, e));
  const rescued = ents.some((e) => e.key === 'rescue' && toValue(e.valueNode, fc.doc.doc) != null);
  const lists = { block: maybe(fc, guarded || rescued), rescue: maybe(fc, true), always: maybe(fc, guarded) };
  const given: Given = {};
  for (const e of ents) {
    if (applyCommon(fc, e, block)) continue;
    if (e.key === 'block' || e.key === 'rescue' || e.key === 'always') block[e.key] = await parseTaskList(lists[e.key], e.valueNode, e.key, opts);
    else if (e.key === 'notify') {
      const n = e.valueNode;
      given.notify = stringList(fc, 'notify', n) ?? [];
      for (const name of given.notify) fc.loader.notifyRefs.push({ name, error: (m, h) => fc.doc.error(m, n, h) });
    } else if (e.key === 'delegate_to') given.delegateTo = stringValue(fc, e.key, e.valueNode);
    else reportUnknownKeyword(fc, e, 'a block', BLOCK_KEYWORDS);
  }
  if (given.notify?.length || given.delegateTo !== undefined) for (const k of ['block', 'rescue', 'always'] as const) giveTasks(block[k], given);
  return block;
}

/** notify and delegate_to of a block: the value of each of its tasks (nested ones too) that sets none, as Ansible's parent attributes. */
export interface Given {
  notify?: string[];
  delegateTo?: string;
}

export function giveTasks(nodes: TaskNode[], given: Given): void {
  for (const n of nodes) {
    if (n.kind === 'task') {
      if (given.notify?.length && !n.notify.length) n.notify = given.notify;
      if (given.delegateTo !== undefined && n.delegateTo === undefined) n.delegateTo = given.delegateTo;
    } else if (n.kind === 'block') for (const k of ['block', 'rescue', 'always'] as const) giveTasks(n[k], given);
    else if (n.kind === 'include_tasks' && n.tasks) giveTasks(n.tasks, given);
  }
}

/** A keyword that makes what it holds not certainly reached, or its failure handled (when, ignore_errors, the 'never' tag). */
function guards(fc: FileCtx, e: Entry): boolean {
  const v = toValue(e.valueNode, fc.doc.doc);
  if (e.key === 'when') return v != null;
  if (e.key === 'ignore_errors') return v !== false && v != null;
  if (e.key === 'tags') return v === 'never' || (Array.isArray(v) && v.includes('never'));
  return false;
}

function fileName(fc: FileCtx, e: Entry, allowMapping: boolean): string | undefined {
  let node = e.valueNode;
  const map = allowMapping ? asMap(node, fc.doc.doc) : undefined;
  if (map) {
    for (const x of entries(map, fc.doc.doc)) {
      if (x.key === 'file') node = x.valueNode;
      else if (x.key === 'apply') report(fc, `'${e.key}: apply' is not supported: put the keywords on the tasks or on a block`, x.keyNode);
      else report(fc, `'${x.key}' is not an option of ${e.key} (known: file)`, x.keyNode, nearest(x.key, ['file']) ? "did you mean 'file'?" : undefined);
    }
  }
  const v = toValue(node, fc.doc.doc);
  // `include_tasks: file=name.yml`, the key=value form
  if (typeof v === 'string' && /^\s*file=\S/.test(v)) return v.trim().slice('file='.length);
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  report(fc, `'${e.key}' needs the name of a tasks file, got ${typeName(node)}`, node);
  return undefined;
}

async function parseImport(fc: FileCtx, map: YAMLMap, ents: Entry[], opts: ListOpts): Promise<TaskNode[]> {
  const holder: Block = { kind: 'block', block: [], rescue: [], always: [], loc: fc.doc.locOf(map), dir: fc.dir, tags: [] };
  let fileEntry: Entry | undefined;
  const given: Given = {};
  for (const e of ents) {
    if (applyCommon(fc, e, holder)) continue;
    if (e.key === 'import_tasks') fileEntry = e;
    else if (e.key === 'notify') {
      const n = e.valueNode;
      given.notify = stringList(fc, 'notify', n) ?? [];
      for (const name of given.notify) fc.loader.notifyRefs.push({ name, error: (m, h) => fc.doc.error(m, n, h) });
    } else if (e.key === 'delegate_to') given.delegateTo = stringValue(fc, e.key, e.valueNode);
    else reportUnknownKeyword(fc, e, 'import_tasks', IMPORT_KEYWORDS);
  }
  const rel = fileEntry && fileName(fc, fileEntry, false);
  if (!fileEntry || rel === undefined) return [];
  if (hasTemplate(rel)) return reportIn(fc, fileEntry.valueNode!, 'import_tasks is static: its file name cannot be a template (use include_tasks)');
  const tasks = await loadReferencedTasks(maybe(fc, ents.some((e) => guards(fc, e))), rel, fileEntry.valueNode, opts, 'import');
  if (!tasks) return [];
  // notify and delegate_to hold for every imported task that sets none, as Ansible's parent attributes
  if (given.notify?.length || given.delegateTo !== undefined) giveTasks(tasks, given);
  const { name: _n, loc: _l, dir: _d, tags, ...rest } = holder;
  const keywords = tags.length > 0 || Object.keys(rest).some((k) => !['kind', 'block', 'rescue', 'always'].includes(k));
  if (!keywords) return tasks;
  if (!opts.handler) return [{ ...holder, block: tasks }];
  return tasks.map((t) => inherit(t as Task, holder));
}

/** Load a tasks file named relative to the current one; undefined when it cannot be used. */
async function loadReferencedTasks(fc: FileCtx, rel: string, node: Node | null, opts: ListOpts, how: 'import' | 'include'): Promise<TaskNode[] | undefined> {
  const file = referencedPath(fc, rel);
  if (inStack(fc.loader, file)) {
    if (how === 'import') report(fc, `import cycle: ${cycleText(fc.loader, file)}`, node, 'a file cannot import itself, directly or through others');
    return undefined;
  }
  const doc = await readReferenced(fc, rel, node, 'tasks file');
  if (!doc) return undefined;
  return within(fc.loader, doc.file, () => parseTaskFile(fileCtx(doc, fc.loader, fc.uncertain), opts));
}

async function parseInclude(fc: FileCtx, map: YAMLMap, ents: Entry[]): Promise<IncludeTasks | undefined> {
  const inc: IncludeTasks = { kind: 'include_tasks', file: '', loc: fc.doc.locOf(map), dir: fc.dir, tags: [] };
  const loopState = {};
  let fileEntry: Entry | undefined;
  for (const e of ents) {
    if (applyCommon(fc, e, inc) || applyLoop(fc, e, inc, loopState)) continue;
    if (e.key === 'include_tasks') fileEntry = e;
    else if (e.key === 'register') set(inc, 'register', varName(fc, 'register', e.valueNode));
    else reportUnknownKeyword(fc, e, 'include_tasks', INCLUDE_KEYWORDS);
  }
  const rel = fileEntry && fileName(fc, fileEntry, true);
  if (!fileEntry || rel === undefined) return undefined;
  inc.file = rel;
  if (!hasTemplate(rel)) {
    // read now to warn early; Ansible reads it when the include runs, so its problems never refuse the playbook
    const { value: tasks, problems } = await softly(fc.loader, () => loadReferencedTasks(maybe(fc, true), rel, fileEntry.valueNode, { handler: false }, 'include'));
    if (tasks && problems.length === 0) inc.tasks = tasks;
  }
  // what the file holds (meta: end_play ...) is known only then: later tasks are not certainly reached
  fc.loader.mayEnd = true;
  return inc;
}

function parseMeta(fc: FileCtx, map: YAMLMap, ents: Entry[]): Meta | undefined {
  const meta: Meta = { kind: 'meta', action: '', loc: fc.doc.locOf(map), dir: fc.dir, tags: [] };
  for (const e of ents) {
    if (applyCommon(fc, e, meta)) continue;
    if (!META_NAMES.includes(e.key)) {
      reportUnknownKeyword(fc, e, 'meta', META_KEYWORDS);
      continue;
    }
    const v = toValue(e.valueNode, fc.doc.doc);
    if (typeof v === 'string' && /^end_/.test(v)) fc.loader.mayEnd = true;
    if (typeof v === 'string' && META_ACTIONS.includes(v)) meta.action = v;
    else {
      const near = typeof v === 'string' ? nearest(v, META_ACTIONS) : undefined;
      report(fc, `'meta' must be one of: ${META_ACTIONS.join(', ')}; got ${typeName(e.valueNode)}`, e.valueNode, near ? `did you mean '${near}'?` : undefined);
    }
  }
  return meta.action ? meta : undefined;
}

/** A handler imported under keywords gets them itself (handlers are a flat list). */
function inherit(task: Task, from: Common): Task {
  const t: Task = { ...task };
  if (from.when) t.when = [...from.when, ...(task.when ?? [])];
  t.tags = [...new Set([...from.tags, ...task.tags])];
  if (from.vars) t.vars = { ...from.vars, ...(task.vars ?? {}) };
  for (const k of ['become', 'becomeUser', 'environment', 'ignoreErrors', 'ignoreUnreachable', 'checkMode', 'noLog', 'runOnce', 'anyErrorsFatal'] as const) {
    if (t[k] === undefined && from[k] !== undefined) (t as unknown as Record<string, unknown>)[k] = from[k];
  }
  return t;
}
