/**
 * `with_<lookup>:` loops (Ansible's TaskExecutor._get_loop_items): the value is rendered and made a
 * list (listify_lookup_plugin_terms), then handed to the lookup with wantlist, whose list is the
 * loop's items. Errors are the plugin's own (no lookup() wrapping). with_first_found drops the terms
 * that do not render instead of failing.
 */
import { TemplateError } from './errors.js';
import { getLookup, lookupName } from './lookups/index.js';
import { LookupError } from './lookups/types.js';
import { isDict, prim } from './pyvalues.js';
import { isTemplated, newScope, renderValue } from './render.js';
import { RenderContext } from './runtime.js';

/** The folder a with_first_found loop searches, from the task's module (template → templates, include_vars → vars). */
export function loopSubdir(module: string): string {
  for (const sub of ['template', 'var', 'file']) if (module.includes(sub)) return sub + 's';
  return 'files';
}

/** Render leaf by leaf, keeping a string that does not render as it is (fail_on_undefined=False). */
function lenient(v: unknown, vars: Record<string, unknown>): unknown {
  if (Array.isArray(v)) return v.map((x) => lenient(x, vars));
  if (isDict(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, lenient(x, vars)]));
  try {
    return renderValue(v, vars);
  } catch (e) {
    if (e instanceof TemplateError) return v;
    throw e;
  }
}

/** The items of `with_<name>: terms` on a host whose variables are `vars`. */
export function loopLookup(name: string, terms: unknown, vars: Record<string, unknown>, opts: { module?: string } = {}): unknown[] {
  const short = lookupName(name);
  const fn = getLookup(short);
  let rendered: unknown;
  if (short === 'first_found') {
    // fail_on_undefined=False, then the terms still holding a template are left out
    rendered = lenient(typeof terms === 'string' ? terms.trim() : terms, vars);
    if (Array.isArray(rendered)) rendered = rendered.filter((t) => !(typeof t === 'string' && isTemplated(t)));
  } else rendered = prim(renderValue(typeof terms === 'string' ? terms.trim() : terms, vars));
  let list: unknown[];
  if (Array.isArray(rendered)) list = rendered;
  else if (isDict(rendered)) {
    // a mapping is iterable in Python: the lookups that want a list say so, the others see its keys
    if (short === 'list' || short === 'indexed_items') throw new LookupError(`with_${short} expects a list`);
    list = short === 'dict' ? [rendered] : Object.keys(rendered);
  }
  else list = [rendered];
  const ctx = new RenderContext(newScope(vars));
  const items = fn(list, { ctx, kw: {}, subdir: opts.module ? loopSubdir(opts.module) : 'files' });
  return items;
}
