/**
 * set_fact: every key becomes a host variable (result.ansible_facts, merged by the engine).
 * `cacheable` is accepted (there is no fact cache: it only drops out of the facts).
 */
import { z } from 'zod';
import { defineModule } from '../types.js';
import { boolish, builtinAliases } from '../kit/args.js';
import { jinja2Native, TypedText } from '../../template/index.js';

const PY_KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del',
  'elif', 'else', 'except', 'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal',
  'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Ansible's rule for variable names: a Python identifier that is not a keyword. */
export function isValidVarName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !PY_KEYWORDS.has(name);
}

export function invalidVarNameMessage(name: string): string {
  return `The variable name '${name}' is not valid. Variables must start with a letter or underscore character, and contain only letters, numbers and underscores.`;
}

export const setFactSchema = z
  .object({ cacheable: boolish.default(false) })
  .passthrough()
  .superRefine((a, c) => {
    const keys = Object.keys(a).filter((k) => k !== 'cacheable');
    if (keys.length === 0) c.addIssue({ code: 'custom', message: 'No key/value pairs provided, at least one is required for this action to succeed' });
    for (const k of keys) if (!isValidVarName(k)) c.addIssue({ code: 'custom', path: [k], message: invalidVarNameMessage(k) });
  });

const BOOL_WORDS: Record<string, boolean> = { true: true, yes: true, false: false, no: false };

/**
 * The facts a set_fact task sets (everything but `cacheable`). A string value that is a boolean word
 * (true/false/yes/no, any case) becomes a boolean, as Ansible's set_fact action does outside
 * jinja2_native mode (`native`: ANSIBLE_JINJA2_NATIVE).
 */
export function factsOf(args: Record<string, unknown>, native = jinja2Native()): Record<string, unknown> {
  const { cacheable: _c, ...facts } = args;
  if (native) return facts;
  for (const [k, v] of Object.entries(facts)) {
    const text = typeof v === 'string' ? v : v instanceof TypedText ? v.text : undefined;
    if (text !== undefined && text.toLowerCase() in BOOL_WORDS) facts[k] = BOOL_WORDS[text.toLowerCase()];
  }
  return facts;
}

export const setFactModule = defineModule({
  name: 'set_fact',
  aliases: builtinAliases('set_fact'),
  schema: setFactSchema,
  runsOn: 'controller',
  keepsTemplateTypes: true,
  async plan(args) {
    return { changed: false, result: { changed: false, ansible_facts: factsOf(args) } };
  },
});
