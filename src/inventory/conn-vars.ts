/**
 * Connection variables an inventory fixes literally, checked as it is read: an ansible_port of 'abc'
 * or 99999, or an ansible_timeout of 'soon', can never connect, so it is an error at its line before
 * anything runs rather than a failure of each host when it is reached. The rules are the transport's
 * own (transport/conn-values.ts). Templated values ("{{ port }}") are rendered and checked per host.
 */
import { isPair, isScalar, type Node, type YAMLMap } from 'yaml';
import { isTemplated } from '../template/index.js';
import { portNumber, PORT_DOMAIN, timeoutSeconds, TIMEOUT_DOMAIN } from '../transport/conn-values.js';
import type { ValidationError } from '../util/errors.js';
import { plainValue, type LocatedDocument } from '../util/yaml.js';

const RULES: Record<string, { ok: (v: unknown) => unknown; domain: string }> = {
  ansible_port: { ok: portNumber, domain: PORT_DOMAIN },
  ansible_ssh_port: { ok: portNumber, domain: PORT_DOMAIN },
  ansible_timeout: { ok: timeoutSeconds, domain: TIMEOUT_DOMAIN },
  ansible_ssh_timeout: { ok: timeoutSeconds, domain: TIMEOUT_DOMAIN },
};

/** What is wrong with a variable's literal value, or undefined (also for other variables, unset and templated values). */
export function connVarProblem(name: string, value: unknown): string | undefined {
  const rule = RULES[name];
  if (!rule || value === null || value === undefined || value === '' || isTemplated(value)) return undefined;
  if (rule.ok(value) !== undefined) return undefined;
  const shown = typeof value === 'string' || typeof value === 'number' ? JSON.stringify(value) : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'a mapping' : String(value);
  return `${name} must be ${rule.domain}, not ${shown}`;
}

/** The problems of a YAML mapping of variables, each at its value. */
export function yamlConnVarErrors(doc: LocatedDocument, map: YAMLMap): ValidationError[] {
  const errors: ValidationError[] = [];
  for (const p of map.items) {
    if (!isPair(p) || !isScalar(p.key)) continue;
    const name = String(p.key.value);
    if (!(name in RULES)) continue;
    const why = connVarProblem(name, plainValue(p.value as Node | null, doc.doc));
    if (why) errors.push(doc.error(why, (p.value as Node | null) ?? (p.key as Node)));
  }
  return errors;
}
