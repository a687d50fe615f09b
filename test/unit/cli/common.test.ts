/** The shared connection options: values with a domain are refused as they are parsed (OptionsError, exit 5). */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addConnectionOptions, type CommonOptions } from '../../../src/cli/common.js';
import { OptionsError } from '../../../src/util/errors.js';

function parse(args: string[]): CommonOptions {
  const cmd = addConnectionOptions(new Command('t').exitOverride().configureOutput({ writeErr: () => {} }));
  cmd.parse(args, { from: 'user' });
  return cmd.opts<CommonOptions>();
}

describe('connection options', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-options-'));
    await fs.writeFile(path.join(dir, 'id_test'), 'not really a key\n');
  });
  afterAll(async () => {
    if (dir) await fs.rm(dir, { recursive: true, force: true });
  });

  it.each(['root', 'deploy', 'www-data', '_svc', 'user.name', 'machine$'])('--become-user %s is taken', (user) => {
    expect(parse(['--become-user', user]).becomeUser).toBe(user);
  });

  it.each(['x;id', 'a b', '$(id)', '-u', "o'brien", ''])('--become-user %j is refused', (user) => {
    expect(() => parse(['--become-user', user])).toThrow(OptionsError);
    expect(() => parse(['--become-user', user])).toThrow(`--become-user: invalid user name ${JSON.stringify(user)}`);
  });

  it('--private-key naming a readable file is taken as given', () => {
    const key = path.join(dir, 'id_test');
    expect(parse(['--private-key', key]).privateKey).toBe(key);
  });

  it.each([
    { key: 'nope', says: 'no such file' },
    { key: '.', says: 'not a file' },
    { key: 'id_test/inner', says: 'ENOTDIR' },
  ])('--private-key $key is refused: $says', ({ key, says }) => {
    const file = path.join(dir, key);
    expect(() => parse(['--private-key', file])).toThrow(OptionsError);
    expect(() => parse(['--private-key', file])).toThrow(`--private-key: cannot read ${file}: ${says}`);
  });
});
