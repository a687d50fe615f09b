/** vars_files / include_vars: a YAML (or JSON) file holding a mapping of variable names to values. */
import { isScalar, type Node } from 'yaml';
import { ValidationErrors, type ValidationError } from '../util/errors.js';
import { readYamlFile } from '../util/yaml.js';
import { fileCtx, newLoader, report } from './context.js';
import { asMap, typeName } from './nodes.js';
import { checkTemplates } from './template-check.js';
import { vars } from './values.js';

/**
 * The variables of a vars file; an empty file has none. Throws ValidationErrors, located. Its
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
  return out;
}
