/**
 * Rendering entry points: values (deep, native types, omit), template files (the template module).
 * Every call gets a fresh Scope, so lazy variables are rendered at most once per call.
 */
import { TemplateError, Undefined } from './errors.js';
import { compile, runTemplate, withTextOptions, type TextOptions } from './environment.js';
import { GLOBALS } from './globals.js';
import { OMIT } from './omit.js';
import { NativeJinjaText, prim, pyStr, TypedText } from './pyvalues.js';
import { literalEval } from '../py/literal.js';
import { settings } from '../config/index.js';
import { NO_NATIVE, RenderContext } from './runtime.js';
import { hasKey, hasTemplateSyntax, isUnsafe, materialize, Scope } from './scope.js';
import { unsafeString } from '../util/yaml-unsafe.js';
import { vaultLockedReason } from '../util/yaml-vault.js';
import './filters/core.js';
import './filters/convert.js';
import './filters/data.js';
import './filters/lists.js';
import './filters/math.js';
import './filters/strings.js';
import './filters/urls.js';
import './tests.js';

/**
 * Ansible's jinja2_native setting (ANSIBLE_JINJA2_NATIVE or ansible.cfg's jinja2_native): template results are Python literals
 * read back to values (ansible_native_concat) instead of text read back only when it looks like a
 * list, a dict or a boolean (ansible_eval_concat).
 */
export function jinja2Native(): boolean {
  return settings().get<boolean>('DEFAULT_JINJA2_NATIVE') === true;
}

/**
 * A template's text result as Ansible reads it back. Outside jinja2_native (ansible_eval_concat):
 * text that starts with { or [, or is True/False, becomes the Python literal it spells (JSON's
 * true/false/null too), else stays text. In jinja2_native (ansible_native_concat): any Python
 * literal becomes its value, except that a string literal keeps its quotes.
 */
export function readBack(out: string, native: boolean): unknown {
  if (!native) {
    if (!(out.startsWith('{') || out.startsWith('[') || out === 'True' || out === 'False')) return out;
    const r = literalEval(out, true);
    return r.ok ? r.value : out;
  }
  const r = literalEval(out, false);
  if (!r.ok) return out;
  return typeof r.value === 'string' ? out[0] + r.value + out[0] : r.value;
}

/**
 * Render one template string in a scope: the value of a lone {{ expr }} (a string read back as
 * Ansible does, see readBack), else the text read back. `native` false: always the text. A playbook
 * value (escapeBackslashes) keeps the backslashes of string literals inside {{ }} as written, as Ansible.
 */
export function renderIn(scope: Scope, src: string, native: boolean, escapeBackslashes = false): unknown {
  const t = compile(src, { native, escapeBackslashes });
  const ctx = new RenderContext(scope);
  const text = runTemplate(t, ctx);
  if (!native) return text;
  const nativeMode = jinja2Native();
  if (!t.single || ctx.native === NO_NATIVE) return readBack(text, nativeMode);
  if (ctx.native instanceof NativeJinjaText) return ctx.native;
  const v = prim(ctx.native);
  if (v instanceof Undefined) throw v.error();
  if (typeof v === 'string') return readBack(t.single.lead + v + t.single.trail, nativeMode);
  // Ansible (non-native) renders None as '' unless the value is one variable named alone ({{ name }})
  if ((v === null || v === undefined) && escapeBackslashes && !nativeMode && !isSingleVar(scope, src)) return '';
  return v === undefined ? null : v;
}

/** Ansible's Templar.SINGLE_VAR: a template that is one variable's name alone (a variable of the scope). */
function isSingleVar(scope: Scope, src: string): boolean {
  const m = /^\{\{\s*(\w*)\s*\}\}$/.exec(src);
  return m !== null && hasKey(scope.vars, m[1]);
}

const renderer = (src: string, scope: Scope): unknown => renderIn(scope, src, true, true);

export function newScope(vars: Record<string, unknown>, globals: Record<string, unknown> = GLOBALS): Scope {
  return new Scope(vars, renderer, globals);
}

/**
 * A string or, deep inside objects/arrays, a string containing template syntax (or a `!vault` value
 * no secret opened, whose rendering fails; or an `!unsafe` string or a TypedText, which rendering
 * gives as its text).
 */
export function isTemplated(v: unknown): boolean {
  if (typeof v === 'string') return hasTemplateSyntax(v);
  if (vaultLockedReason(v) !== undefined || unsafeString(v) !== undefined || v instanceof TypedText) return true;
  if (Array.isArray(v)) return v.some(isTemplated);
  if (v !== null && typeof v === 'object') return Object.entries(v).some(([k, x]) => hasTemplateSyntax(k) || isTemplated(x));
  return false;
}

function deep(v: unknown, scope: Scope, keepTypes: boolean): unknown {
  if (typeof v === 'string') {
    if (!hasTemplateSyntax(v)) return v;
    const out = materialize(renderIn(scope, v, true, true), [], keepTypes);
    // a rendered string is Python's str (set_fact keeps that), not the AnsibleUnicode YAML gave
    return keepTypes && typeof out === 'string' ? new TypedText(out) : out;
  }
  const locked = vaultLockedReason(v);
  if (locked !== undefined) throw new TemplateError(locked);
  const text = unsafeString(v);
  if (text !== undefined) return text;
  if (v instanceof TypedText) return keepTypes ? v : v.text;
  if (v === null || typeof v !== 'object' || isUnsafe(v)) return v;
  if (Array.isArray(v)) return v.map((x) => deep(x, scope, keepTypes));
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    const value = deep(x, scope, keepTypes);
    if (value === OMIT) continue;
    out[hasTemplateSyntax(k) ? pyStr(deep(k, scope, false)) : k] = value;
  }
  return out;
}

/**
 * Render a value deeply (strings, and keys and values of objects/arrays). A string that is exactly
 * one `{{ expr }}` gives the expression's native value; mixed text gives a string. Object keys
 * whose value renders to OMIT are dropped. Throws TemplateError. With `keepTypes` (set_fact, in
 * jinja2_native mode, where the targets look at the types),
 * rendered strings are TypedText (str, or NativeJinjaText from a string filter; template/pyvalues.ts),
 * else plain strings.
 */
export function renderValue(v: unknown, vars: Record<string, unknown>, opts: { keepTypes?: boolean } = {}): unknown {
  if (!isTemplated(v)) return v;
  return deep(v, newScope(vars), (opts.keepTypes ?? false) && jinja2Native());
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
    const err = new TemplateError(`${opts.file}${e.line ? `:${e.line}` : ''}: ${e.message}`, { hint: e.hint, source: opts.file, line: e.line, col: e.col, undefined: e.undefined });
    throw err;
  }
}
