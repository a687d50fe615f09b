/**
 * Connection variables an inventory fixes literally, checked as it is read: an ansible_port of 'abc'
 * or 99999, or an ansible_timeout of 'soon', can never connect. Ansible reads such an inventory and
 * runs plays on its other hosts, so the value is kept (as written) and its located error is kept
 * beside it, with the group or host whose vars set it: a run refuses it, before any host is
 * contacted, only for a host it targets and only when that value is the one in effect for the host
 * (a host var overriding a bad group var clears it). The rules are the transport's own
 * (transport/conn-values.ts). Templated values ("{{ port }}") are rendered and checked per host.
 */
import { isPair, isScalar, type Node, type YAMLMap } from 'yaml';
import { isTemplated } from '../template/index.js';
import { portNumber, PORT_DOMAIN, timeoutSeconds, TIMEOUT_DOMAIN } from '../transport/conn-values.js';
import type { ValidationError } from '../util/errors.js';
import { plainValue, type LocatedDocument } from '../util/yaml.js';

/** Located problems of the literal values of a mapping of variables, by variable name. */
export type ConnVarProblems = Record<string, ValidationError>;

const RULES: Record<string, { ok: (v: unknown) => unknown; domain: string }> = {
  ansible_port: { ok: portNumber, domain: PORT_DOMAIN },
  ansible_ssh_port: { ok: portNumber, domain: PORT_DOMAIN },
  ansible_timeout: { ok: timeoutSeconds, domain: TIMEOUT_DOMAIN },
  ansible_ssh_timeout: { ok: timeoutSeconds, domain: TIMEOUT_DOMAIN },
};

/** Names of one setting, in the order the transport reads them (the first one set is used). */
const READ_ORDER = [
  ['ansible_port', 'ansible_ssh_port'],
  ['ansible_timeout', 'ansible_ssh_timeout'],
];

/** What is wrong with a variable's literal value, or undefined (also for other variables, unset and templated values). */
export function connVarProblem(name: string, value: unknown): string | undefined {
  const rule = RULES[name];
  if (!rule || value === null || value === undefined || value === '' || isTemplated(value)) return undefined;
  if (rule.ok(value) !== undefined) return undefined;
  const shown = typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value);
  return `${name} must be ${rule.domain}, not ${shown}`;
}

/** The problems of a YAML mapping of variables, each located at its value, by variable name. */
export function yamlConnVarProblems(doc: LocatedDocument, map: YAMLMap): ConnVarProblems {
  const out: ConnVarProblems = {};
  for (const p of map.items) {
    if (!isPair(p) || !isScalar(p.key)) continue;
    const name = String(p.key.value);
    if (!(name in RULES)) continue;
    const why = connVarProblem(name, plainValue(p.value as Node | null, doc.doc));
    if (why) out[name] = doc.error(why, (p.value as Node | null) ?? (p.key as Node));
  }
  return out;
}

/**
 * `vars` were set on `entity` (later sources and files override earlier ones key by key): the
 * problem of each key they set is now the one given for it, or none.
 */
export function noteProblems(into: Map<string, Map<string, ValidationError>>, entity: string, vars: Record<string, unknown>, problems: ConnVarProblems = {}): void {
  let mine = into.get(entity);
  for (const k of Object.keys(vars)) {
    mine?.delete(k);
    if (!problems[k]) continue;
    if (!mine) into.set(entity, (mine = new Map()));
    mine.set(k, problems[k]);
  }
  if (mine?.size === 0) into.delete(entity);
}

/**
 * Of the problems of a host's values in effect (`vars`, the host's variables; `problems`, the located
 * problem of each that has one), those a connection meets, by variable: it reads the first of
 * ansible_port and ansible_ssh_port that is set (and so for the timeouts).
 */
export function problemsInEffect(vars: Record<string, unknown>, problems: Map<string, ValidationError>): Map<string, ValidationError> {
  const out = new Map<string, ValidationError>();
  for (const names of READ_ORDER) {
    const used = names.find((n) => vars[n] !== undefined && vars[n] !== null && vars[n] !== '');
    const e = used === undefined ? undefined : problems.get(used);
    if (e) out.set(used!, e);
  }
  return out;
}
