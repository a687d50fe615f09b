/** -e/--extra-vars: what defines variables, and what is refused (OptionsError, exit 5) naming the value. */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseExtraVars } from '../../../src/cli/extra-vars.js';
import { OptionsError } from '../../../src/util/errors.js';

describe('parseExtraVars', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-extra-vars-'));
    await fs.writeFile(path.join(dir, 'good.yml'), 'region: eu\nreplicas: 3\n');
    await fs.writeFile(path.join(dir, 'list.yml'), '- a\n- b\n');
    await fs.writeFile(path.join(dir, 'badname.yml'), 'ok: 1\nbad-name: 2\n');
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it.each([
    { given: ['a=1 b=2'], vars: { a: '1', b: '2' } },
    { given: ["msg='hello world' n=3"], vars: { msg: 'hello world', n: '3' } },
    { given: ['{"a": 1, "b": [1, 2]}'], vars: { a: 1, b: [1, 2] } },
    { given: ['{a: x}', 'b=y'], vars: { a: 'x', b: 'y' } },
    { given: ['', '  '], vars: {} },
    { given: ['_private=1 x2=2'], vars: { _private: '1', x2: '2' } },
    { given: ['url=http://h/?a=b'], vars: { url: 'http://h/?a=b' } },
  ])('$given defines $vars', async ({ given, vars }) => {
    expect(await parseExtraVars(given)).toEqual(vars);
  });

  it('@file reads a YAML mapping', async () => {
    expect(await parseExtraVars([`@${path.join(dir, 'good.yml')}`])).toEqual({ region: 'eu', replicas: 3 });
  });

  it.each([
    { given: '[1,2]', says: "'[1,2]' must hold a mapping of variable names to values, not a list" },
    { given: 'justaword', says: "'justaword' is not a key=value pair" },
    { given: '=value', says: "'=value' is not a key=value pair: a variable needs a name before the =" },
    { given: 'a-b c=1', says: "'a-b' in 'a-b c=1' is not a key=value pair" },
    { given: 'msg=hello world', says: "'world' in 'msg=hello world' is not a key=value pair" },
    { given: 'a-b=1', says: "'a-b' (in 'a-b=1') is not a valid variable name" },
    { given: '1abc=1', says: "'1abc' (in '1abc=1') is not a valid variable name" },
    { given: 'class=1', says: "'class' (in 'class=1') is not a valid variable name" },
    { given: '{"a b": 1}', says: "'a b' (in '{\"a b\": 1}') is not a valid variable name" },
    { given: '{1: x}', says: "'1' (in '{1: x}') is not a valid variable name" },
    { given: '[unclosed', says: "'[unclosed' is not valid JSON/YAML" },
    { given: "a='unbalanced", says: 'unbalanced' },
    { given: './vars.yml', says: "'./vars.yml' looks like a file name: write -e @./vars.yml" },
    { given: '/etc/vars.yml', says: "'/etc/vars.yml' looks like a file name: write -e @/etc/vars.yml" },
  ])('$given is refused: $says', async ({ given, says }) => {
    const err = await parseExtraVars(['ok=1', given]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OptionsError);
    expect((err as Error).message).toContain(says);
  });

  it.each([
    { file: 'list.yml', says: 'must hold a mapping of variable names to values, not a list' },
    { file: 'badname.yml', says: "'bad-name' (in " },
    { file: 'missing.yml', says: 'cannot read' },
  ])('@$file is refused: $says', async ({ file, says }) => {
    const err = await parseExtraVars([`@${path.join(dir, file)}`]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OptionsError);
    expect((err as Error).message).toContain(says);
  });
});
