/** -e/--extra-vars: `k=v k2='quoted v'`, a JSON/YAML object, or `@file` (YAML or JSON). */
import { promises as fs } from 'node:fs';
import { parse as parseYamlText } from 'yaml';
import { OptionsError } from '../util/errors.js';
import { parseKeyValueArgs } from '../playbook/index.js';

export async function parseExtraVars(values: string[]): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const raw of values) Object.assign(out, await parseOne(raw));
  return out;
}

async function parseOne(raw: string): Promise<Record<string, unknown>> {
  const text = raw.trim();
  if (text.startsWith('@')) {
    const file = text.slice(1);
    let content: string;
    try {
      content = await fs.readFile(file, 'utf8');
    } catch (e) {
      throw new OptionsError(`--extra-vars: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    return asObject(safeYaml(content, file), file);
  }
  if (text.startsWith('{')) return asObject(safeYaml(text, '--extra-vars'), '--extra-vars');
  if (text === '') return {};
  return parseKeyValueArgs(text);
}

function safeYaml(text: string, where: string): unknown {
  try {
    return parseYamlText(text);
  } catch (e) {
    throw new OptionsError(`--extra-vars: ${where} is not valid JSON/YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

function asObject(v: unknown, where: string): Record<string, unknown> {
  if (v === null || v === undefined) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw new OptionsError(`--extra-vars: ${where} must hold a mapping of variable names to values`);
  return v as Record<string, unknown>;
}
