/**
 * Whether a value holds Jinja2 templating (`{{`, `{%`), looked at deeply. Values that are templated
 * cannot be checked at load time: they are rendered per host at run time and validated then.
 */
export function hasTemplate(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('{{') || v.includes('{%');
  if (Array.isArray(v)) return v.some(hasTemplate);
  if (v && typeof v === 'object') return Object.entries(v).some(([k, x]) => hasTemplate(k) || hasTemplate(x));
  return false;
}

/**
 * A conditional as the engine wants it: an expression without braces. `"{{ x }}"` (one expression
 * and nothing else) becomes `x`; anything else is kept as written.
 */
export function stripBraces(expr: string): string {
  const m = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(expr);
  if (!m || m[1].includes('{{') || m[1].includes('}}')) return expr.trim();
  return m[1].trim();
}
