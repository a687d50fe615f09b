/**
 * -e/--extra-vars: `k=v k2='quoted v'`, a JSON/YAML object, or `@file` (YAML or JSON), read as
 * Ansible's load_extra_vars reads them. What would silently define nothing, or a variable no template
 * can name, is refused (exit 5) naming the value: a word that is not k=v, a list, a name that is not
 * a variable name, a file name without its '@'. A vault-encrypted file and `!vault` values are
 * decrypted as in any file Ansible reads (a wrong or missing vault password is a located error).
 */
import { promises as fs } from 'node:fs';
import { OptionsError, problemsOf, ValidationErrors } from '../util/errors.js';
import { parseYaml, plainValue } from '../util/yaml.js';
import { reveal } from '../vault/index.js';
import { keyValue, splitArgs, ArgsSyntaxError } from '../playbook/args.js';
import { isVarName } from '../playbook/values.js';

export async function parseExtraVars(values: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const raw of values) Object.assign(out, await parseOne(raw));
  return out;
}

async function parseOne(raw: string): Promise<Record<string, unknown>> {
  const text = raw.trim();
  if (text === '') return {};
  if (text.startsWith('@')) {
    const file = text.slice(1);
    let content: string;
    try {
      content = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new OptionsError(`--extra-vars: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    return named(asObject(safeYaml(content, file), file), file);
  }
  // as Ansible: a value that starts like a path is a file name missing its '@'
  if (text.startsWith('/') || text.startsWith('.')) throw new OptionsError(`--extra-vars: '${raw}' looks like a file name: write -e @${text} to read variables from it`);
  if (text.startsWith('{') || text.startsWith('[')) return named(asObject(safeYaml(text, `'${raw}'`), `'${raw}'`), `'${raw}'`);
  return named(keyValues(text), `'${raw}'`);
}

/** `a=1 b='x y'`: every word must be a key=value pair (Ansible would keep the others as `_raw_params`). */
function keyValues(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  try {
    for (const w of splitArgs(text)) {
      const kv = keyValue(w.text);
      if (kv && kv[0] !== '') {
        out[kv[0]] = kv[1];
        continue;
      }
      const hint = w.text.startsWith('=') ? 'a variable needs a name before the =' : "expected key=value (quote a value that holds spaces: k='a b'), a JSON/YAML mapping, or @file";
      const within = w.text === text ? '' : ` in '${text}'`;
      throw new OptionsError(`--extra-vars: '${w.text}'${within} is not a key=value pair: ${hint}`);
    }
  } catch (e) {
    if (e instanceof ArgsSyntaxError) throw new OptionsError(`--extra-vars: ${e.message}`);
    throw e;
  }
  return out;
}

const VAULT_PROBLEM = /vault|decrypt/i;

function safeYaml(text: string, where: string): unknown {
  let doc;
  try {
    doc = parseYaml(text, where);
  } catch (e) {
    const problems = problemsOf(e);
    // a vault problem (no password, a wrong one) is located in the file, as in any file read
    if (problems.some((p) => VAULT_PROBLEM.test(p.message))) throw new ValidationErrors(problems);
    throw new OptionsError(`--extra-vars: ${where} is not valid JSON/YAML: ${problems[0].message.replace(/^YAML syntax error: /, '')}`);
  }
  const value = plainValue(doc.doc.contents, doc.doc);
  // every value of a vault-encrypted file is a secret
  if (doc.vaulted) reveal(value);
  return value;
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) {
    throw new OptionsError(`--extra-vars: ${where} must hold a mapping of variable names to values, not ${Array.isArray(v) ? 'a list' : `the ${typeof v} ${JSON.stringify(v)}`}`);
  }
  return v as Record<string, unknown>;
}

/** Every top-level key a variable name (the rule of play vars). */
function named(vars: Record<string, unknown>, where: string): Record<string, unknown> {
  for (const k of Object.keys(vars)) {
    if (!isVarName(k)) {
      throw new OptionsError(`--extra-vars: '${k}' (in ${where}) is not a valid variable name: use letters, digits and underscores, not starting with a digit`);
    }
  }
  return vars;
}
