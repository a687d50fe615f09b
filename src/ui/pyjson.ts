/**
 * JSON as Ansible prints it in its default callback: Python's json.dumps separators (", " and ": "),
 * sorted keys, and with an indent of 4 for verbose/debug output.
 */

export function pyJson(value: unknown, indent = 0): string {
  return render(value, indent, 0);
}

function render(v: unknown, indent: number, depth: number): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'bigint') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => render(x, indent, depth + 1));
    return wrap('[', ']', items, indent, depth);
  }
  if (typeof v === 'object') {
    const keys = Object.keys(v as object)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort();
    if (keys.length === 0) return '{}';
    const items = keys.map((k) => `${JSON.stringify(k)}: ${render((v as Record<string, unknown>)[k], indent, depth + 1)}`);
    return wrap('{', '}', items, indent, depth);
  }
  return JSON.stringify(String(v));
}

function wrap(open: string, close: string, items: string[], indent: number, depth: number): string {
  if (!indent) return `${open}${items.join(', ')}${close}`;
  const pad = ' '.repeat(indent * (depth + 1));
  const end = ' '.repeat(indent * depth);
  return `${open}\n${items.map((i) => pad + i).join(',\n')}\n${end}${close}`;
}
