/** vars_files / include_vars: a YAML (or JSON) file holding a mapping of variable names to values. */
import { isScalar, type Node } from 'yaml';
import { ValidationErrors } from '../util/errors.js';
import { readYamlFile } from '../util/yaml.js';
import { fileCtx, newLoader, report } from './context.js';
import { asMap, typeName } from './nodes.js';
import { vars } from './values.js';

/** The variables of a vars file; an empty file has none. Throws ValidationErrors, located. */
export async function loadVarsFile(file: string): Promise<Record<string, unknown>> {
  const doc = await readYamlFile(file);
  const loader = newLoader();
  const fc = fileCtx(doc, loader);
  const root = doc.doc.contents as Node | null;
  let out: Record<string, unknown> = {};
  if (root && !(isScalar(root) && root.value === null)) {
    if (!asMap(root, doc.doc)) report(fc, `a vars file must hold a mapping of variable names to values, got ${typeName(root)}`, root);
    else out = vars(fc, 'vars file', root) ?? {};
  }
  if (loader.errors.length) throw new ValidationErrors(loader.errors);
  return out;
}
