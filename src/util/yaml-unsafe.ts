/**
 * Ansible's `!unsafe` in YAML: a value that is never templated. A tagged string (and every string
 * inside a tagged mapping or list, as Ansible's wrap_var does) is kept as `{__ansible_unsafe: text}`
 * (what Ansible's JSON encoder writes for such a value; a plain object, so it survives copies). The
 * template layer reads it as the plain text it holds, never rendered (template/pyvalues.ts prim).
 */
import { isCollection, isPair, isScalar, visit, type Document, type Node } from 'yaml';

/** A string that must never be templated. */
export interface UnsafeText {
  __ansible_unsafe: string;
}

/** Mark a string as never to be templated. */
export function unsafeText(text: string): UnsafeText {
  return { __ansible_unsafe: text };
}

/** The text of an unsafe string (or of a copy of one); undefined for any other value. */
export function unsafeString(v: unknown): string | undefined {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.prototype.hasOwnProperty.call(v, '__ansible_unsafe')) return undefined;
  const text = (v as UnsafeText).__ansible_unsafe;
  return typeof text === 'string' && Object.keys(v).length === 1 ? text : undefined;
}

/** Strings under `node` (values of mappings, items of lists; keys stay strings), made unsafe in place. */
function wrapStrings(node: unknown): void {
  if (isScalar(node)) {
    if (typeof node.value === 'string') node.value = unsafeText(node.value);
  } else if (isCollection(node)) {
    for (const item of node.items) wrapStrings(isPair(item) ? item.value : item);
  }
}

/** Make every `!unsafe` value of a parsed document unsafe text, in place (aliases of it see it too). */
export function applyUnsafeTags(doc: Document.Parsed): void {
  visit(doc, (_key, node) => {
    if ((isScalar(node) || isCollection(node)) && (node as Node).tag === '!unsafe') {
      wrapStrings(node);
      return visit.SKIP;
    }
    return undefined;
  });
}
