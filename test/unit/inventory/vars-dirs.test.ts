import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadVarsDirs, readVarsFile } from '../../../src/inventory/vars-dirs.js';
import { fixture, formatted, rejection } from './helpers.js';

let tmp: string;
beforeEach(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'inv-vars-'));
});
afterEach(async () => {
  await fs.rm(tmp, { recursive: true, force: true });
});

async function write(files: Record<string, string>): Promise<void> {
  for (const [rel, text] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(tmp, rel)), { recursive: true });
    await fs.writeFile(path.join(tmp, rel), text);
  }
}

describe('loadVarsDirs', () => {
  it('reads files with and without extension and directories merged in sorted order', async () => {
    const d = await loadVarsDirs(fixture('dir'));
    expect(d).toEqual({
      group: { all: { dns: '192.0.2.53', role: 'generic' }, db: { role: 'db' }, web: { role: 'web', port: 8080, tls: true } },
      host: { db1: { backup: true }, web1: { port: 9000 } },
    });
  });

  it('gives nothing for a directory without group_vars or host_vars', async () => {
    expect(await loadVarsDirs(tmp)).toEqual({ group: {}, host: {} });
  });

  it('takes the first of NAME, NAME.yml, NAME.yaml, NAME.json as Ansible does', async () => {
    await write({
      'group_vars/a.yml': 'from: yml\n',
      'group_vars/a.json': '{"from": "json"}',
      'group_vars/b.yaml': 'from: yaml\n',
      'group_vars/b.json': '{"from": "json"}',
      'group_vars/c/x.yml': 'from: dir\n',
      'group_vars/c.yml': 'from: file\n',
      'group_vars/README.md': '# notes',
      'group_vars/.hidden.yml': 'x: 1\n',
      'group_vars/d.yml~': 'x: 1\n',
      'group_vars/e.yml': '',
    });
    expect((await loadVarsDirs(tmp)).group).toEqual({ a: { from: 'yml' }, b: { from: 'yaml' }, c: { from: 'dir' }, e: {} });
  });

  it('recurses into subdirectories of an entity directory, in place', async () => {
    await write({
      'host_vars/h1/01.yml': 'a: 1\nb: 1\n',
      'host_vars/h1/02/x.yml': 'b: 2\nc: 2\n',
      'host_vars/h1/03': 'c: 3\n',
      'host_vars/h1/04.txt': 'c: 4\n',
    });
    expect((await loadVarsDirs(tmp)).host).toEqual({ h1: { a: 1, b: 2, c: 3 } });
  });

  it('throws every bad file at once, located', async () => {
    await write({ 'group_vars/a.yml': '- 1\n- 2\n', 'host_vars/h.yml': 'a: [1\n' });
    const errors = await rejection(loadVarsDirs(tmp));
    expect(errors.map((e) => `${path.basename(e.loc!.file)}:${e.loc!.line} ${e.message.split(':')[0]}`)).toEqual([
      'a.yml:1 a variables file must be a mapping of variable names to values',
      'h.yml:2 YAML syntax error',
    ]);
  });
});

describe('readVarsFile', () => {
  it('refuses vault-encrypted files when no vault password was given, with a hint', async () => {
    await write({ 'v.yml': '$ANSIBLE_VAULT;1.1;AES256\n3132\n' });
    const errors = await rejection(readVarsFile(path.join(tmp, 'v.yml')));
    expect(formatted(errors).replace(tmp, 'TMP')).toMatchInlineSnapshot(`
      "TMP/v.yml:1:1: Attempting to decrypt but no vault secrets found
        1 | $ANSIBLE_VAULT;1.1;AES256
          | ^
        this file is encrypted with Ansible Vault: give the vault password with --ask-vault-pass, --vault-password-file FILE or --vault-id [LABEL@]FILE|prompt"
    `);
  });
});
