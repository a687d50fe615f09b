import { TemplateError } from './errors.js';

/** Positional and keyword arguments as nunjucks passes them (keywords: a last object flagged __keywords). */

export interface Args {
  pos: unknown[];
  kw: Record<string, unknown>;
}

export function isKeywords(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, '__keywords');
}

export function splitArgs(args: unknown[]): Args {
  const last = args[args.length - 1];
  if (args.length && isKeywords(last)) {
    const kw: Record<string, unknown> = { ...last };
    delete kw.__keywords;
    return { pos: args.slice(0, -1), kw };
  }
  return { pos: args, kw: {} };
}

/**
 * Python-style parameters: names in order, filled from positionals then keywords, with defaults.
 * Unknown keywords are refused with the name of the callee.
 */
export function bind(callee: string, args: unknown[], names: string[], defaults: Record<string, unknown> = {}): Record<string, unknown> {
  const { pos, kw } = splitArgs(args);
  if (pos.length > names.length) throw new TemplateError(`${callee}() takes at most ${names.length} arguments (${pos.length} given)`);
  const out: Record<string, unknown> = { ...defaults };
  pos.forEach((v, i) => (out[names[i]] = v));
  for (const [k, v] of Object.entries(kw)) {
    if (!names.includes(k)) throw new TemplateError(`${callee}() got an unexpected keyword argument '${k}'`);
    out[k] = v;
  }
  return out;
}
