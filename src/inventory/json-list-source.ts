/**
 * The JSON that `ansible-inventory --list` (and inventory scripts) print, read back as an inventory:
 * `_meta.hostvars`, and groups as {hosts: [...], children: [...], vars: {...}} or a plain host list.
 * Recognised by its `_meta` key.
 */
import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { nearest, type ValidationError } from '../util/errors.js';
import { plainValue, type LocatedDocument } from '../util/yaml.js';
import type { InventoryBuilder } from './builder.js';
import { yamlConnVarProblems, type ConnVarProblems } from './conn-vars.js';
import { didYouMean } from './located.js';
import { badGroupName, badHostName } from './names.js';

const KEYS = ['hosts', 'children', 'vars'];

export function isListFormat(doc: LocatedDocument): boolean {
  const root = doc.doc.contents;
  return isMap(root) && root.items.some((p) => isScalar(p.key) && p.key.value === '_meta');
}

export function parseListDocument(doc: LocatedDocument, b: InventoryBuilder): ValidationError[] {
  const errors: ValidationError[] = [];
  const root = doc.doc.contents as YAMLMap;
  let hostvars: Record<string, Record<string, unknown>> = {};
  const hostProblems = new Map<string, ConnVarProblems>();
  const pending: [string, string, Node][] = [];
  for (const p of root.items as Pair[]) {
    const name = isScalar(p.key) ? String(p.key.value) : '';
    const keyNode = p.key as Node;
    const value = p.value as Node | null;
    if (name === '_meta') {
      const hv = isMap(value) ? value.get('hostvars', true) : undefined;
      if (hv !== undefined && !isMap(hv)) errors.push(doc.error('_meta.hostvars must be a mapping of host names to their variables', hv as Node));
      else if (hv) {
        for (const hp of (hv as YAMLMap).items as Pair[]) if (isScalar(hp.key) && isMap(hp.value)) hostProblems.set(String(hp.key.value), yamlConnVarProblems(doc, hp.value));
        hostvars = plainValue(hv as YAMLMap, doc.doc) as typeof hostvars;
      }
      continue;
    }
    const why = badGroupName(name);
    if (why) {
      errors.push(doc.error(why, keyNode));
      continue;
    }
    b.group(name);
    if (isSeq(value)) {
      hostList(doc, b, errors, name, value.items as Node[]);
      continue;
    }
    if (!isMap(value)) {
      if (value !== null && !(isScalar(value) && value.value === null)) errors.push(doc.error(`group '${name}' must be an object with hosts, children or vars, or a list of hosts`, value));
      continue;
    }
    for (const gp of value.items as Pair[]) {
      const key = isScalar(gp.key) ? String(gp.key.value) : '';
      const v = gp.value as Node | null;
      if (key === 'hosts' && isSeq(v)) hostList(doc, b, errors, name, v.items as Node[]);
      else if (key === 'vars' && isMap(v)) b.setGroupVars(name, plainValue(v, doc.doc) as Record<string, unknown>, yamlConnVarProblems(doc, v));
      else if (key === 'children' && isSeq(v)) {
        for (const c of v.items as Node[]) pending.push([name, isScalar(c) ? String(c.value) : '', c]);
      } else if (KEYS.includes(key)) {
        errors.push(doc.error(`'${key}' of group '${name}' must be ${key === 'vars' ? 'an object' : 'a list'}`, v ?? (gp.key as Node)));
      } else {
        errors.push(doc.error(`unknown key '${key}' in group '${name}': expected hosts, children or vars`, gp.key as Node, didYouMean(nearest(key, KEYS))));
      }
    }
  }
  for (const [parent, child, node] of pending) {
    const why = badGroupName(child);
    const loop = why ? undefined : b.addChild(parent, child);
    if (why || loop) errors.push(doc.error((why ?? loop)!, node));
  }
  for (const [h, vars] of Object.entries(hostvars)) {
    if (b.hosts.has(h) && vars && typeof vars === 'object') b.setHostVars(h, vars, hostProblems.get(h));
  }
  return errors;
}

function hostList(doc: LocatedDocument, b: InventoryBuilder, errors: ValidationError[], group: string, items: Node[]): void {
  for (const item of items) {
    const h = isScalar(item) ? String(item.value) : '';
    const why = badHostName(h);
    if (why) errors.push(doc.error(why, item));
    else b.addHost(h, group);
  }
}
