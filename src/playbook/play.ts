/**
 * One play: hosts, play keywords (serial, order, gather_facts, vars_files, ...), its task sections
 * and handlers, and `roles:` kept as written. Notified handler names are checked against the play's
 * handlers once everything is read.
 */
import * as path from 'node:path';
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { nearest } from '../util/errors.js';
import { collect, report, type FileCtx } from './context.js';
import { applyCommon, COMMON_KEYWORDS, PLAY_KEYWORDS, reportUnknownKeyword, set } from './keywords.js';
import { asMap, asSeq, entries, toValue, typeName, type Entry } from './nodes.js';
import { parseTaskList } from './tasks.js';
import { checkEntryTemplates } from './template-check.js';
import { hasTemplate } from './templated.js';
import type { Common, Handler, Play, Task, VarsFilesEntry } from './types.js';
import { boolOrTemplate, numberValue, stringList, stringValue, vars as varsValue } from './values.js';
import { loadVarsFile } from './vars-files.js';
import { findVarsFile } from './vars-files-path.js';

const ORDERS = ['inventory', 'reverse_inventory', 'sorted', 'reverse_sorted', 'shuffle'] as const;
/** The strategies machinist runs (host_pinned as free: each host is run to the end on its own). */
export const STRATEGIES = ['linear', 'free', 'host_pinned'];

/** A strategy name as Ansible's loader takes it (short or ansible.builtin.), or undefined when unknown. */
export function strategyName(v: string): string | undefined {
  const short = v.replace(/^ansible\.(builtin|legacy)\./, '');
  return STRATEGIES.includes(short) ? short : undefined;
}
const SERIAL_MESSAGE = `'serial' must be an integer, a percentage like "30%", or a list of them`;

export async function parsePlay(fc: FileCtx, map: YAMLMap, ents: Entry[]): Promise<Play | undefined> {
  const play: Play = {
    hosts: '',
    loc: fc.doc.locOf(map),
    dir: fc.dir,
    tags: [],
    varsFiles: [],
    serial: [],
    order: 'inventory',
    preTasks: [],
    tasks: [],
    postTasks: [],
    handlers: [],
  };
  fc.loader.notifyRefs = [];
  fc.loader.roleTasks = false;
  fc.loader.mayEnd = false;
  let hostsSeen = false;
  checkEntryTemplates(fc, ents, ['pre_tasks', 'tasks', 'post_tasks', 'handlers']);
  for (const e of ents) {
    if (applyCommon(fc, e, play)) continue;
    const n = e.valueNode;
    switch (e.key) {
      case 'hosts':
        hostsSeen = true;
        play.hosts = hostsValue(fc, n) ?? '';
        break;
      case 'vars_files':
        play.varsFiles = await varsFiles(fc, n);
        break;
      case 'gather_facts':
        set(play, 'gatherFacts', boolOrTemplate(fc, e.key, n));
        break;
      case 'serial':
        play.serial = serial(fc, n) ?? [];
        break;
      case 'max_fail_percentage':
        set(play, 'maxFailPercentage', percentValue(fc, n));
        break;
      case 'order': {
        const v = toValue(n, fc.doc.doc);
        if (typeof v === 'string' && (ORDERS as readonly string[]).includes(v)) play.order = v as Play['order'];
        else {
          const near = typeof v === 'string' ? nearest(v, ORDERS) : undefined;
          report(fc, `'order' must be one of: ${ORDERS.join(', ')}; got ${typeName(n)}`, n, near ? `did you mean '${near}'?` : undefined);
        }
        break;
      }
      case 'strategy': {
        const v = toValue(n, fc.doc.doc);
        if (typeof v === 'string' && (hasTemplate(v) || strategyName(v))) play.strategy = v;
        else {
          const near = typeof v === 'string' ? nearest(v, STRATEGIES) : undefined;
          report(fc, `'strategy' must be one of: ${STRATEGIES.join(', ')} (or a template); got ${typeName(n)}`, n, near ? `did you mean '${near}'?` : undefined);
        }
        break;
      }
      case 'pre_tasks':
        play.preTasks = await parseTaskList(fc, n, e.key, { handler: false });
        break;
      case 'tasks':
        play.tasks = await parseTaskList(fc, n, e.key, { handler: false });
        break;
      case 'post_tasks':
        play.postTasks = await parseTaskList(fc, n, e.key, { handler: false });
        break;
      case 'handlers':
        play.handlers = (await parseTaskList(fc, n, e.key, { handler: true })) as Handler[];
        break;
      case 'roles':
        play.roles = roles(fc, n);
        break;
      default:
        reportUnknownKeyword(fc, e, 'a play', PLAY_KEYWORDS);
    }
  }
  if (!hostsSeen) report(fc, "a play needs 'hosts' (a host pattern such as all, web, 'db:!db3')", map);
  checkNotified(fc, play);
  return play;
}

function hostsValue(fc: FileCtx, node: Node | null): string | undefined {
  const seq = asSeq(node, fc.doc.doc);
  if (seq) {
    const list = stringList(fc, 'hosts', node);
    if (list && list.length) return list.join(',');
    if (list) report(fc, "'hosts' is an empty list", node);
    return undefined;
  }
  return stringValue(fc, 'hosts', node);
}

async function varsFiles(fc: FileCtx, node: Node | null): Promise<VarsFilesEntry[]> {
  const seq = asSeq(node, fc.doc.doc);
  const items = (seq ? seq.items : [node]) as Node[];
  const out: VarsFilesEntry[] = [];
  for (const n of items) {
    const alternatives = seq ? asSeq(n, fc.doc.doc) : undefined;
    const names = (alternatives ? (alternatives.items as Node[]) : [n]).map((x) => toValue(x, fc.doc.doc));
    if (names.length === 0 || names.some((v) => typeof v !== 'string' || v.trim() === '')) {
      const what = alternatives ? 'a list of alternative file names (the first that exists is read)' : 'a file name';
      report(fc, `each entry of 'vars_files' must be ${what}, got ${typeName(n)}`, n, seq ? undefined : "write 'vars_files' as a list of file names");
      continue;
    }
    const files = names as string[];
    out.push({ files, loc: fc.doc.locOf(n) });
    // the file that will be read, when known now, is checked now (up to the first templated name);
    // a missing one is the run's to report: an earlier play may write it (engine/run.ts checkPlays)
    const templated = files.findIndex((f) => hasTemplate(f));
    const found = findVarsFile(templated < 0 ? files : files.slice(0, templated), varsDirs(fc));
    if (found) await loadVarsFile(found, { warnings: fc.loader.warnings }).catch((e) => collect(fc.loader, e));
  }
  return out;
}

/** The directories a relative vars_files name is looked for in: this file's, then the top playbook's (as written). */
function varsDirs(fc: FileCtx): string[] {
  const own = path.dirname(fc.doc.file);
  const top = fc.loader.stack[0]?.file;
  return top && path.resolve(path.dirname(top)) !== path.resolve(own) ? [own, path.dirname(top)] : [own];
}

function serialItem(v: unknown): number | string | undefined {
  if (typeof v === 'number') return Number.isInteger(v) && v >= 0 ? v : undefined;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s);
  if (/^\d+(\.\d+)?%$/.test(s) && Number(s.slice(0, -1)) <= 100) return s;
  if (hasTemplate(s)) return s;
  return undefined;
}

function serial(fc: FileCtx, node: Node | null): Array<number | string> | undefined {
  const seq = asSeq(node, fc.doc.doc);
  const items = (seq ? seq.items : [node]) as Node[];
  const out: Array<number | string> = [];
  for (const n of items) {
    const v = serialItem(toValue(n, fc.doc.doc));
    if (v === undefined) {
      report(fc, SERIAL_MESSAGE, n, `got ${typeName(n)}`);
      return undefined;
    }
    out.push(v);
  }
  return out;
}

function percentValue(fc: FileCtx, node: Node | null): number | undefined {
  if (isScalar(node) && typeof node.value === 'string' && /^\s*\d+(\.\d+)?%\s*$/.test(node.value)) {
    const n = Number(node.value.trim().slice(0, -1));
    if (n <= 100) return n;
  }
  return numberValue(fc, 'max_fail_percentage', node, { min: 0, max: 100 });
}

function roles(fc: FileCtx, node: Node | null): NonNullable<Play['roles']> {
  const seq = asSeq(node, fc.doc.doc);
  if (!seq) {
    report(fc, `'roles' must be a list of roles, got ${typeName(node)}`, node);
    return [];
  }
  const out: NonNullable<Play['roles']> = [];
  for (const item of seq.items as Node[]) {
    const loc = fc.doc.locOf(item);
    const v = toValue(item, fc.doc.doc);
    if (typeof v === 'string' && v.trim() !== '') {
      out.push({ name: v.trim(), loc });
      continue;
    }
    const map = asMap(item, fc.doc.doc);
    if (!map) {
      report(fc, `a role must be a name or a mapping with 'role', got ${typeName(item)}`, item);
      continue;
    }
    let name: string | undefined;
    const params: Record<string, unknown> = {};
    const vars: Record<string, unknown> = {};
    // the entry's keywords (tags, when, become, ...) apply to the role's tasks, as a block's would
    const kw: Common = { loc, dir: fc.dir, tags: [] };
    for (const e of entries(map, fc.doc.doc)) {
      if (e.key === 'role' || e.key === 'name') name = stringValue(fc, e.key, e.valueNode);
      else if (e.key === 'vars') Object.assign(vars, varsValue(fc, 'vars', e.valueNode) ?? {});
      else if (COMMON_KEYWORDS.includes(e.key)) applyCommon(fc, e, kw);
      else if (e.key === 'delegate_to') report(fc, `'${e.key}' on a role entry is not supported yet`, e.keyNode);
      else params[e.key] = toValue(e.valueNode, fc.doc.doc);
    }
    const { loc: _l, dir: _d, ...keywords } = kw;
    const withKw = keywords.tags.length || Object.keys(keywords).length > 1 ? { keywords } : {};
    if (name === undefined) report(fc, "a role entry needs 'role' (the role's name)", item);
    else {
      const has = (o: object) => Object.keys(o).length > 0;
      out.push({ name, ...(has(vars) ? { vars } : {}), ...(has(params) ? { params } : {}), loc, ...withKw });
    }
  }
  return out;
}

/** Every notify of the play names a handler (by name or listen topic), unless a template or a role may provide it. */
function checkNotified(fc: FileCtx, play: Play): void {
  const refs = fc.loader.notifyRefs;
  fc.loader.notifyRefs = [];
  const roleTasks = fc.loader.roleTasks;
  fc.loader.roleTasks = false;
  if (play.roles?.length || roleTasks) return;
  const names = new Set<string>();
  for (const h of play.handlers) {
    if (h.name !== undefined) {
      if (hasTemplate(h.name)) return;
      names.add(h.name);
    }
    for (const l of h.kind === 'task' ? h.listen : []) names.add(l);
  }
  for (const ref of refs) {
    if (hasTemplate(ref.name) || names.has(ref.name)) continue;
    const near = nearest(ref.name, names, Math.max(3, Math.floor(ref.name.length / 3)));
    fc.loader.errors.push(
      ref.error(`no handler named '${ref.name}' in this play`, near ? `did you mean '${near}'?` : names.size ? undefined : 'this play has no handlers'),
    );
  }
}
