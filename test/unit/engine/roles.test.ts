import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expandRoles, findRole, rolesPath } from '../../../src/engine/roles.js';
import { loadSettings, useSettings } from '../../../src/config/index.js';
import type { Block, Play, Playbook } from '../../../src/playbook/types.js';
import { ValidationErrors } from '../../../src/util/errors.js';

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function files(map: Record<string, string>): void {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-roles-'));
  for (const [f, text] of Object.entries(map)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
}

const loc = { file: 'site.yml', line: 3, col: 5 };
function book(roles: Play['roles']): Playbook {
  const play: Play = {
    hosts: 'all', loc, dir, tags: [], varsFiles: [], gatherFacts: false, serial: [], order: 'inventory', preTasks: [], tasks: [], postTasks: [], handlers: [], roles,
  };
  return { file: path.join(dir, 'site.yml'), dir, plays: [play] };
}

const task = (name: string) => `- name: ${name}\n  debug:\n    msg: ${name}\n`;

describe('role expansion', () => {
  it('puts dependencies first, runs a shared dependency once, merges defaults', async () => {
    files({
      'roles/common/tasks/main.yml': task('common'),
      'roles/common/defaults/main.yml': 'a: common\nb: common\n',
      'roles/app/meta/main.yml': 'dependencies: [common]\n',
      'roles/app/defaults/main.yml': 'b: app\n',
      'roles/app/tasks/main.yml': task('app'),
      'roles/db/meta/main.yml': 'dependencies: [common]\n',
      'roles/db/tasks/main.yml': task('db'),
    });
    const out = await expandRoles(book([{ name: 'app', loc }, { name: 'db', loc }]));
    const blocks = out.plays[0].tasks as Block[];
    expect(blocks.map((b) => path.basename(b.roleDir!))).toEqual(['common', 'app', 'db']);
    expect(blocks[1].block[0]).toMatchObject({ name: 'app', roleDir: path.join(dir, 'roles', 'app') });
    expect(out.plays[0].roleDefaults).toEqual({ a: 'common', b: 'app' });
    expect(out.plays[0].roles).toEqual([]);
  });

  it('names the play\'s roles (roles: and import_role) and their dependencies; import/include_role inside a role gets the parent chain', async () => {
    files({
      'roles/common/tasks/main.yml': task('common'),
      'roles/app/meta/main.yml': 'dependencies: [common]\n',
      'roles/app/tasks/main.yml': '- import_role:\n    name: inner\n',
      'roles/inner/tasks/main.yml': '- import_role:\n    name: leaf\n',
      'roles/leaf/tasks/main.yml': task('leaf'),
    });
    const out = await expandRoles(book([{ name: 'app', loc }]));
    expect(out.plays[0].roleNames).toEqual({ play: ['app', 'inner', 'leaf'], dependent: ['common'] });
    const app = (out.plays[0].tasks as Block[])[1];
    expect(app.vars?.ansible_parent_role_names).toBeUndefined();
    const innerRole = ((app.block[0] as Block).block[0]) as Block;
    expect(innerRole.vars).toMatchObject({ ansible_parent_role_names: ['app'], ansible_parent_role_paths: [path.join(dir, 'roles', 'app')] });
    const leafRole = ((innerRole.block[0] as Block).block[0]) as Block;
    expect(leafRole.vars).toMatchObject({ ansible_parent_role_names: ['inner', 'app'] });
  });

  it("role vars, parameters and defaults follow the dependency chain (Ansible's get_vars/get_role_params/get_default_vars)", async () => {
    files({
      'roles/top/meta/main.yml': 'dependencies:\n  - { role: mid, p: from_top, vars: { ev: entry } }\n  - { role: last, p: last, when: "x == 1", tags: t }\n',
      'roles/top/tasks/main.yml': task('top'),
      'roles/mid/meta/main.yml': 'dependencies: [leaf]\n',
      'roles/mid/vars/main.yml': 'v: mid\nw: mid\n',
      'roles/mid/defaults/main.yml': 'd: mid\n',
      'roles/mid/tasks/main.yml': task('mid'),
      'roles/leaf/vars/main.yml': 'v: leaf\n',
      'roles/leaf/defaults/main.yml': 'd: leaf\ne: leaf\n',
      'roles/leaf/tasks/main.yml': task('leaf'),
      'roles/last/vars/main.yml': 'w: last\n',
      'roles/last/tasks/main.yml': task('last'),
    });
    const out = await expandRoles(book([{ name: 'top', params: { p: 'play' }, loc }]));
    const [leaf, mid, last, top] = out.plays[0].tasks as Block[];
    // the leaf inherits its parents' vars, parameters and defaults; its own come last
    expect(leaf).toMatchObject({ vars: { v: 'leaf', w: 'mid', ev: 'entry' }, params: { p: 'from_top' }, defaults: { d: 'leaf', e: 'leaf' } });
    expect(mid).toMatchObject({ vars: { v: 'mid', w: 'mid', ev: 'entry' }, params: { p: 'from_top' }, defaults: { d: 'mid', e: 'leaf' } });
    // a dependency's when/tags are keywords of a block around it, not parameters
    expect(last).toMatchObject({ kind: 'block', when: ['x == 1'], tags: ['t'] });
    expect((last.block[0] as Block).params).toEqual({ p: 'last' });
    expect(top.params).toEqual({ p: 'play' });
    // the play sees every role's vars (not parameters): the last loaded wins
    expect(out.plays[0].roleVars).toEqual({ v: 'mid', w: 'last', ev: 'entry' });
  });

  it('expands once: a playbook already expanded (by the CLI) is returned as it is', async () => {
    files({ 'roles/app/tasks/main.yml': task('app') });
    const out = await expandRoles(book([{ name: 'app', loc }]));
    expect(out.rolesExpanded).toBe(true);
    expect(await expandRoles(out)).toBe(out);
  });

  it('reports a dependency cycle and a missing role with locations', async () => {
    files({ 'roles/a/meta/main.yml': 'dependencies: [b]\n', 'roles/b/meta/main.yml': 'dependencies: [a]\n' });
    const cyc = await expandRoles(book([{ name: 'a', loc }])).catch((e) => e);
    expect(cyc).toBeInstanceOf(ValidationErrors);
    expect(cyc.errors[0].message).toBe('role dependency cycle: a -> b -> a');
    const missing = await expandRoles(book([{ name: 'zz', loc }])).catch((e) => e);
    expect(missing.errors[0]).toMatchObject({ loc, message: "the role 'zz' was not found" });
    expect(findRole(dir, 'zz').searched).toEqual([path.join(dir, 'roles', 'zz'), ...rolesPath().map((p) => path.join(p, 'zz')), path.join(dir, 'zz')]);
  });

  it('roles_path: the setting (ANSIBLE_ROLES_PATH replaces the default places, as Ansible); a role there is found; a relative entry is the current directory\'s', async () => {
    const home = homedir();
    const at = (env: NodeJS.ProcessEnv, cwd = '/') => loadSettings({ env, cwd, home });
    expect(rolesPath(at({ ANSIBLE_ROLES_PATH: '/srv/roles:~/r' }))).toEqual(['/srv/roles', path.join(home, 'r')]);
    expect(rolesPath(at({}))).toEqual([path.join(home, '.ansible/roles'), '/usr/share/ansible/roles', '/etc/ansible/roles']);
    expect(rolesPath(at({ ANSIBLE_ROLES_PATH: './roles' }, path.join(dir, 'cwd')))).toEqual([path.join(dir, 'cwd', 'roles')]);
    files({ 'shared/db/tasks/main.yml': task('db') });
    useSettings(at({ ANSIBLE_ROLES_PATH: path.join(dir, 'shared') }));
    try {
      expect(findRole(dir, 'db').dir).toBe(path.join(dir, 'shared', 'db'));
      mkdirSync(path.join(dir, 'cwd', 'roles', 'db', 'tasks'), { recursive: true });
      writeFileSync(path.join(dir, 'cwd', 'roles', 'db', 'tasks', 'main.yml'), task('db'));
      useSettings(at({ ANSIBLE_ROLES_PATH: './roles' }, path.join(dir, 'cwd')));
      expect(findRole(path.join(dir, 'play'), 'db').dir).toBe(path.join(dir, 'cwd', 'roles', 'db'));
    } finally {
      useSettings(undefined);
    }
  });
});
