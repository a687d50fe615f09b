/**
 * loop, with_<lookup> (with_items, with_dict, with_sequence, ... any lookup machinist has) and
 * loop_control, shared by tasks and include_tasks. A with_ value is kept as written: the engine hands it
 * to the lookup (template/loop-lookup.ts) on each host.
 */
import { isScalar, type Node } from 'yaml';
import { nearest } from '../util/errors.js';
import { report, type FileCtx } from './context.js';
import { asMap, asSeq, entries, toValue, typeName, type Entry } from './nodes.js';
import { isLookup } from '../template/index.js';
import { hasTemplate } from './templated.js';
import type { LoopControl } from './types.js';
import { boolOrTemplate, numberValue, varName } from './values.js';

export interface Loopish {
  loop?: unknown;
  loopWith?: string;
  loopControl?: LoopControl;
}

const LOOP_CONTROL_KEYS = ['loop_var', 'label', 'index_var', 'pause', 'extended', 'extended_allitems'];

/** Handle a loop keyword. `state` remembers which loop keyword came first. Returns false for others. */
export function applyLoop(fc: FileCtx, e: Entry, target: Loopish, state: { loopKey?: string }): boolean {
  if (e.key === 'loop_control') {
    const lc = loopControl(fc, e.valueNode);
    if (lc) target.loopControl = lc;
    return true;
  }
  if (e.key !== 'loop' && !isLoopWith(e.key)) return false;
  if (state.loopKey) {
    report(fc, `'${e.key}' cannot be used together with '${state.loopKey}': a task has one loop`, e.keyNode);
    return true;
  }
  state.loopKey = e.key;
  if (e.key !== 'loop') {
    // as Ansible, any value: the lookup makes it a list (a lone string or mapping included)
    target.loop = toValue(e.valueNode, fc.doc.doc);
    target.loopWith = e.key.slice('with_'.length);
    return true;
  }
  const items = loopItems(fc, e.key, e.valueNode);
  if (items !== undefined) target.loop = items;
  return true;
}

/** `with_<name>` where <name> is a lookup machinist has. */
export function isLoopWith(key: string): boolean {
  return key.startsWith('with_') && isLookup(key.slice('with_'.length));
}

function loopItems(fc: FileCtx, key: string, node: Node | null): unknown {
  if (asSeq(node, fc.doc.doc)) return toValue(node, fc.doc.doc);
  if (isScalar(node) && typeof node.value === 'string' && hasTemplate(node.value)) return node.value;
  report(fc, `'${key}' must be a list, or a template that renders to a list (e.g. "{{ users }}"), got ${typeName(node)}`, node);
  return undefined;
}

function loopControl(fc: FileCtx, node: Node | null): LoopControl | undefined {
  const map = asMap(node, fc.doc.doc);
  if (!map) {
    report(fc, `'loop_control' must be a mapping (keys: ${LOOP_CONTROL_KEYS.join(', ')}), got ${typeName(node)}`, node);
    return undefined;
  }
  const out: LoopControl = { loopVar: 'item' };
  let ok = true;
  for (const e of entries(map, fc.doc.doc)) {
    const n = e.valueNode;
    switch (e.key) {
      case 'loop_var': {
        // a template is rendered per host when the task runs
        const v = isScalar(n) && typeof n.value === 'string' && hasTemplate(n.value) ? n.value : varName(fc, 'loop_control.loop_var', n);
        if (v === undefined) ok = false;
        else out.loopVar = v;
        break;
      }
      case 'index_var': {
        const v = varName(fc, 'loop_control.index_var', n);
        if (v === undefined) ok = false;
        else out.indexVar = v;
        break;
      }
      case 'label': {
        const v = toValue(n, fc.doc.doc);
        if (typeof v === 'string' || typeof v === 'number') out.label = String(v);
        else {
          report(fc, `'loop_control.label' must be a string (usually a template such as "{{ item.name }}"), got ${typeName(n)}`, n);
          ok = false;
        }
        break;
      }
      case 'pause': {
        const v = numberValue(fc, 'loop_control.pause', n, { min: 0 });
        if (v === undefined) ok = false;
        else out.pause = v;
        break;
      }
      case 'extended':
      case 'extended_allitems': {
        // ansible_loop is always provided; extended_allitems: false leaves out its allitems, as Ansible
        const v = boolOrTemplate(fc, `loop_control.${e.key}`, n);
        if (v === undefined) ok = false;
        else if (e.key === 'extended') out.extended = v;
        else out.extendedAllitems = v;
        break;
      }
      default: {
        const near = nearest(e.key, LOOP_CONTROL_KEYS);
        report(fc, `'${e.key}' is not a loop_control setting (known: ${LOOP_CONTROL_KEYS.join(', ')})`, e.keyNode, near ? `did you mean '${near}'?` : undefined);
        ok = false;
      }
    }
  }
  return ok ? out : undefined;
}
