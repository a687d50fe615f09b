/**
 * Walking parsed YAML with locations: mapping entries (merge keys `<<` expanded, aliases followed),
 * plain values of sub-trees, and short type names for messages.
 */
import { isAlias, isMap, isScalar, isSeq, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { plainValue } from '../util/yaml.js';

export interface Entry {
  key: string;
  keyNode: Node;
  /** null for `key:` with nothing after it. */
  valueNode: Node | null;
}

/** Follow an alias to the node it names. */
export function deref(node: unknown, doc: Document): Node | null {
  let n = node as Node | null | undefined;
  for (let i = 0; i < 100 && n && isAlias(n); i++) n = n.resolve(doc) as Node | undefined;
  return n ?? null;
}

export function asMap(node: unknown, doc: Document): YAMLMap | undefined {
  const n = deref(node, doc);
  return isMap(n) ? n : undefined;
}

export function asSeq(node: unknown, doc: Document): YAMLSeq | undefined {
  const n = deref(node, doc);
  return isSeq(n) ? n : undefined;
}

function isMergeKey(key: unknown): boolean {
  return isScalar(key) && (typeof key.value === 'symbol' || (key.value === '<<' && key.source === '<<'));
}

/** Entries of a mapping in order, merged-in keys first, later keys overriding earlier ones. */
export function entries(map: YAMLMap, doc: Document): Entry[] {
  const byKey = new Map<string, Entry>();
  for (const pair of map.items) {
    if (isMergeKey(pair.key)) {
      const v = deref(pair.value, doc);
      const sources = isSeq(v) ? v.items.map((x) => deref(x, doc)) : [v];
      for (const src of sources) {
        if (!isMap(src)) continue;
        for (const e of entries(src, doc)) if (!byKey.has(e.key)) byKey.set(e.key, e);
      }
      continue;
    }
    const keyNode = pair.key as Node;
    const key = isScalar(keyNode) ? String(keyNode.value) : String(keyNode);
    byKey.delete(key);
    byKey.set(key, { key, keyNode, valueNode: deref(pair.value, doc) });
  }
  return [...byKey.values()];
}

/** Plain JavaScript value of a node (aliases and merges resolved); null node → null. */
export function toValue(node: Node | null, doc: Document): unknown {
  return plainValue(node, doc);
}

/** A short name for a value's type, for "expected X, got Y" messages. */
export function typeName(node: Node | null): string {
  if (!node) return 'nothing';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  if (isScalar(node)) {
    const v = node.value;
    if (v === null) return 'nothing';
    if (typeof v === 'string') return `the string '${v.length > 40 ? v.slice(0, 37) + '...' : v}'`;
    if (typeof v === 'boolean') return `the boolean ${v}`;
    if (typeof v === 'number') return `the number ${v}`;
  }
  return 'a value';
}
