/** `when:`, `changed_when:`, `failed_when:`, `until:` and assert's `that:` — Ansible conditionals. */
import { readBoolean } from '../py/bool.js';
import { checkTemplate, type TemplateProblem } from './check.js';
import { TemplateError, Undefined } from './errors.js';
import { compile } from './environment.js';
import { prim, truthy } from './pyvalues.js';
import { renderIn, newScope } from './render.js';
import { hasTemplateSyntax, materialize } from './scope.js';

/** Ansible's boolean reading of a string result ("yes", "False", ...; blank is false); null when it is no such word. */
function boolWord(s: string): boolean | null {
  return s.trim() === '' ? false : (readBoolean(s) ?? null);
}

/** PyYAML's (YAML 1.1) plain booleans that YAML 1.2, which machinist reads, leaves as strings. */
const YAML11_BOOL = /^(?:yes|Yes|YES|on|On|ON|no|No|NO|off|Off|OFF)$/;

/**
 * The truth of the expression's value, as Ansible's `{% if expr %}`: a string is true when it is not
 * empty ("false", "0" are true). Two kinds of strings are read as the booleans Ansible has there:
 * exactly "True" and "False", which Ansible's templating turns into booleans whenever a template
 * renders to them (ansible_eval_concat), and yes/no/on/off, which Ansible's YAML 1.1 reads as
 * booleans when unquoted (`enabled: no`) while YAML 1.2 keeps strings.
 */
function verdict(v: unknown): boolean {
  v = prim(v);
  if (v instanceof Undefined) throw v.error();
  if (v === 'True' || v === 'False') return v === 'True';
  if (typeof v === 'string') return YAML11_BOOL.test(v) ? /^(?:yes|on)$/i.test(v) : v.length > 0;
  return truthy(v);
}

/**
 * Evaluate a conditional: a bare Jinja2 expression (no braces) or a boolean. A result that is a
 * string is read as Ansible's boolean ("yes"/"no"/"true"/"false"...). Throws TemplateError when
 * the expression cannot be evaluated (e.g. an undefined variable), naming the problem.
 */
export function evaluateCondition(expr: string | boolean, vars: Record<string, unknown>): boolean {
  if (typeof expr === 'boolean') return expr;
  if (typeof expr !== 'string') return verdict(expr);
  let e = expr.trim();
  if (e === '') return true;
  const scope = newScope(vars);
  if (hasTemplateSyntax(e)) {
    // when: "{{ x }} == 'y'" — rendered first, then the result is the conditional
    const r = materialize(renderIn(scope, e, true));
    if (typeof r !== 'string') return verdict(r);
    const w = boolWord(r);
    if (w !== null) return w;
    e = r.trim();
    if (hasTemplateSyntax(e)) throw new TemplateError(`conditional still contains template syntax after rendering: ${e}`);
  }
  const w = boolWord(e);
  if (w !== null) return w;
  const src = `{{ ${e} }}`;
  const t = compile(src, { native: true });
  if (!t.single) throw new TemplateError(`a conditional must be one expression: ${e}`);
  return verdict(renderIn(scope, src, true));
}

/**
 * The problems of a conditional found before the run (see evaluateCondition): a bare expression that
 * does not parse or is not one expression, unknown filters and tests. Indexes are into `expr`. A
 * conditional with template syntax is rendered first: only that template can be checked.
 */
export function checkCondition(expr: string): TemplateProblem[] {
  const e = expr.trim();
  const lead = expr.length - expr.trimStart().length;
  const shift = (p: TemplateProblem, by: number): TemplateProblem => (p.index === undefined ? p : { ...p, index: p.index + by });
  if (e === '') return [];
  if (hasTemplateSyntax(e)) return checkTemplate(e).problems.map((p) => shift(p, lead));
  if (boolWord(e) !== null) return [];
  const { problems, compiled } = checkTemplate(`{{ ${e} }}`);
  if (compiled && !compiled.single) return [{ index: lead, message: `a conditional must be one expression: ${e}` }];
  return problems.map((p) => {
    // positions inside "{{ e }}": the expression starts 3 characters in; its end is the end of e
    const at = p.index === undefined ? e.length : Math.min(e.length, Math.max(0, p.index - 3));
    const message = p.message
      .replace(/, got '\}\}'$/, ' (the condition ends there)')
      .replace(/unexpected '\}\}'$/, 'unexpected end of the condition')
      .replace(/expected '\}\}' \(the end of the expression\)$/, 'expected the end of the condition here');
    return { ...p, index: lead + at, message };
  });
}
