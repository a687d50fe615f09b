/**
 * Playbook loading and validation: YAML → the validated model of ./types.ts, before any host is
 * contacted. Every problem of every file comes back at once as ValidationErrors (file:line:col,
 * the line, what was expected, "did you mean").
 */
import { ValidationErrors, type ValidationError } from '../util/errors.js';
import { readYamlFile } from '../util/yaml.js';
import { collect, fileCtx, newLoader, within } from './context.js';
import { parseTaskFile } from './tasks.js';
import type { TaskNode } from './types.js';

export { loadPlaybook, loadPlaybookText } from './load.js';
export { loadVarsFile } from './vars-files.js';
export { parseKeyValueArgs } from './args.js';
export { argsFromText, dynamicArgs } from './module-args.js';
export { giveTasks, META_ACTIONS } from './tasks.js';
export { asWarning } from './context.js';

/**
 * A tasks file on its own, for include_tasks whose file name is only known at run time (templated)
 * or that includes itself. Relative includes inside it resolve against its own directory. Its
 * warnings (see Playbook.warnings) are added to `opts.warnings` when given. `uncertain`: its tasks
 * may not run (an included file, an include_role's): what fails only when they run is a warning.
 */
export async function loadTaskFile(file: string, opts: { handler?: boolean; warnings?: ValidationError[]; uncertain?: boolean } = {}): Promise<TaskNode[]> {
  const loader = newLoader();
  let tasks: TaskNode[] = [];
  try {
    const doc = await readYamlFile(file);
    tasks = await within(loader, file, () => parseTaskFile(fileCtx(doc, loader, opts.uncertain), { handler: Boolean(opts.handler) }));
  } catch (e) {
    collect(loader, e);
  }
  opts.warnings?.push(...loader.warnings);
  if (loader.errors.length) throw new ValidationErrors(loader.errors);
  return tasks;
}
