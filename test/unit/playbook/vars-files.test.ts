/** loadVarsFile, and vars_files checked at load time when the file exists. */
import { promises as fs } from 'node:fs';
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
          | ^"
    `);
  });
});

describe('vars_files entries', () => {
  const book = (entries: string) => path.join(ERRORS, `vf-${Buffer.from(entries).toString('hex').slice(0, 24)}.yml`);
  async function load(entries: string): Promise<unknown> {
    const file = book(entries);
    await fs.writeFile(file, `- hosts: all\n  vars_files:${entries.startsWith('    -') ? '\n' : ' '}${entries}\n  tasks: []\n`);
    try {
      return await loadPlaybook(file);
    } finally {
      await fs.rm(file);
    }
  }

  it.each([
    { what: 'a list of alternatives: the first that exists is read, and checked', entries: '    - [absent.yml, vars-bad-name.yml]', bad: true },
    { what: 'alternatives after the first that exists are not read', entries: '    - [vars-ok.json, vars-bad-name.yml]', bad: false },
    { what: 'nothing is known after a templated alternative', entries: '    - ["{{ env }}.yml", vars-bad-name.yml]', bad: false },
    { what: 'a single name not in a list', entries: 'vars-bad-name.yml', bad: true },
  ])('$what', async ({ entries, bad }) => {
    const out = load(entries);
    if (bad) await expect(out).rejects.toThrow("'bad-name' is not a valid variable name");
    else await expect(out).resolves.toBeDefined();
  });

  it('keeps every entry with its place; missing files are left for the run', async () => {
    const b = (await load('    - absent.yml\n    - [a.yml, "{{ x }}.yml"]')) as Awaited<ReturnType<typeof loadPlaybook>>;
    expect(b.plays[0].varsFiles).toEqual([
      { files: ['absent.yml'], loc: expect.objectContaining({ line: 3, col: 7 }) },
      { files: ['a.yml', '{{ x }}.yml'], loc: expect.objectContaining({ line: 4, col: 7 }) },
    ]);
  });

  it.each([
    { entries: '    - []', says: "each entry of 'vars_files' must be a list of alternative file names (the first that exists is read), got a list" },
    { entries: '    - [a.yml, 3]', says: "each entry of 'vars_files' must be a list of alternative file names (the first that exists is read), got a list" },
    { entries: '    - {a: 1}', says: "each entry of 'vars_files' must be a file name, got a mapping" },
    { entries: '    - ""', says: "each entry of 'vars_files' must be a file name, got" },
  ])('$entries is refused', async ({ entries, says }) => {
    await expect(load(entries)).rejects.toThrow(says);
  });
});
