/**
 * include_tasks whose file name is only known at run time (or that includes itself): the task file
 * is loaded and validated by the playbook loader when a host reaches the include (each time, so an
 * edited file is seen as it is now).
 */
import { loadTaskFile } from '../playbook/index.js';
import type { TaskNode } from '../playbook/types.js';

export async function loadIncludedTasks(file: string): Promise<TaskNode[]> {
  return loadTaskFile(file);
}
