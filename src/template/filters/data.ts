/** Data filters: dict/list reshaping, combine, JSON and YAML. */
import { Document, parse as parseYamlText, isMap, isSeq, visit, isScalar } from 'yaml';
import { jsonDumps } from '../../py/json.js';
import { TemplateError, Undefined } from '../errors.js';
import { bind, splitArgs } from '../args.js';
import { defineFilters } from '../registry.js';
import { isDict, pyCmp, pyEquals, pyRepr, pyStr, truthy, typeName } from '../pyvalues.js';
import { memberLookup } from '../runtime.js';
import { materialize } from '../scope.js';

function needDict(name: string, v: unknown): Record<string, unknown> {
  if (!isDict(v)) throw new TemplateError(`${name} requires a dictionary, got ${typeName(v)} instead.`);
  return v;
}

function sortKeysDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeysDeep);
  if (isDict(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) o[k] = sortKeysDeep(v[k]);
    return o;
  }
  return v;
}

/** PyYAML-like dump: sorted keys, indentless sequences; to_yaml puts leaf collections in flow style. */
export function pyYaml(v: unknown, opts: { indent: number; flowLeaves: boolean }): string {
  const doc = new Document(sortKeysDeep(materialize(v)));
  if (opts.flowLeaves) {
    visit(doc, {
      Map(_k, node) {
        if (node.items.every((p) => isScalar(p.value))) node.flow = true;
      },
      Seq(_k, node) {
        if (node.items.every((i) => isScalar(i))) node.flow = true;
      },
    });
    if (isMap(doc.contents) || isSeq(doc.contents)) {
      const c = doc.contents as { flow?: boolean; items: unknown[] };
      if (c.items.length === 0) c.flow = true;
    }
  }
  return doc.toString({ indent: opts.indent, indentSeq: false, lineWidth: 0 });
}

/** Ansible's combine (merge_hash): b over a, dicts merged when recursive, lists as list_merge says. */
export function combine(a: Record<string, unknown>, b: Record<string, unknown>, recursive: boolean, listMerge: string): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, bv] of Object.entries(b)) {
    const av = out[k];
    if (recursive && isDict(av) && isDict(bv)) out[k] = combine(av, bv, recursive, listMerge);
    else if (Array.isArray(av) && Array.isArray(bv) && listMerge !== 'replace') {
      switch (listMerge) {
        case 'keep':
          break;
        case 'append':
          out[k] = [...av, ...bv];
          break;
        case 'prepend':
          out[k] = [...bv, ...av];
          break;
        case 'append_rp':
          out[k] = [...av.filter((x) => !bv.some((y) => pyEquals(x, y))), ...bv];
          break;
        case 'prepend_rp':
          out[k] = [...bv, ...av.filter((x) => !bv.some((y) => pyEquals(x, y)))];
          break;
        default:
          throw new TemplateError("merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'");
      }
    } else out[k] = bv;
  }
  return out;
}

defineFilters({
  dict2items: (v, ...args) => {
    const a = bind('dict2items', args, ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' });
    if (!isDict(v)) throw new TemplateError(`dict2items requires a dictionary, got <class '${typeName(v)}'> instead.`);
    const d = v;
    return Object.keys(d).map((k) => ({ [String(a.key_name)]: k, [String(a.value_name)]: d[k] }));
  },
  items2dict: (v, ...args) => {
    const a = bind('items2dict', args, ['key_name', 'value_name'], { key_name: 'key', value_name: 'value' });
    if (!Array.isArray(v)) throw new TemplateError(`items2dict requires a list, got <class '${typeName(v)}'> instead.`);
    const [k, val] = [pyStr(a.key_name), pyStr(a.value_name)];
    const out: Record<string, unknown> = {};
    for (const item of v) {
      if (!isDict(item)) throw new TemplateError(`items2dict requires a list of dictionaries, got ${pyRepr(v)} instead.`);
      if (!(k in item) || !(val in item)) {
        throw new TemplateError(`items2dict requires each dictionary in the list to contain the keys '${k}' and '${val}', got ${pyRepr(v)} instead.`);
      }
      out[pyStr(item[k])] = item[val];
    }
    return out;
  },
  combine: (v, ...args) => {
    const { pos, kw } = splitArgs(args);
    for (const k of Object.keys(kw)) if (k !== 'recursive' && k !== 'list_merge') throw new TemplateError("'recursive' and 'list_merge' are the only valid keyword arguments");
    // Ansible flattens the terms one level (skipping nulls) and checks every value is defined
    const dicts = [v, ...pos].flatMap((x) => (Array.isArray(x) ? x : [x])).filter((x) => x !== null && x !== 'None' && x !== 'null');
    checkDefined(dicts);
    if (dicts.length <= 1) return dicts.length ? dicts[0] : {};
    let out = dicts[dicts.length - 1];
    for (const d of dicts.slice(0, -1).reverse()) {
      if (!isDict(d) || !isDict(out)) {
        throw new TemplateError(`failed to combine variables, expected dicts but got a '${typeName(d)}' and a '${typeName(out)}': \n${jsonDumps(d, {})}\n${jsonDumps(out, {})}`);
      }
      out = combine(d, out, truthy(kw.recursive ?? false), pyStr(kw.list_merge ?? 'replace'));
    }
    return out;
  },
  items: (v) => {
    const d = needDict('items', v);
    return Object.keys(d).map((k) => [k, d[k]]);
  },
  dictsort: (v, ...args) => {
    const a = bind('dictsort', args, ['case_sensitive', 'by', 'reverse'], { case_sensitive: false, by: 'key', reverse: false });
    const d = needDict('dictsort', v);
    const idx = a.by === 'value' ? 1 : 0;
    const norm = (x: unknown): unknown => (!truthy(a.case_sensitive) && typeof x === 'string' ? x.toLowerCase() : x);
    const pairs = Object.keys(d).map((k) => [k, d[k]] as [string, unknown]);
    pairs.sort((x, y) => pyCmp(norm(x[idx]), norm(y[idx])));
    return truthy(a.reverse) ? pairs.reverse() : pairs;
  },
  to_json: (v, ...args) => {
    const { kw } = splitArgs(args);
    return jsonDumps(materialize(v), { indent: kw.indent === undefined ? null : Number(kw.indent), sortKeys: truthy(kw.sort_keys ?? false), ensureAscii: truthy(kw.ensure_ascii ?? true) });
  },
  to_nice_json: (v, ...args) => {
    const a = bind('to_nice_json', args, ['indent', 'sort_keys', 'ensure_ascii'], { indent: 4, sort_keys: true, ensure_ascii: true });
    return jsonDumps(materialize(v), { indent: Number(a.indent), sortKeys: truthy(a.sort_keys), ensureAscii: truthy(a.ensure_ascii) });
  },
  from_json: (v) => {
    try {
      return JSON.parse(pyStr(v));
    } catch (e) {
      throw new TemplateError(`from_json: ${(e as Error).message}`);
    }
  },
  to_yaml: (v, ...args) => pyYaml(v, { indent: Number(splitArgs(args).kw.indent ?? 2), flowLeaves: true }),
  to_nice_yaml: (v, ...args) => pyYaml(v, { indent: Number(bind('to_nice_yaml', args, ['indent'], { indent: 4 }).indent), flowLeaves: false }),
  from_yaml: (v) => {
    if (typeof v !== 'string') return v;
    try {
      return parseYamlText(pyStr(v)) ?? null;
    } catch (e) {
      throw new TemplateError(`from_yaml: ${(e as Error).message.split('\n')[0]}`);
    }
  },
  subelements: (v, ...args) => {
    const a = bind('subelements', args, ['subelements', 'skip_missing'], { skip_missing: false });
    let elements: unknown[];
    if (isDict(v)) elements = Object.values(v);
    else if (Array.isArray(v)) elements = v;
    else throw new TemplateError('obj must be a list of dicts or a nested dict');
    let keys: unknown[];
    if (Array.isArray(a.subelements)) keys = a.subelements;
    else if (typeof a.subelements === 'string') keys = a.subelements.split('.');
    else throw new TemplateError('subelements must be a list or a string');
    const out: unknown[] = [];
    for (const element of elements) {
      let values: unknown = element;
      for (const key of keys) {
        if (!isDict(values)) throw new TemplateError(`the key ${pyStr(key)} should point to a dictionary, got '${pyStr(values)}'`);
        if (!Object.prototype.hasOwnProperty.call(values, pyStr(key))) {
          if (truthy(a.skip_missing)) {
            values = [];
            break;
          }
          throw new TemplateError(`could not find ${pyRepr(key)} key in iterated item ${pyRepr(values)}`);
        }
        values = values[pyStr(key)];
      }
      if (!Array.isArray(values)) throw new TemplateError(`the key ${pyRepr(keys[keys.length - 1])} should point to a list, got ${pyRepr(values)}`);
      for (const x of values) out.push([element, x]);
    }
    return out;
  },
});

/** Ansible's recursive_check_defined: an undefined value anywhere inside raises its error. */
function checkDefined(v: unknown): void {
  if (v instanceof Undefined) throw v.error();
  if (Array.isArray(v)) v.forEach(checkDefined);
  else if (isDict(v)) Object.values(v).forEach(checkDefined);
}

defineFilters(
  {
    /** Jinja2's getitem for each key in turn: a missing one (or an undefined container) gives an undefined value. */
    extract: (item, container, morekeys) => {
      if (item instanceof Undefined) throw item.error();
      const keys = morekeys === undefined || morekeys === null ? [item] : Array.isArray(morekeys) ? [item, ...morekeys] : [item, morekeys];
      let value = container;
      for (const k of keys) value = memberLookup(value, k);
      return value;
    },
  },
  { undefinedOk: true },
);
