/**
 * Load-time checking of module arguments against the module's zod schema. Unknown keys are refused
 * with a nearest-name hint. A key whose value is templated is left for run time; the other keys are
 * checked one by one, and the whole object (its cross-key refinements) only when nothing is templated.
 */
import type { z } from 'zod';
import type { ModuleDef } from '../modules/types.js';
import { nearest } from '../util/errors.js';
import { schemaShape } from './schema-shape.js';
import { hasTemplate } from './templated.js';

export interface ArgProblem {
  /** The argument the problem is about (top-level key), if any. */
  key?: string;
  /** Locate at the key itself (unknown key) rather than its value. */
  atKey?: boolean;
  message: string;
  hint?: string;
  /** The value is secret (no_log task, secret argument): the message leaves it out; show no excerpt. */
  secret?: boolean;
}

export interface ValidateOptions {
  /** Keys whose values must never be shown (no_log tasks: every key; else the module's secretArgs). */
  secret?: (key: string) => boolean;
}

export function validateArgs(def: ModuleDef, written: Record<string, unknown>, opts: ValidateOptions = {}): ArgProblem[] {
  const secret = opts.secret ?? ((k: string) => def.secretArgs?.includes(k) ?? false);
  const info = schemaShape(def.schema);
  let args: unknown = written;
  for (const step of info.preprocess) args = step(args);
  if (!args || typeof args !== 'object' || Array.isArray(args)) args = written;
  const obj = args as Record<string, unknown>;
  const problems: ArgProblem[] = [];
  const unknown = new Set<string>();
  if (info.shape && info.closed) {
    const known = Object.keys(info.shape);
    for (const key of Object.keys(obj)) {
      if (key in info.shape || hasTemplate(key)) continue;
      unknown.add(key);
      const near = nearest(key, known);
      problems.push({
        key,
        atKey: true,
        message: `unsupported argument '${key}' for module '${def.name}'`,
        hint: near ? `did you mean '${near}'?` : `supported arguments: ${known.join(', ')}`,
      });
    }
  }
  // a misspelt key whose hint names a missing key: the "missing" problem would only repeat it
  const hinted = new Set(problems.map((p) => /^did you mean '(.*)'\?$/.exec(p.hint ?? '')?.[1]).filter((k) => k !== undefined));
  const missing = (key: string) => `module '${def.name}' is missing the required argument '${key}'`;
  const templated = hasTemplate(obj);
  if (!templated) {
    const r = def.schema.safeParse(obj);
    if (!r.success) {
      for (const issue of r.error.issues) {
        if (issue.code === 'unrecognized_keys') continue;
        const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
        if (key !== undefined && (unknown.has(key) || (hinted.has(key) && issue.code === 'invalid_type' && issue.received === 'undefined'))) continue;
        problems.push(describe(def, issue, key === undefined ? undefined : obj[key], secret));
      }
    }
    return dedupe(problems);
  }
  if (!info.shape) return problems;
  for (const [key, sub] of Object.entries(info.shape)) {
    if (!(key in obj)) {
      if (!hinted.has(key) && !sub.safeParse(undefined).success) problems.push({ message: missing(key) });
      continue;
    }
    const value = obj[key];
    if (hasTemplate(value)) continue;
    const r = sub.safeParse(value);
    if (!r.success) for (const issue of r.error.issues) problems.push(describe(def, { ...issue, path: [key, ...issue.path] }, value, secret));
  }
  return dedupe(problems);
}

function dedupe(problems: ArgProblem[]): ArgProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const id = `${p.key}\0${p.message}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

function pathText(path: Array<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

function shown(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return String(v);
}

/** One zod issue as a message about an argument, with a hint for enum typos. */
function describe(def: ModuleDef, issue: z.ZodIssue, value: unknown, secret: (key: string) => boolean): ArgProblem {
  const key = typeof issue.path[0] === 'string' ? issue.path[0] : undefined;
  if (key === undefined) return { message: `module '${def.name}': ${issue.message}` };
  const what = `argument '${pathText(issue.path)}' of module '${def.name}'`;
  if (secret(key)) {
    if (issue.code === 'invalid_type' && issue.received === 'undefined' && issue.path.length === 1)
      return { key, message: `module '${def.name}' is missing the required argument '${key}'` };
    return { key, secret: true, message: `${what} has an invalid value (not shown: it is secret)` };
  }
  const got = issue.path.length === 1 ? shown(value) : undefined;
  switch (issue.code) {
    case 'invalid_enum_value': {
      const options = issue.options.map(String);
      const near = typeof issue.received === 'string' ? nearest(issue.received, options) : undefined;
      return {
        key,
        message: `${what} must be one of: ${options.join(', ')} (got ${shown(issue.received)})`,
        hint: near ? `did you mean '${near}'?` : undefined,
      };
    }
    case 'invalid_type':
      if (issue.received === 'undefined' && issue.path.length === 1) return { key, message: `module '${def.name}' is missing the required argument '${key}'` };
      if (issue.received === 'undefined') return { key, message: `${what} is required` };
      if (/^Expected .*, received /.test(issue.message)) return { key, message: `${what} must be ${article(issue.expected)}, got ${got ?? issue.received}` };
      return { key, message: `${what}: ${issue.message}${got ? ` (got ${got})` : ''}` };
    case 'invalid_union':
      return { key, message: `${what} has an invalid value${got ? ` (${got})` : ''}` };
    default:
      return { key, message: `${what}: ${issue.message}${got && issue.code !== 'custom' ? ` (got ${got})` : ''}` };
  }
}

function article(t: string): string {
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
