/**
 * Rendering entry points: values (deep, native types, omit), template files (the template module).
 * Every call gets a fresh Scope, so lazy variables are rendered at most once per call.
 */
import { TemplateError, Undefined } from './errors.js';
import { compile, runTemplate, withTextOptions, type TextOptions } from './environment.js';
import { GLOBALS } from './globals.js';
import { OMIT } from './omit.js';
import { prim, pyStr } from './pyvalues.js';
import { NO_NATIVE, RenderContext } from './runtime.js';
import { hasTemplateSyntax, isUnsafe, materialize, Scope } from './scope.js';
import { vaultLockedReason } from '../util/yaml-vault.js';
import './filters/core.js';
import './filters/data.js';
import './filters/lists.js';
import './filters/strings.js';
import './filters/urls.js';
import './tests.js';

/** Render one template string in a scope: the native value of a lone {{ expr }}, else text. */
export function renderIn(scope: Scope, src: string, native: boolean): unknown {
  const t = compile(src, { native });
  const ctx = new RenderContext(scope);
  const text = runTemplate(t, ctx);
  if (!t.single || ctx.native === NO_NATIVE) return text;
  const v = prim(ctx.native);
  if (v instanceof Undefined) throw v.error();
  if (typeof v === 'string') return t.single.lead + v + t.single.trail;
  return v === undefined ? null : v;
}

const renderer = (src: string, scope: Scope): unknown => renderIn(scope, src, true);

export function newScope(vars: Record<string, unknown>, globals: Record<string, unknown> = GLOBALS): Scope {
  return new Scope(vars, renderer, globals);
}

/** A string or, deep inside objects/arrays, a string containing template syntax (or a `!vault` value no secret opened, whose rendering fails). */
export function isTemplated(v: unknown): boolean {
  if (typeof v === 'string') return hasTemplateSyntax(v);
  if (vaultLockedReason(v) !== undefined) return true;
  if (Array.isArray(v)) return v.some(isTemplated);
  if (v !== null && typeof v === 'object') return Object.entries(v).some(([k, x]) => hasTemplateSyntax(k) || isTemplated(x));
  return false;
}

function deep(v: unknown, scope: Scope): unknown {
  if (typeof v === 'string') return hasTemplateSyntax(v) ? materialize(renderIn(scope, v, true)) : v;
  const locked = vaultLockedReason(v);
  if (locked !== undefined) throw new TemplateError(locked);
  if (v === null || typeof v !== 'object' || isUnsafe(v)) return v;
  if (Array.isArray(v)) return v.map((x) => deep(x, scope));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const value = deep(x, scope);
    if (value === OMIT) continue;
    out[hasTemplateSyntax(k) ? pyStr(deep(k, scope)) : k] = value;
  }
  return out;
}

/**
 * Render a value deeply (strings, and keys and values of objects/arrays). A string that is exactly
 * one `{{ expr }}` gives the expression's native value; mixed text gives a string. Object keys
 * whose value renders to OMIT are dropped. Throws TemplateError.
 */
export function renderValue(v: unknown, vars: Record<string, unknown>): unknown {
  if (!isTemplated(v)) return v;
  return deep(v, newScope(vars));
}

const TEXT_GLOBALS: Record<string, unknown> = { ...GLOBALS, ansible_managed: 'Ansible managed' };

/**
 * Render a whole Jinja2 file (the template module): trim_blocks on, lstrip_blocks off, trailing
 * newline kept. `ansible_managed` defaults to "Ansible managed". Errors name the file and line.
 */
export function renderTemplateText(text: string, vars: Record<string, unknown>, opts: { file?: string } & TextOptions = {}): string {
  const { file: _f, ...textOpts } = opts;
  try {
    const t = compile(text, { name: opts.file, text: textOpts });
    return withTextOptions(textOpts, () => runTemplate(t, new RenderContext(newScope(vars, TEXT_GLOBALS))));
  } catch (e) {
    if (!(e instanceof TemplateError) || !opts.file || e.source) throw e;
    const err = new TemplateError(`${opts.file}${e.line ? `:${e.line}` : ''}: ${e.message}`, { hint: e.hint, source: opts.file, line: e.line, col: e.col });
    throw err;
  }
}
