/**
 * Whether a value holds Jinja2 templating (`{{`, `{%`, `{#`), looked at deeply: the template engine's
 * own test, so the loader and the engine agree on what is rendered at run time. Templated values are
 * not checked at load time; they are rendered per host and validated then.
 */
export { isTemplated as hasTemplate } from '../template/index.js';

/**
 * A conditional as the engine wants it: an expression without braces. `"{{ x }}"` (one expression
 * and nothing else) becomes `x`; anything else is kept as written.
 */
export function stripBraces(expr: string): string {
  const m = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(expr);
  if (!m || m[1].includes('{{') || m[1].includes('}}')) return expr.trim();
  return m[1].trim();
}
