/**
 * A task's module arguments as written, normalised to an object: the mapping form, the k=v string
 * form (`copy: src=a dest="b c"`) and the free form of command-like modules (`command: chdir=/tmp ls`
 * → {chdir: '/tmp', cmd: 'ls'}), plus `args:`. Each key remembers where it was written.
 */
import { isScalar, type Node } from 'yaml';
import type { ModuleDef } from '../modules/types.js';
import { report, type FileCtx } from './context.js';
import { ArgsSyntaxError, FreeTextError, keyValue, parseKeyValueArgs, RAW_PARAMS, splitArgs, splitFreeForm } from './args.js';
import { asMap, entries, toValue, typeName } from './nodes.js';
import { schemaShape } from './schema-shape.js';
import { CHECK_RAW_MODULES, parseRawFreeForm } from './free-form.js';

/** Where a key and its value were written: a node, or an offset inside a k=v string. */
export interface ArgLoc {
  key: Node | number;
  value: Node | number;
}

export interface WrittenArgs {
  args: Record<string, unknown>;
  locs: Map<string, ArgLoc>;
}

/** The arguments under a module key (or the text after the module name in `action:`). */
export function moduleArgs(fc: FileCtx, def: ModuleDef, node: Node | null, text?: string): WrittenArgs | undefined {
  const out: WrittenArgs = { args: {}, locs: new Map() };
  if (text === undefined) {
    if (!node || (isScalar(node) && node.value === null)) return out;
    const map = asMap(node, fc.doc.doc);
    if (map) {
      for (const e of entries(map, fc.doc.doc)) {
        out.args[e.key] = toValue(e.valueNode, fc.doc.doc);
        out.locs.set(e.key, { key: e.keyNode, value: e.valueNode ?? e.keyNode });
      }
      return out;
    }
    if (!isScalar(node) || node.value === null || typeof node.value === 'object') {
      report(fc, `the arguments of module '${def.name}' must be a mapping or a "key=value ..." string, got ${typeName(node)}`, node);
      return undefined;
    }
    text = String(node.value);
  }
  const offsets = wordOffsets(node, text);
  try {
    Object.assign(out.args, argsFromText(def, text));
  } catch (e) {
    if (!(e instanceof ArgsSyntaxError)) throw e;
    const freeText = e instanceof FreeTextError;
    report(fc, freeText ? e.message : `cannot parse the arguments of module '${def.name}': ${e.message}`, node, freeText ? 'write the arguments as a mapping, or as key=value pairs' : undefined);
    return undefined;
  }
  for (const k of Object.keys(out.args)) {
    const at = offsets.get(k) ?? node ?? 0;
    out.locs.set(k, { key: at, value: at });
  }
  return out;
}

/** Where each k=v word starts in the file, when the scalar is written plainly on one line. */
function wordOffsets(node: Node | null, text: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!isScalar(node) || !node.range || node.source !== text || text.includes('\n')) return out;
  try {
    for (const w of splitArgs(text)) {
      const kv = keyValue(w.text);
      if (kv && !out.has(kv[0])) out.set(kv[0], node.range[0] + w.start);
    }
  } catch {
    // positions are a nicety; the parse itself reports syntax problems
  }
  return out;
}

/** `args:` (extra arguments, overridden by the module's own): a mapping. */
export function extraArgs(fc: FileCtx, node: Node | null): WrittenArgs | undefined {
  const out: WrittenArgs = { args: {}, locs: new Map() };
  if (!node || (isScalar(node) && node.value === null)) return out;
  const map = asMap(node, fc.doc.doc);
  if (!map) {
    report(fc, `'args' must be a mapping of module arguments, got ${typeName(node)}`, node);
    return undefined;
  }
  for (const e of entries(map, fc.doc.doc)) {
    out.args[e.key] = toValue(e.valueNode, fc.doc.doc);
    out.locs.set(e.key, { key: e.keyNode, value: e.valueNode ?? e.keyNode });
  }
  return out;
}

/** Combine `args:` with the module's arguments (the module's win); null for a known option means unset. */
export function mergeArgs(def: ModuleDef, extra: WrittenArgs | undefined, own: WrittenArgs): WrittenArgs {
  const args = { ...(extra?.args ?? {}), ...own.args };
  const locs = new Map([...(extra?.locs ?? []), ...own.locs]);
  const shape = schemaShape(def.schema).shape ?? {};
  for (const k of Object.keys(args)) if (args[k] === null && k in shape) delete args[k];
  return { args, locs };
}

/**
 * A module's arguments from text alone (ad-hoc `-a`), normalised as in a playbook: the free form of
 * command, shell, script and raw as Ansible's parse_kv(check_raw) reads it (free-form.ts), of
 * include_vars with its leading option words, k=v pairs for the others. Throws an Error
 * with a clear message for text that is neither.
 */
export function argsFromText(def: ModuleDef, text: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  if (def.freeForm && CHECK_RAW_MODULES.has(def.name)) {
    const { options, raw } = parseRawFreeForm(text);
    return raw === undefined ? options : { ...options, [def.freeForm]: raw };
  }
  if (def.freeForm) {
    const optionKeys = new Set(Object.keys(schemaShape(def.schema).shape ?? {}).filter((k) => k !== def.freeForm));
    const { options, rest } = splitFreeForm(text, optionKeys);
    return rest === '' ? options : { ...options, [def.freeForm]: rest };
  }
  const parsed = parseKeyValueArgs(text);
  if (RAW_PARAMS in parsed) throw new FreeTextError(`module '${def.name}' takes key=value arguments, not free-form text ('${parsed[RAW_PARAMS]}')`);
  return parsed;
}

/**
 * The arguments of a task whose module was known only when it ran (`action: "{{ name }} k=v"`): the
 * words after the name parsed for that module, over the mapping arguments and `args:`; null for a
 * known option means unset. Throws an Error with a clear message for words that do not parse.
 */
export function dynamicArgs(def: ModuleDef, written: Record<string, unknown>, text: string): Record<string, unknown> {
  return mergeArgs(def, { args: written, locs: new Map() }, { args: argsFromText(def, text), locs: new Map() }).args;
}
