/**
 * `include_role:` and `import_role:` tasks. Options as Ansible names them: name (required),
 * tasks_from, vars_from, defaults_from, handlers_from, public, allow_duplicates; written as a mapping
 * or as `name=x tasks_from=y` text. The result is an IncludeTasks node whose `file` is the role's
 * name and whose `role` holds the options; the engine's role loader finds and expands the role.
 * import_role is static: no loop, and its name cannot be a template.
 */
import type { Node, YAMLMap } from 'yaml';
import { isScalar } from 'yaml';
import { readBoolean } from '../py/bool.js';
import { nearest } from '../util/errors.js';
import { parseKeyValueArgs } from './args.js';
import { report, type FileCtx } from './context.js';
import { applyCommon, IMPORT_ROLE_KEYWORDS, INCLUDE_ROLE_KEYWORDS, reportUnknownKeyword, set } from './keywords.js';
import { applyLoop, isLoopWith } from './loop.js';
import { asMap, entries, toValue, typeName, type Entry } from './nodes.js';
import { hasTemplate } from './templated.js';
import type { IncludeTasks, RoleRef } from './types.js';
import { stringValue, varName } from './values.js';

const ROLE_OPTIONS = ['name', 'tasks_from', 'vars_from', 'defaults_from', 'handlers_from', 'public', 'allow_duplicates', 'rolespec_validate'];
const FROM: Record<string, keyof RoleRef> = { tasks_from: 'tasksFrom', vars_from: 'varsFrom', defaults_from: 'defaultsFrom', handlers_from: 'handlersFrom' };

/** The role options of `include_role: ...` / `import_role: ...` (null when they cannot be used). */
function roleOptions(fc: FileCtx, e: Entry, isStatic: boolean): { name: string; ref: RoleRef } | undefined {
  const keyword = e.key;
  const options: Array<{ key: string; value: unknown; node: Node | null }> = [];
  const map = asMap(e.valueNode, fc.doc.doc);
  if (map) {
    for (const x of entries(map, fc.doc.doc)) options.push({ key: x.key, value: toValue(x.valueNode, fc.doc.doc), node: x.keyNode });
  } else if (isScalar(e.valueNode) && typeof e.valueNode.value === 'string') {
    for (const [key, value] of Object.entries(parseKeyValueArgs(e.valueNode.value))) options.push({ key, value, node: e.valueNode });
  } else {
    report(fc, `'${keyword}' needs options (at least 'name', the role's name), got ${typeName(e.valueNode)}`, e.valueNode ?? e.keyNode);
    return undefined;
  }
  const ref: RoleRef = { static: isStatic };
  let name: string | undefined;
  let ok = true;
  for (const o of options) {
    if (o.key === 'name') {
      if (typeof o.value === 'string' && o.value.trim()) name = o.value.trim();
      else {
        report(fc, `'${keyword}: name' must be the role's name (text)`, o.node);
        ok = false;
      }
    } else if (o.key in FROM) {
      if (typeof o.value !== 'string' || !o.value.trim() || o.value.includes('\0')) {
        report(fc, `'${keyword}: ${o.key}' must be a file name inside the role`, o.node);
        ok = false;
      } else if (isStatic && hasTemplate(o.value)) {
        report(fc, `import_role is static: '${o.key}' cannot be a template (use include_role)`, o.node);
        ok = false;
      } else (ref as unknown as Record<string, unknown>)[FROM[o.key]] = o.value.trim();
    } else if (o.key === 'public' || o.key === 'allow_duplicates' || o.key === 'rolespec_validate') {
      const b = readBoolean(o.value);
      if (b === undefined) {
        report(fc, `'${keyword}: ${o.key}' must be true or false`, o.node);
        ok = false;
      } else if (o.key === 'public') ref.public = b;
      else if (o.key === 'allow_duplicates') ref.allowDuplicates = b;
    } else if (o.key === 'apply') {
      report(fc, `'${keyword}: apply' is not supported: put the keywords on the ${keyword} task itself`, o.node);
      ok = false;
    } else {
      const near = nearest(o.key, ROLE_OPTIONS);
      report(fc, `'${o.key}' is not an option of ${keyword} (known: ${ROLE_OPTIONS.join(', ')})`, o.node, near ? `did you mean '${near}'?` : undefined);
      ok = false;
    }
  }
  if (name === undefined) {
    if (ok) report(fc, `'${keyword}' needs 'name': the role to run`, e.valueNode ?? e.keyNode);
    return undefined;
  }
  return ok ? { name, ref } : undefined;
}

/** An include_role / import_role entry. */
export function parseRoleTask(fc: FileCtx, map: YAMLMap, ents: Entry[], isStatic: boolean): IncludeTasks | undefined {
  const keyword = isStatic ? 'import_role' : 'include_role';
  const node: IncludeTasks = { kind: 'include_tasks', file: '', loc: fc.doc.locOf(map), dir: fc.dir, tags: [] };
  const loopState = {};
  let roleEntry: Entry | undefined;
  for (const e of ents) {
    if (applyCommon(fc, e, node)) continue;
    if (!isStatic && applyLoop(fc, e, node, loopState)) continue;
    if (e.key === keyword) roleEntry = e;
    else if (!isStatic && e.key === 'register') set(node, 'register', varName(fc, 'register', e.valueNode));
    else if (isStatic && e.key === 'delegate_to') set(node, 'delegateTo', stringValue(fc, e.key, e.valueNode));
    else if (isStatic && (['loop', 'loop_control'].includes(e.key) || isLoopWith(e.key)))
      report(fc, `import_role is static and cannot loop: use include_role with '${e.key}'`, e.keyNode);
    else reportUnknownKeyword(fc, e, keyword, isStatic ? IMPORT_ROLE_KEYWORDS : INCLUDE_ROLE_KEYWORDS);
  }
  const opts = roleEntry && roleOptions(fc, roleEntry, isStatic);
  if (!opts) return undefined;
  fc.loader.roleTasks = true;
  node.file = opts.name;
  node.role = opts.ref;
  return node;
}
