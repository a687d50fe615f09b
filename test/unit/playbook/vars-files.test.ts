/** loadVarsFile, and vars_files checked at load time when the file exists. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlaybook, loadVarsFile } from '../../../src/playbook/index.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';

const ERRORS = path.relative(process.cwd(), fileURLToPath(new URL('./fixtures/errors', import.meta.url)));
const FULL = path.relative(process.cwd(), fileURLToPath(new URL('./fixtures/full', import.meta.url)));

async function shown(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors.map(formatLocated).join('\n\n').replaceAll(ERRORS + path.sep, '');
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('loadVarsFile', () => {
  it('reads YAML and JSON mappings; an empty file has no variables', async () => {
    expect(await loadVarsFile(path.join(FULL, 'vars', 'main.yml'))).toEqual({ env_name: 'production', dirs: [{ name: 'logs' }] });
    expect(await loadVarsFile(path.join(ERRORS, 'vars-ok.json'))).toEqual({ port: 80, users: ['a', 'b'], nested: { x: true } });
    expect(await loadVarsFile(path.join(ERRORS, '..', 'includes', 'empty.yml'))).toEqual({});
  });

  it('refuses a file that is not a mapping, and invalid names, located', async () => {
    expect(await shown(() => loadVarsFile(path.join(ERRORS, 'vars-list.yml')))).toMatchInlineSnapshot(`
      "vars-list.yml:1:1: a vars file must hold a mapping of variable names to values, got a list
        1 | - a
          | ^"
    `);
    expect(await shown(() => loadVarsFile(path.join(ERRORS, 'vars-bad-name.yml')))).toMatchInlineSnapshot(`
      "vars-bad-name.yml:2:1: 'bad-name' is not a valid variable name: use letters, digits and underscores, not starting with a digit
        2 | bad-name: 2
          | ^"
    `);
  });

  it('reports YAML syntax errors and missing files', async () => {
    expect(await shown(() => loadVarsFile(path.join(ERRORS, 'syntax.yml')))).toMatch(/^syntax\.yml:5:1: YAML syntax error/);
    await expect(loadVarsFile(path.join(ERRORS, 'absent.yml'))).rejects.toThrow(/ENOENT/);
  });

  it('vars_files that exist are checked with the playbook; missing ones are left for run time', async () => {
    expect(await shown(() => loadPlaybook(path.join(ERRORS, 'bad-vars-files.yml')))).toMatchInlineSnapshot(`
      "vars-bad-name.yml:2:1: 'bad-name' is not a valid variable name: use letters, digits and underscores, not starting with a digit
        2 | bad-name: 2
          | ^

      bad-vars-files.yml:5:7: a list of alternative vars files (the first found is used) is not supported in 'vars_files'
        5 |     - [a.yml, b.yml]
          |       ^"
    `);
  });
});
