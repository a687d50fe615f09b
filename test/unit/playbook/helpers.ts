/** Shared by the loader's tests: problems of a playbook as the CLI shows them (formatLocated). */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlaybook, loadPlaybookText } from '../../../src/playbook/index.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';

/** The error fixtures, relative to the working directory (as a user would name them). */
export const ERRORS = path.relative(process.cwd(), fileURLToPath(new URL('./fixtures/errors', import.meta.url)));

/** All problems, formatted, with the fixture directory left out of the file names. */
export function shown(e: unknown): string {
  if (e instanceof ValidationErrors) return e.errors.map(formatLocated).join('\n\n').replaceAll(ERRORS + path.sep, '');
  throw e;
}

/** The problems of a playbook given as text (named site.yml). Fails when it loads. */
export async function problems(text: string): Promise<string> {
  try {
    await loadPlaybookText(text, 'site.yml');
  } catch (e) {
    return shown(e);
  }
  throw new Error('expected the playbook to be refused');
}

/** The problems of a playbook in fixtures/errors. Fails when it loads. */
export async function fileProblems(name: string): Promise<string> {
  try {
    await loadPlaybook(path.join(ERRORS, name));
  } catch (e) {
    return shown(e);
  }
  throw new Error('expected the playbook to be refused');
}

/** A one-play playbook around a task list (written unindented). */
export const play = (tasks: string) => `- hosts: all\n  tasks:\n${tasks.replace(/^/gm, '    ')}\n`;
