/**
 * Templates checked while files are loaded, before any host is contacted: every string with template
 * syntax (task arguments, names, loops, vars, play keywords, vars files) is compiled, and conditions
 * (when, changed_when, failed_when, until, assert's that, debug's var) are checked as expressions.
 * A problem is located where the string is written, inside it when the YAML holds it as written.
 * Valid Ansible that machinist lacks (a filter it does not have) is a warning, not a refusal; so is
 * a name unknown to Ansible too when a filter_plugins/ or test_plugins/ directory may define it.
 */
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { getModule } from '../modules/registry.js';
import { checkCondition, checkTemplate, type TemplateProblem } from '../template/index.js';
import type { FileCtx } from './context.js';
import type { Entry } from './nodes.js';
import { hasTemplate } from './templated.js';

/** Module arguments that hold expressions (evaluated like a condition), by canonical module name. */
const EXPRESSION_ARGS: Record<string, string[]> = { assert: ['that'], debug: ['var'] };

/**
 * Whether Ansible may find filter (or test) plugins of the user's own for a file in `dir`: beside it,
 * beside its role or playbook (up to two levels up), in the configured or default plugin paths.
 * Asked only for names that exist nowhere else, so not cached.
 */
function localPlugins(kind: 'filter' | 'test', dir: string): boolean {
  if (process.env[`ANSIBLE_${kind.toUpperCase()}_PLUGINS`]) return true;
  const near = [dir, path.dirname(dir), path.dirname(path.dirname(dir))].map((d) => path.join(d, `${kind}_plugins`));
  const configured = [path.join(os.homedir(), '.ansible', 'plugins', kind), path.join('/usr/share/ansible/plugins', kind)];
  return [...near, ...configured].some((d) => existsSync(d));
}

/** The file offset of position `index` of a scalar's string value, when the file holds it as written. */
function offsetIn(fc: FileCtx, node: Scalar, index: number): number | undefined {
  if (!node.range || typeof node.value !== 'string') return undefined;
  const value = node.value;
  const [start, end] = node.range;
  const raw = fc.doc.text.slice(start, end);
  if (node.type === 'PLAIN') return raw === value ? start + index : undefined;
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return raw.slice(1, -1) === value ? start + 1 + index : undefined;
  if (node.type !== 'BLOCK_LITERAL') return undefined;
  // `|` then the lines, each indented alike: line n of the value is line n + 1 of the block
  const lines = raw.split('\n');
  if (/\d/.test(lines[0])) return undefined;
  const indent = /^ */.exec(lines.slice(1).find((l) => l.trim() !== '') ?? '')![0].length;
  const before = value.slice(0, index).split('\n');
  const line = before.length;
  if (line >= lines.length) return undefined;
  const text = lines[line];
  const expected = value.split('\n')[line - 1];
  if (text.slice(indent) !== expected && !(expected === '' && text.trim() === '')) return undefined;
  return start + lines.slice(0, line).reduce((n, l) => n + l.length + 1, 0) + indent + before[line - 1].length;
}

/** Report the problems of a string held by `node`; `shift` is where the checked text starts in it. */
function report(fc: FileCtx, node: Node | null, problems: TemplateProblem[], shift = 0): void {
  for (const p of problems) {
    const offset = p.index !== undefined && isScalar(node) ? offsetIn(fc, node, shift + p.index) : undefined;
    const at = offset ?? node;
    if (p.unknown && localPlugins(p.unknown.kind, fc.dir)) {
      const why = `${p.message}: a ${p.unknown.kind}_plugins directory may define it, but machinist cannot run it; a task that uses it fails if it runs`;
      fc.loader.warnings.push(fc.doc.error(why, at, p.hint));
    } else (p.lacking ? fc.loader.warnings : fc.loader.errors).push(fc.doc.error(p.message, at, p.hint));
  }
}

/** Whether `node` was checked already (an anchor's node is reached again through its aliases). */
function seen(fc: FileCtx, node: Node): boolean {
  const set = (fc.loader.checked ??= new WeakSet());
  if (set.has(node)) return true;
  set.add(node);
  return false;
}

/** Check every templated string under `node` (keys too); `!unsafe` values are never templated. */
export function checkTemplates(fc: FileCtx, node: Node | null | undefined): void {
  if (!node || isAlias(node) || node.tag === '!unsafe' || seen(fc, node)) return;
  if (isScalar(node)) {
    if (typeof node.value === 'string' && hasTemplate(node.value)) report(fc, node, checkTemplate(node.value).problems);
  } else if (isMap(node)) {
    for (const pair of node.items) {
      checkTemplates(fc, pair.key as Node | null);
      checkTemplates(fc, pair.value as Node | null);
    }
  } else if (isSeq(node)) for (const item of node.items) checkTemplates(fc, item as Node | null);
}

/**
 * Check a condition as the engine will evaluate it: `expr` is the stored expression (braces of a
 * lone "{{ x }}" stripped), `node` the string as written (which contains `expr`).
 */
export function checkConditionAt(fc: FileCtx, expr: string, node: Node | null): void {
  if (node && seen(fc, node)) return;
  const written = isScalar(node) && typeof node.value === 'string' ? node.value : expr;
  report(fc, node, checkCondition(expr), Math.max(0, written.indexOf(expr)));
}

/** A module's arguments as written: expression arguments as conditions, the rest as templates. */
function checkModuleArgs(fc: FileCtx, module: string, node: Node | null): void {
  const exprKeys = EXPRESSION_ARGS[module];
  if (!exprKeys || !isMap(node) || node.tag === '!unsafe') return checkTemplates(fc, node);
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    const value = pair.value as Node | null;
    if (!(isScalar(key) && exprKeys.includes(String(key.value)))) {
      checkTemplates(fc, key);
      checkTemplates(fc, value);
      continue;
    }
    for (const item of isSeq(value) ? (value.items as Node[]) : [value]) {
      if (isScalar(item) && typeof item.value === 'string') checkConditionAt(fc, item.value, item);
      else checkTemplates(fc, item);
    }
  }
}

/** Keys of an entry whose values are not templates (or are checked elsewhere: conditions, nested task lists). */
const NOT_TEMPLATES = new Set(['when', 'changed_when', 'failed_when', 'until', 'block', 'rescue', 'always', 'register']);

/** Check the templates in the values of an entry's keys (a task, block, include, play...), except `skip`. */
export function checkEntryTemplates(fc: FileCtx, ents: Entry[], skip: string[] = []): void {
  for (const e of ents) {
    if (NOT_TEMPLATES.has(e.key) || skip.includes(e.key)) continue;
    const module = getModule(e.key);
    if (module) checkModuleArgs(fc, module.name, e.valueNode);
    else checkTemplates(fc, e.valueNode);
  }
}
