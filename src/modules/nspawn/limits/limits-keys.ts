/**
 * Key names as users may write them: systemd's CamelCase (as in the man pages), or snake_case
 * (`virtual_ethernet`), in any letter case. Unknown names are refused with the nearest known name,
 * as a zod issue at the key's path, so the playbook loader reports it (file:line:col) before any host
 * is contacted. Used by machine_limits for its `limits` mapping.
 */
import type { z } from 'zod';
import { nearest } from '../../../util/errors.js';

/** "VirtualEthernet" and "virtual_ethernet" and "VIRTUALETHERNET" all fold to "virtualethernet". */
export function foldKey(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}

/**
 * Rename the keys of `obj` to their canonical names in `known`. Unknown keys and two spellings of one
 * key are reported on `ctx` (path: the key as written). `what` names the place ("[Network]").
 */
export function canonicalKeys(obj: Record<string, unknown>, known: readonly string[], what: string, ctx: z.RefinementCtx): Map<string, unknown> {
  const byFold = new Map(known.map((k) => [foldKey(k), k]));
  const out = new Map<string, unknown>();
  const writtenAs = new Map<string, string>();
  for (const [key, value] of Object.entries(obj)) {
    const canon = byFold.get(foldKey(key));
    if (canon === undefined) {
      const near = nearest(key, known);
      ctx.addIssue({
        code: 'custom',
        path: [key],
        message: `unknown key '${key}' in ${what}${near ? `: did you mean '${near}'?` : ` (known keys: ${known.join(', ')})`}`,
      });
      continue;
    }
    const before = writtenAs.get(canon);
    if (before !== undefined) {
      ctx.addIssue({ code: 'custom', path: [key], message: `'${key}' and '${before}' are the same key (${canon}) in ${what}: give it once` });
      continue;
    }
    writtenAs.set(canon, key);
    out.set(canon, value);
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
