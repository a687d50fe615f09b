/**
 * Keyword values, checked and normalised: booleans (YAML 1.1 yes/no too), conditions, tags, lists
 * of names, variables, environment, numbers. Each reports a located problem and returns undefined
 * when the value is not acceptable.
 */
import { isScalar, isSeq, type Node } from 'yaml';
import { readBoolean } from '../py/bool.js';
import { report, type FileCtx } from './context.js';
import { asMap, asSeq, entries, toValue, typeName } from './nodes.js';
import { checkConditionAt } from './template-check.js';
import { hasTemplate, stripBraces } from './templated.js';
import type { Vars } from './types.js';

/** A plain scalar value (string, number, boolean, null), or undefined for collections. */
function scalar(node: Node | null): unknown {
  if (!node) return null;
  return isScalar(node) ? node.value : undefined;
}

/** true/false/yes/no/on/off, or a template string resolved at run time. */
export function boolOrTemplate(fc: FileCtx, key: string, node: Node | null): boolean | string | undefined {
  const v = scalar(node);
  const b = readBoolean(v);
  if (b !== undefined) return b;
  if (typeof v === 'string' && hasTemplate(v)) return v;
  report(fc, `'${key}' must be a boolean (true/false, yes/no) or a template, got ${typeName(node)}`, node);
  return undefined;
}

/** A boolean only (keywords the loader or scheduler decides before any variable exists). */
export function plainBool(fc: FileCtx, key: string, node: Node | null): boolean | undefined {
  const v = boolOrTemplate(fc, key, node);
  if (typeof v === 'string') {
    report(fc, `'${key}' must be true or false here; templates are not supported for it`, node);
    return undefined;
  }
  return v;
}

/** A string; numbers are accepted and written as strings. */
export function stringValue(fc: FileCtx, key: string, node: Node | null): string | undefined {
  const v = scalar(node);
  if (typeof v === 'string' && v !== '') return v;
  if (typeof v === 'number') return String(v);
  report(fc, `'${key}' must be a non-empty string, got ${typeName(node)}`, node);
  return undefined;
}

/** when / until / changed_when / failed_when: a list of expressions without braces. */
export function conditions(fc: FileCtx, key: string, node: Node | null): string[] | undefined {
  const one = (n: Node | null): string | undefined => {
    const v = scalar(n);
    if (typeof v === 'string' && v.trim() !== '') {
      const expr = stripBraces(v);
      checkConditionAt(fc, expr, n);
      return expr;
    }
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    if (typeof v === 'number') return String(v);
    report(fc, `'${key}' must be a condition (an expression such as "x is defined") or a list of them, got ${typeName(n)}`, n);
    return undefined;
  };
  const seq = asSeq(node, fc.doc.doc);
  const items = seq ? seq.items.map((n) => one(n as Node)) : [one(node)];
  return items.every((x) => x !== undefined) ? (items as string[]) : undefined;
}

/** changed_when / failed_when: a plain boolean stays a boolean, otherwise conditions. */
export function boolOrConditions(fc: FileCtx, key: string, node: Node | null): string[] | boolean | undefined {
  const v = scalar(node);
  if (typeof v === 'boolean') return v;
  return conditions(fc, key, node);
}

/** A string or a list of strings (notify, listen, vars_files); numbers become strings. */
export function stringList(fc: FileCtx, key: string, node: Node | null): string[] | undefined {
  const seq = asSeq(node, fc.doc.doc);
  const items = seq ? (seq.items as Node[]) : [node];
  const out: string[] = [];
  for (const n of items) {
    const v = scalar(n);
    if ((typeof v === 'string' && v.trim() !== '') || typeof v === 'number') out.push(String(v));
    else {
      report(fc, `'${key}' must be a string or a list of strings, got ${typeName(n)}${seq ? ' in the list' : ''}`, n);
      return undefined;
    }
  }
  return out;
}

/** tags: a string (commas separate tags), a number, or a list of them. */
export function tags(fc: FileCtx, node: Node | null): string[] | undefined {
  const list = stringList(fc, 'tags', node);
  if (!list) return undefined;
  const split = isSeq(node) ? list.map((t) => t.trim()) : list.flatMap((t) => t.split(','));
  return [...new Set(split.map((t) => t.trim()).filter(Boolean))];
}

const PY_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

/** Ansible's rule for variable names: a Python identifier that is not a keyword. */
export function isVarName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_KEYWORDS.has(name);
}

/** A variable name (register, loop_var, index_var). */
export function varName(fc: FileCtx, key: string, node: Node | null): string | undefined {
  const v = scalar(node);
  if (typeof v === 'string' && isVarName(v)) return v;
  report(fc, `'${key}' must be a variable name (letters, digits and underscores, not starting with a digit), got ${typeName(node)}`, node);
  return undefined;
}

/** vars: a mapping of valid variable names to values (values may be templates). */
export function vars(fc: FileCtx, key: string, node: Node | null): Vars | undefined {
  if (!node || (isScalar(node) && node.value === null)) return {};
  const seq = asSeq(node, fc.doc.doc);
  if (seq) {
    // a list of mappings is merged in order, as Ansible's _load_vars
    const merged: Vars = {};
    let ok = true;
    for (const item of seq.items as Node[]) {
      if (!asMap(item, fc.doc.doc)) {
        report(fc, `'${key}' as a list must hold mappings of variable names to values, got ${typeName(item)}`, item);
        ok = false;
        continue;
      }
      const v = vars(fc, key, item);
      if (v) Object.assign(merged, v);
      else ok = false;
    }
    return ok ? merged : undefined;
  }
  const map = asMap(node, fc.doc.doc);
  if (!map) {
    report(fc, `'${key}' must be a mapping of variable names to values (or a list of them), got ${typeName(node)}`, node);
    return undefined;
  }
  const out: Vars = {};
  let ok = true;
  for (const e of entries(map, fc.doc.doc)) {
    if (!isVarName(e.key)) {
      report(fc, `'${e.key}' is not a valid variable name: use letters, digits and underscores, not starting with a digit`, e.keyNode);
      ok = false;
      continue;
    }
    out[e.key] = toValue(e.valueNode, fc.doc.doc);
  }
  return ok ? out : undefined;
}

/** environment: a mapping of names to values, or a template that renders to one. */
export function environment(fc: FileCtx, node: Node | null): Record<string, unknown> | string | undefined {
  const v = scalar(node);
  if (typeof v === 'string' && hasTemplate(v)) return v;
  const map = asMap(node, fc.doc.doc);
  if (!map) {
    report(fc, `'environment' must be a mapping of variable names to values, or a template, got ${typeName(node)}`, node);
    return undefined;
  }
  const out: Record<string, unknown> = {};
  for (const e of entries(map, fc.doc.doc)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(e.key) && !hasTemplate(e.key)) {
      report(fc, `'${e.key}' is not a valid environment variable name`, e.keyNode);
      return undefined;
    }
    out[e.key] = toValue(e.valueNode, fc.doc.doc);
  }
  return out;
}

/** A number (numeric strings too) within bounds. */
export function numberValue(fc: FileCtx, key: string, node: Node | null, opts: { min?: number; max?: number; integer?: boolean } = {}): number | undefined {
  const v = scalar(node);
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  const kind = opts.integer ? 'an integer' : 'a number';
  const range =
    opts.min !== undefined && opts.max !== undefined ? ` from ${opts.min} to ${opts.max}` : opts.min !== undefined ? ` of at least ${opts.min}` : '';
  if (!Number.isFinite(n) || (opts.integer && !Number.isInteger(n)) || (opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) {
    const why = typeof v === 'string' && hasTemplate(v) ? ' (templates are not supported for it)' : '';
    report(fc, `'${key}' must be ${kind}${range}, got ${typeName(node)}${why}`, node);
    return undefined;
  }
  return n;
}

