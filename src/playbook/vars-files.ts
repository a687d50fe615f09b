/**
 * vars_files / include_vars / role vars and defaults: a YAML (or JSON) file holding a mapping of
 * variable names to values, decrypted when it is vault-encrypted (as a whole, or `!vault` values).
 */
import { isScalar, type Node } from 'yaml';
import { ValidationErrors, type ValidationError } from '../util/errors.js';
import { readYamlFile } from '../util/yaml.js';
import { reveal } from '../vault/index.js';
import { fileCtx, newLoader, report } from './context.js';
import { asMap, typeName } from './nodes.js';
import { checkTemplates } from './template-check.js';
import { vars } from './values.js';

/**
 * Read a vars file, decrypting it if it is vaulted: its variables (an empty file has none). Throws
 * ValidationErrors, located (a vaulted file's lines are never shown; no password or a wrong one is
 * an error at its first line). The values of a vault-encrypted file stay marked secret. Its
 * templates are checked; warnings (see Playbook.warnings) are added to `opts.warnings` when given.
 */
export async function loadVarsFile(file: string, opts: { warnings?: ValidationError[] } = {}): Promise<Record<string, unknown>> {
  const doc = await readYamlFile(file);
  const loader = newLoader();
  const fc = fileCtx(doc, loader);
  const root = doc.doc.contents as Node | null;
  let out: Record<string, unknown> = {};
  if (root && !(isScalar(root) && root.value === null)) {
    if (!asMap(root, doc.doc)) report(fc, `a vars file must hold a mapping of variable names to values, got ${typeName(root)}`, root);
    else {
      out = vars(fc, 'vars file', root) ?? {};
      checkTemplates(fc, root);
    }
  }
  opts.warnings?.push(...loader.warnings);
  if (loader.errors.length) throw new ValidationErrors(loader.errors);
  if (doc.vaulted) reveal(out);
  return out;
}
