import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { includeVarsModule } from '../../../../src/modules/commands/include-vars.js';
import type { ModuleContext } from '../../../../src/modules/types.js';
import { loadVarsFile } from '../../../../src/playbook/index.js';
import { fakeContext } from '../../../helpers/module-context.js';

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'include-vars-'));
  const files: Record<string, string> = {
    'vars/a.yml': 'a: 1\nh: {x: 1, y: {z: 1}}\n',
    'vars/list.yml': '- 1\n',
    'vars/empty.yml': '',
    'd/b.yml': 'b: 2\n',
    'd/b2.json': '{"b": 3}\n',
    'd/notes.txt': 'x: 9\n',
    'd/sub/c.yaml': 'c: 3\n',
    'role/vars/r.yml': 'r: 1\n',
    'role/vars/main.yml': 'm: 1\n',
  };
  for (const [f, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function ctx(vars: Record<string, unknown> = {}, roleDir?: string): ModuleContext {
  return {
    ...fakeContext([]),
    vars,
    findFile: async (_kind, p) => (path.isAbsolute(p) ? p : p.startsWith('vars/') ? path.join(dir, p) : path.join(dir, 'vars', p)),
    controller: { taskDir: dir, ...(roleDir ? { roleDir: path.join(dir, roleDir) } : {}), readVarsFile: (f) => loadVarsFile(f), addGroup: () => false, addHost: () => false },
  };
}

async function run(args: Record<string, unknown>, vars: Record<string, unknown> = {}, roleDir?: string) {
  const parsed = includeVarsModule.schema.safeParse(args);
  if (!parsed.success) return { refused: parsed.error.issues.map((i) => i.message).join('; ') };
  const plan = await includeVarsModule.plan(parsed.data, ctx(vars, roleDir));
  const r = plan.result!;
  return r.failed ? { message: String(r.message).replace(dir, 'DIR') } : { facts: r.ansible_facts, files: (r.ansible_included_var_files as string[]).map((f) => path.relative(dir, f)) };
}

describe('include_vars', () => {
  it.each([
    ['the free form', { file: 'a.yml' }, { facts: { a: 1, h: { x: 1, y: { z: 1 } } }, files: ['vars/a.yml'] }],
    ['under a name', { file: 'a.yml', name: 'n' }, { facts: { n: { a: 1, h: { x: 1, y: { z: 1 } } } }, files: ['vars/a.yml'] }],
    ['an empty file', { file: 'empty.yml' }, { facts: {}, files: ['vars/empty.yml'] }],
    ['a file holding a list', { file: 'list.yml' }, { message: 'DIR/vars/list.yml must be stored as a dictionary/hash' }],
    ['a directory, sorted, recursively', { dir: 'd', ignore_unknown_extensions: true }, { facts: { b: 3, c: 3 }, files: ['d/b.yml', 'd/b2.json', 'd/sub/c.yaml'] }],
    ['a directory with an unknown extension', { dir: 'd' }, { message: 'DIR/d/notes.txt does not have a valid extension: yaml, yml, json' }],
    ['depth 1: the directory itself', { dir: 'd', depth: 1, ignore_unknown_extensions: true }, { facts: { b: 3 }, files: ['d/b.yml', 'd/b2.json'] }],
    ['files_matching', { dir: 'd', files_matching: '^b\\.' }, { facts: { b: 2 }, files: ['d/b.yml'] }],
    ['ignore_files', { dir: 'd', ignore_files: ['notes.txt', '\\.json'] }, { facts: { b: 2, c: 3 }, files: ['d/b.yml', 'd/sub/c.yaml'] }],
    ['extensions', { dir: 'd', extensions: ['json'], ignore_unknown_extensions: true }, { facts: { b: 3 }, files: ['d/b2.json'] }],
    ['a missing directory', { dir: 'nope' }, { message: 'DIR/nope directory does not exist' }],
    ['a file given as dir', { dir: 'd/b.yml' }, { message: 'DIR/d/b.yml is not a directory' }],
    ['mixing file and dir arguments', { file: 'a.yml', depth: 1 }, { refused: 'You are mixing file only and dir only arguments, these are incompatible' }],
    ['an unknown option', { file: 'a.yml', bogus: 1 }, { refused: 'bogus is not a valid option in include_vars' }],
  ])('%s', async (_what, args, expected) => {
    expect(await run(args)).toEqual(expected);
  });

  it("reads a role's vars/ directory for dir", async () => {
    expect(await run({ dir: 'vars' }, {}, 'role')).toEqual({ facts: { m: 1, r: 1 }, files: ['role/vars/main.yml', 'role/vars/r.yml'] });
  });

  it.each([
    ['merge', { h: { x: 1, y: { z: 1, w: 2 } }, a: 1 }],
    ['replace', { h: { x: 1, y: { z: 1 } }, a: 1 }],
  ])('hash_behaviour %s with the value the host has', async (how, facts) => {
    expect(await run({ file: 'a.yml', hash_behaviour: how }, { h: { y: { w: 2 } } })).toEqual({ facts, files: ['vars/a.yml'] });
  });
});
