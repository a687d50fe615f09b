/**
 * Every located error is shown with its line and caret, also when it was made where only the
 * location was at hand (role and host-pattern checks): the line is read from the file when shown.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../playbook/test-modules.js';
import { expandRoles } from '../../../src/engine/index.js';
import { checkPlays } from '../../../src/engine/run.js';
import { loadInventory } from '../../../src/inventory/index.js';
import { masked } from '../../../src/inventory/located.js';
import { loadPlaybook } from '../../../src/playbook/index.js';
import { formatLocated, ValidationError, ValidationErrors } from '../../../src/util/errors.js';
import type { RunOptions } from '../../../src/engine/index.js';

let dir: string;
const at = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-excerpt-'));
  await fs.writeFile(at('hosts.ini'), 'c1\nc2\n');
  await fs.writeFile(at('site.yml'), '# a comment\n- hosts: all\n  become: true\n  tasks: []\n');
  await fs.writeFile(at('inv.yml'), 'all:\n  vars:\n    db_password: hunter2\n');
});
afterAll(async () => {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
});

/** The formatted problems of a playbook: loaded, roles expanded, plays checked against hosts.ini. */
async function shown(name: string, text: string): Promise<string> {
  await fs.writeFile(at(name), text);
  const inventory = await loadInventory([at('hosts.ini')]);
  const err = await (async () => {
    const book = await expandRoles(await loadPlaybook(at(name)));
    checkPlays({ playbooks: [book], inventory, extraVars: {} } as unknown as RunOptions);
  })().catch((e: unknown) => e);
  if (!(err instanceof ValidationErrors)) throw new Error(`expected the playbook to be refused, got ${String(err)}`);
  return err.errors.map(formatLocated).join('\n').replaceAll(dir + path.sep, '');
}

describe('errors of the role and host-pattern checks show their line', () => {
  it.each([
    {
      what: 'a missing role in roles:',
      text: '- hosts: all\n  roles: [no_such_role]\n',
      out: "p1.yml:2:11: the role 'no_such_role' was not found\n  2 |   roles: [no_such_role]\n    |           ^",
    },
    {
      what: 'a missing role in import_role',
      text: '- hosts: all\n  tasks:\n    - import_role: {name: no_such_role}\n',
      out: "p2.yml:3:7: the role 'no_such_role' was not found\n  3 |     - import_role: {name: no_such_role}\n    |       ^",
    },
    {
      what: 'a malformed host pattern',
      text: '- name: web\n  hosts: "c[1:"\n  tasks: []\n',
      out: "p3.yml:1:3: play \"web\": malformed host pattern 'c[1:': unbalanced '[' and ']'\n  1 | - name: web\n    |   ^",
    },
  ])('$what', async ({ text, out }) => {
    expect(await shown(out.slice(0, out.indexOf(':')), text)).toContain(out);
  });
});

describe('formatLocated reads a line it was not given', () => {
  it.each([
    { what: 'from the file', sourceLine: undefined, file: 'site.yml', excerpt: '\n  3 |   become: true\n    |   ^' },
    { what: 'not when withheld (null)', sourceLine: null, file: 'site.yml', excerpt: '' },
    { what: 'the given line first', sourceLine: 'given', file: 'site.yml', excerpt: '\n  3 | given\n    |   ^' },
    { what: 'nothing from a file that does not exist', sourceLine: undefined, file: 'gone.yml', excerpt: '' },
    { what: 'nothing from a directory', sourceLine: undefined, file: '.', excerpt: '' },
    { what: 'nothing past the end of the file', sourceLine: undefined, file: 'site.yml', line: 9, excerpt: '' },
  ])('$what', ({ sourceLine, file, line = 3, excerpt }) => {
    const loc = { file: at(file), line, col: 3 };
    expect(formatLocated(new ValidationError('bad', loc, 'hint', sourceLine))).toBe(`${loc.file}:${line}:3: bad${excerpt}\n  hint`);
  });

  it('the line of a secret argument stays withheld, though the playbook is on disk', async () => {
    await fs.writeFile(at('secret.yml'), '- hosts: all\n  tasks:\n    - t_user: name=bob password=hunter2\n    - t_file: {path: /x, state: s3cr3t}\n      no_log: true\n');
    const out = await loadPlaybook(at('secret.yml')).then(
      () => 'loaded',
      (e: ValidationErrors) => e.errors.map(formatLocated).join('\n'),
    );
    expect(out).toContain("argument 'password' of module 't_user' has an invalid value (not shown: it is secret)");
    expect(out).toContain("argument 'state' of module 't_file' has an invalid value (not shown: it is secret)");
    expect(out).not.toMatch(/hunter2|s3cr3t/);
  });

  it('an inventory error left without its line is read, and masked, before it is shown', () => {
    const [err] = masked([new ValidationError('bad', { file: at('inv.yml'), line: 3, col: 5 })]);
    const out = formatLocated(err);
    expect(out).toContain('  3 |     db_password: ********');
    expect(out).not.toContain('hunter2');
  });
});
