/**
 * Ansible's YAML (and JSON) inventory format: top-level keys are groups; a group has `hosts`
 * (a mapping of host patterns to their vars), `children` (a mapping of groups, nested to any
 * depth) and `vars`. Every problem is reported with its line and column, unknown keys with a
 * "did you mean" hint.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { nearest, ValidationError, ValidationErrors } from '../util/errors.js';
import { parseYaml, plainValue, type LocatedDocument } from '../util/yaml.js';
import type { InventoryBuilder } from './builder.js';
import { yamlConnVarProblems, type ConnVarProblems } from './conn-vars.js';
import { isListFormat, parseListDocument } from './json-list-source.js';
import { didYouMean } from './located.js';
import { badGroupName, GROUP_KEYS } from './names.js';
import { expandHostPattern, HostPatternError } from './ranges.js';

type Errors = ValidationError[];

/** Parse a YAML inventory into the builder; returns the problems found (nothing is thrown). */
export function parseYamlInventory(text: string, file: string, b: InventoryBuilder): Errors {
  let doc: LocatedDocument;
  try {
    doc = parseYaml(text, file);
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors;
    throw e;
  }
  return parseYamlDocument(doc, b);
}

export function parseYamlDocument(doc: LocatedDocument, b: InventoryBuilder): Errors {
  const errors: Errors = [];
  const root = resolve(doc, doc.doc.contents as Node | null);
  if (root === null || (isScalar(root) && root.value === null)) return errors;
  if (!isMap(root)) {
    errors.push(doc.error('an inventory must be a mapping of group names (such as all:) to groups', root, 'start with "all:" and put hosts under "hosts:"'));
    return errors;
  }
  if (isListFormat(doc)) return parseListDocument(doc, b);
  const pairs = pairsOf(doc, root);
  const plugin = pairs.find((p) => keyText(doc, p) === 'plugin');
  if (plugin) {
    errors.push(doc.error('inventory plugins (plugin:) are not supported: use a static YAML or INI inventory', plugin.key as Node));
    return errors;
  }
  for (const p of pairs) group(doc, b, errors, p, undefined);
  return errors;
}

function group(doc: LocatedDocument, b: InventoryBuilder, errors: Errors, pair: Pair, parent: string | undefined): void {
  const name = keyText(doc, pair);
  const keyNode = pair.key as Node;
  const why = name === undefined ? 'a group name must be a plain string' : badGroupName(name);
  if (why || name === undefined) {
    errors.push(doc.error(why!, keyNode));
    return;
  }
  b.group(name);
  if (parent !== undefined) {
    const loop = b.addChild(parent, name);
    if (loop) {
      errors.push(doc.error(loop, keyNode));
      return;
    }
  }
  const body = resolve(doc, pair.value as Node | null);
  if (isNull(body)) return;
  if (!isMap(body)) {
    errors.push(
      doc.error(`group '${name}' must be a mapping with hosts, children or vars, not ${kindOf(body)}`, body ?? keyNode, isSeq(body) ? `list hosts as a mapping under 'hosts:' (each "name:" on its own line)` : undefined),
    );
    return;
  }
  for (const p of pairsOf(doc, body)) {
    const key = keyText(doc, p);
    const value = resolve(doc, p.value as Node | null);
    if (key === 'hosts') hosts(doc, b, errors, name, value, p);
    else if (key === 'vars') {
      if (isNull(value)) continue;
      if (!isMap(value)) {
        errors.push(doc.error(`the vars of group '${name}' must be a mapping of variable names to values, not ${kindOf(value)}`, value ?? (p.key as Node)));
        continue;
      }
      b.setGroupVars(name, toObject(doc, value), yamlConnVarProblems(doc, value));
    } else if (key === 'children') {
      if (isNull(value)) continue;
      if (!isMap(value)) {
        errors.push(
          doc.error(`the children of group '${name}' must be a mapping of group names, not ${kindOf(value)}`, value ?? (p.key as Node), isSeq(value) ? 'write each child group as "name:" on its own line' : undefined),
        );
        continue;
      }
      for (const c of pairsOf(doc, value)) group(doc, b, errors, c, name);
    } else {
      const near = key === undefined ? undefined : nearest(key, GROUP_KEYS);
      errors.push(
        doc.error(
          `unknown key '${key ?? '?'}' in group '${name}': expected hosts, children or vars`,
          p.key as Node,
          didYouMean(near) ?? `put hosts under '${name}: hosts:' and child groups under '${name}: children:'`,
        ),
      );
    }
  }
}

function hosts(doc: LocatedDocument, b: InventoryBuilder, errors: Errors, groupName: string, node: Node | null, pair: Pair): void {
  if (isNull(node)) return;
  if (!isMap(node)) {
    errors.push(
      doc.error(`the hosts of group '${groupName}' must be a mapping of host names to their variables, not ${kindOf(node)}`, node ?? (pair.key as Node), 'write each host as "name:" on its own line, its variables indented under it'),
    );
    return;
  }
  for (const p of pairsOf(doc, node)) {
    const pattern = keyText(doc, p);
    const keyNode = p.key as Node;
    if (pattern === undefined) {
      errors.push(doc.error('a host name must be a plain string', keyNode));
      continue;
    }
    let expanded;
    try {
      expanded = expandHostPattern(pattern);
    } catch (e) {
      if (!(e instanceof HostPatternError)) throw e;
      errors.push(doc.error(e.message, keyNode));
      continue;
    }
    const value = resolve(doc, p.value as Node | null);
    let vars: Record<string, unknown> = {};
    let problems: ConnVarProblems = {};
    if (!isNull(value)) {
      if (!isMap(value)) {
        const hint = isScalar(value) ? `to give its address write "${pattern}: {ansible_host: ${String(value.value)}}"` : undefined;
        errors.push(doc.error(`the variables of host '${pattern}' must be a mapping, not ${kindOf(value)}`, value ?? keyNode, hint));
        continue;
      }
      vars = toObject(doc, value);
      problems = yamlConnVarProblems(doc, value);
    }
    if (expanded.port !== undefined) {
      vars.ansible_port = expanded.port;
      delete problems.ansible_port;
    }
    for (const h of expanded.names) b.addHost(h, groupName, { ...vars }, problems);
  }
}

/** A mapping's pairs with `<<` merge keys expanded (explicit keys win over merged ones). */
function pairsOf(doc: LocatedDocument, map: YAMLMap): Pair[] {
  const own: Pair[] = [];
  const merged: Pair[] = [];
  for (const p of map.items) {
    if (!isPair(p)) continue;
    if (isScalar(p.key) && p.key.value === '<<') {
      const v = resolve(doc, p.value as Node | null);
      const sources = isSeq(v) ? v.items.map((i) => resolve(doc, i as Node)) : [v];
      for (const s of sources) if (isMap(s)) merged.push(...pairsOf(doc, s));
    } else own.push(p);
  }
  const seen = new Set(own.map((p) => keyText(doc, p)));
  return [...merged.filter((p) => !seen.has(keyText(doc, p))), ...own];
}

/** A key as the text it was written with (`010:` is the name "010", not the number 10). */
function keyText(doc: LocatedDocument, p: Pair): string | undefined {
  const k = resolve(doc, p.key as Node | null);
  if (!isScalar(k)) return undefined;
  if (typeof k.value === 'string') return k.value;
  if (k.value === null) return typeof k.source === 'string' && k.source !== '' ? k.source : undefined;
  return typeof k.source === 'string' ? k.source : String(k.value);
}

function resolve(doc: LocatedDocument, n: Node | null | undefined): Node | null {
  let node = n ?? null;
  for (let i = 0; i < 100 && node && isAlias(node); i++) node = (node.resolve(doc.doc) as Node | undefined) ?? null;
  return node;
}

function isNull(n: Node | null): boolean {
  return n === null || (isScalar(n) && n.value === null);
}

function kindOf(n: Node | null): string {
  if (isSeq(n)) return 'a list';
  if (isScalar(n)) return typeof n.value === 'string' ? `the string '${n.value}'` : `the value ${String(n.value)}`;
  return 'this';
}

function toObject(doc: LocatedDocument, map: YAMLMap): Record<string, unknown> {
  const v = plainValue(map, doc.doc);
  return v !== null && typeof v === 'object' ? { ...(v as Record<string, unknown>) } : {};
}
