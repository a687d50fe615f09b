/**
 * Masking of results before they leave the engine in events: no_log replaces a result by Ansible's
 * "censored" message (keeping only the status fields), and secret strings (become passwords, values
 * of a module's secretArgs) are replaced wherever they appear in a result, however deep. Values the
 * vault revealed (vault/keyring.ts) are masked in every event but what debug prints on purpose (as
 * Ansible's `debug: var=secret` shows it); registered results keep them, as in Ansible.
 */
import { getModule } from '../modules/registry.js';
import type { ModuleResult } from '../modules/types.js';
import { revealedValues, SECRET_MASK } from '../vault/index.js';
import type { EngineEvent } from './events.js';

export const CENSORED = "the output has been hidden due to the fact that 'no_log: true' was specified for this result";
/** What Ansible's modules print in place of a no_log parameter's value. */
export { SECRET_MASK };

/** Fields a censored result keeps (Ansible's TaskResult._PRESERVE plus the status flags). */
const PRESERVE = ['attempts', 'changed', 'retries', 'failed', 'skipped', 'unreachable'];

export function censor(result: ModuleResult): ModuleResult {
  const out: ModuleResult = { censored: CENSORED };
  for (const k of PRESERVE) if (k in result) out[k] = result[k];
  return out;
}

/** Secrets worth masking: non-empty strings (short ones would mask half the output; keep ≥ 2 chars). */
export function secretStrings(values: unknown[]): string[] {
  const out = new Set<string>();
  const visit = (v: unknown) => {
    if (typeof v === 'string') {
      if (v.length >= 2) out.add(v);
    } else if (typeof v === 'number') {
      if (String(v).length >= 2) out.add(String(v));
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') Object.values(v).forEach(visit);
  };
  values.forEach(visit);
  // longest first, so a secret containing another is replaced whole
  return [...out].sort((a, b) => b.length - a.length);
}

/** Replace every occurrence of each secret in every string of `value` (keys included). */
export function maskSecrets<T>(value: T, secrets: string[]): T {
  if (!secrets.length) return value;
  const maskStr = (s: string) => {
    let r = s;
    for (const sec of secrets) if (r.includes(sec)) r = r.split(sec).join(SECRET_MASK);
    return r;
  };
  const walk = (v: unknown, depth: number): unknown => {
    if (depth > 64) return v;
    if (typeof v === 'string') return maskStr(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1));
    if (v && typeof v === 'object' && !(v instanceof Date) && !Buffer.isBuffer(v)) {
      // a typed value of the template layer (NativeJinjaText) shows as its JSON form
      const toJSON = (v as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') return walk(toJSON.call(v), depth + 1);
      const o: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) o[maskStr(k)] = walk(x, depth + 1);
      return o;
    }
    return v;
  };
  return walk(value, 0) as T;
}

/** An event as it may leave the engine: vault-revealed values masked, but in a debug task's result. */
export function maskVaultValues(e: EngineEvent): EngineEvent {
  const values = revealedValues();
  if (!values.length) return e;
  if ((e.type === 'host_task_result' || e.type === 'host_task_retry') && getModule(e.task.module)?.name === 'debug') return e;
  return maskSecrets(e, values);
}

/** The result as it may be shown: censored under no_log, secrets masked in any case. */
export function displayResult(result: ModuleResult, noLog: boolean, secrets: string[]): ModuleResult {
  return maskSecrets(noLog ? censor(result) : result, secrets);
}
