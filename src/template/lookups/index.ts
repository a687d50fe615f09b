/**
 * The lookup plugins, by name (Ansible's lookup_loader for the lookups machinist has), and
 * lookup()/query() as Ansible's Templar._lookup: `wantlist`, `errors=strict|warn|ignore`, and the
 * joining of a non-list result (strings joined with ',', a lone value as it is).
 */
import { nearest } from '../../util/errors.js';
import { TemplateError, Undefined } from '../errors.js';
import { prim, pyStr, truthy } from '../pyvalues.js';
import type { RenderContext } from '../runtime.js';
import { CONTROLLER_LOOKUPS } from './controller.js';
import { FILE_LOOKUPS } from './files.js';
import { LIST_LOOKUPS } from './lists.js';
import { LookupError, LookupFailure, type Lookup, type LookupCall } from './types.js';

export const LOOKUPS: Record<string, Lookup> = { ...LIST_LOOKUPS, ...CONTROLLER_LOOKUPS, ...FILE_LOOKUPS };

/** The names of the lookups machinist has, sorted. */
export function lookupNames(): string[] {
  return Object.keys(LOOKUPS).sort();
}

/** Ansible's lookups that machinist does not have (a with_ loop or lookup() of one fails when it runs). */
const ANSIBLE_ONLY = ['config', 'csvfile', 'ini', 'inventory_hostnames', 'unvault', 'url', 'varnames'];

/** The short name of a lookup (ansible.builtin.file → file). */
export function lookupName(name: string): string {
  return name.replace(/^ansible\.(builtin|legacy)\./, '');
}

/** The plugin called `name`, or a TemplateError naming the nearest one. */
export function getLookup(name: string): Lookup {
  const short = lookupName(name);
  const fn = Object.prototype.hasOwnProperty.call(LOOKUPS, short) ? LOOKUPS[short] : undefined;
  if (fn) return fn;
  if (ANSIBLE_ONLY.includes(short)) throw new TemplateError(`lookup plugin '${short}' is not supported by machinist`);
  const near = nearest(short, Object.keys(LOOKUPS));
  throw new TemplateError(`lookup plugin (${name}) not found${near ? `; did you mean '${near}'?` : ''}`, { hint: near ? `did you mean '${near}'?` : undefined });
}

/** Whether `name` is a lookup machinist has. */
export function isLookup(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(LOOKUPS, lookupName(name));
}

/** Ansible's names of its own error classes, for the "unhandled exception" message. */
function errorClass(e: unknown): string {
  if (e instanceof LookupError || e instanceof TemplateError) return "<class 'ansible.errors.AnsibleError'>";
  return `<class '${(e as Error)?.name ?? 'Exception'}'>`;
}

/** lookup(name, *terms, **kw) / query(...): run the plugin and shape its result. */
export function runLookup(ctx: RenderContext, args: unknown[], kwargs: Record<string, unknown>, wantListCall: boolean): unknown {
  const name = pyStr(prim(args[0]));
  const fn = getLookup(name);
  const kw = { ...kwargs };
  const wantList = wantListCall || truthy(kw.wantlist ?? false);
  const errors = pyStr(prim(kw.errors ?? 'strict'));
  delete kw.wantlist;
  delete kw.errors;
  delete kw.allow_unsafe;
  const terms = args.slice(1).map((t) => {
    const v = prim(t);
    if (v instanceof Undefined) throw v.error();
    return v;
  });
  const call: LookupCall = { ctx, kw };
  let ran: unknown[];
  try {
    ran = fn(terms, call);
  } catch (e) {
    const handled = e instanceof LookupFailure;
    if (!handled && e instanceof TemplateError && !(e instanceof LookupError)) throw e;
    if (errors !== 'warn' && errors !== 'ignore') {
      if (handled) throw e;
      // AnsibleError(msg, orig_exc=e) appends the original message once more
      const orig = (e as Error)?.message ?? String(e);
      throw new TemplateError(`An unhandled exception occurred while running the lookup plugin '${lookupName(name)}'. Error was a ${errorClass(e)}, original message: ${orig}. ${orig}`);
    }
    // Ansible returns None, which a template renders as '' (its finalize): '' here, as set_fact then holds
    return wantList ? [] : '';
  }
  if (wantList || ran.length === 0) return ran;
  if (ran.every((x) => typeof prim(x) === 'string')) return ran.map((x) => prim(x)).join(',');
  return ran.length === 1 ? ran[0] : ran;
}
