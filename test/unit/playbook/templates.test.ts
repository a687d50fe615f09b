/**
 * Templates are checked while the playbook loads, before any host is contacted: syntax errors and
 * filter/test names that exist nowhere are refused where they are written; valid Ansible that
 * machinist lacks is a warning.
 */
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPlaybook, loadPlaybookText, loadVarsFile } from '../../../src/playbook/index.js';
import { formatLocated, ValidationErrors } from '../../../src/util/errors.js';
import { play } from './helpers.js';

/** The first line (file:line:col: message) and the hint of each problem. */
async function refusals(text: string): Promise<Array<[string, string | undefined]>> {
  try {
    await loadPlaybookText(text, 'site.yml');
  } catch (e) {
    if (e instanceof ValidationErrors) return e.errors.map((x) => [formatLocated(x).split('\n')[0], x.hint]);
    throw e;
  }
  throw new Error('expected the playbook to be refused');
}

async function warnings(text: string): Promise<string[]> {
  const book = await loadPlaybookText(text, 'site.yml');
  return (book.warnings ?? []).map((w) => formatLocated(w).split('\n')[0]);
}

describe('template problems found while loading', () => {
  // each playbook is "- hosts: all / tasks:" then the task (line 3 on, indented by 4)
  const cases: Array<[string, string, string, string?]> = [
    ['unclosed {{', '- debug:\n    msg: "{{ foo"', "site.yml:4:21: template syntax error: expected '}}' (the end of the expression)"],
    ['{% if %} without a condition', '- debug:\n    msg: "{% if %}yes{% endif %}"', "site.yml:4:21: template syntax error: 'if' needs a condition"],
    ['a filter bar with no filter', '- debug:\n    msg: "{{ x | }}"', "site.yml:4:22: template syntax error: expected a filter name after '|', got '}}'"],
    ['an unknown filter', '- debug:\n    msg: "{{ x | defualt(\'a\') }}"', "site.yml:4:22: no filter named 'defualt' in machinist or Ansible", "did you mean 'default'?"],
    ['an unknown test', '- debug:\n    msg: hi\n  when: x is defind', "site.yml:5:18: no test named 'defind' in machinist or Ansible", "did you mean 'defined'?"],
    ['an incomplete condition', '- debug:\n    msg: hi\n  when: "x ==="', "site.yml:5:19: template syntax error: expected an expression after '===' (the condition ends there)"],
    ['a condition with two expressions', '- debug:\n    msg: hi\n  when: x y', "site.yml:5:15: template syntax error: expected the end of the condition here"],
    ['a condition in braces', '- debug:\n    msg: hi\n  when: "{{ x | defualt(1) }}"', "site.yml:5:21: no filter named 'defualt' in machinist or Ansible", "did you mean 'default'?"],
    ['changed_when in a list', '- debug:\n    msg: hi\n  changed_when:\n    - true\n    - r.rc is sucess', "site.yml:7:19: no test named 'sucess' in machinist or Ansible", "did you mean 'success'?"],
    ['failed_when', '- debug:\n    msg: hi\n  failed_when: r.rc >', "site.yml:5:26: template syntax error: expected an expression after '>' (the condition ends there)"],
    ['until', '- debug:\n    msg: hi\n  until: "(r.rc == 0"', "site.yml:5:15: template syntax error: expected ',' or ')' to close this '('"],
    ["assert's that", '- assert:\n    that:\n      - x is defined\n      - x | lenght > 1', "site.yml:6:17: no filter named 'lenght' in machinist or Ansible", "did you mean 'length'?"],
    ["debug's var", '- debug:\n    var: x |', "site.yml:4:17: template syntax error: expected a filter name after '|' (the condition ends there)"],
    ['k=v arguments', '- debug: msg="{{ x | defualt }}"', "site.yml:3:26: no filter named 'defualt' in machinist or Ansible", "did you mean 'default'?"],
    ['free-form arguments', '- command: echo {{ x | to_jsn }}', "site.yml:3:28: no filter named 'to_jsn' in machinist or Ansible", "did you mean 'to_json'?"],
    ['a nested argument', '- copy:\n    dest: /x\n    content:\n      a: ["{{ y | upperr }}"]', "site.yml:6:23: no filter named 'upperr' in machinist or Ansible", "did you mean 'upper'?"],
    ['a block literal', '- copy:\n    dest: /x\n    content: |\n      line one\n        {{ y | tirm }}', "site.yml:7:20: no filter named 'tirm' in machinist or Ansible", "did you mean 'trim'?"],
    ['a folded plain scalar (at its start)', '- debug:\n    msg: one\n      {{ y | tirm }}', "site.yml:4:14: no filter named 'tirm' in machinist or Ansible", "did you mean 'trim'?"],
    ['a task name', '- name: "{{ x"\n  debug:\n    msg: hi', "site.yml:3:18: template syntax error: expected '}}' (the end of the expression)"],
    ['loop', '- debug:\n    msg: hi\n  loop: "{{ users | dict2item }}"', "site.yml:5:25: no filter named 'dict2item' in machinist or Ansible", "did you mean 'dict2items'?"],
    ['loop_control label', '- debug:\n    msg: hi\n  loop: [1]\n  loop_control:\n    label: "{{ item.name | uper }}"', "site.yml:7:32: no filter named 'uper' in machinist or Ansible", "did you mean 'upper'?"],
    ['task vars', '- debug:\n    msg: hi\n  vars:\n    a: "{{ b | int(} }}"', "site.yml:6:24: template syntax error: unexpected '}'"],
    ['an FQCN of ansible.builtin', '- debug:\n    msg: "{{ x | ansible.builtin.to_jsn }}"', "site.yml:4:22: no filter named 'ansible.builtin.to_jsn' in machinist or Ansible", "did you mean 'ansible.builtin.to_json'?"],
    ['an FQCN of community.general', '- debug:\n    msg: "{{ x | community.general.dict_kvv(1) }}"', "site.yml:4:22: no filter named 'community.general.dict_kvv' in machinist or Ansible", "did you mean 'community.general.dict_kv'?"],
    ['an unclosed dict', '- debug:\n    msg: "{{ d | combine({\'a\': 1}"', "site.yml:4:38: template syntax error: unexpected end of the template"],
    ['include_tasks', '- include_tasks: "{{ f"', "site.yml:3:27: template syntax error: expected '}}' (the end of the expression)"],
    ['block keywords', '- block:\n    - debug:\n        msg: hi\n  become_user: "{{ u | lowr }}"', "site.yml:6:28: no filter named 'lowr' in machinist or Ansible", "did you mean 'lower'?"],
  ];
  it.each(cases)('%s', async (_name, tasks, first, hint) => {
    expect(await refusals(play(tasks))).toEqual([[first, hint]]);
  });

  it('handlers and play keywords are checked too', async () => {
    const text = [
      '- hosts: "{{ target | defualt(\'all\') }}"',
      '  vars:',
      '    port: "{{ 80 | intt }}"',
      '  tasks: []',
      '  handlers:',
      '    - name: restart',
      '      debug:',
      '        msg: "{{ x"',
    ].join('\n');
    expect(await refusals(text)).toEqual([
      ["site.yml:1:23: no filter named 'defualt' in machinist or Ansible", "did you mean 'default'?"],
      ["site.yml:3:20: no filter named 'intt' in machinist or Ansible", "did you mean 'int'?"],
      ["site.yml:8:19: template syntax error: expected '}}' (the end of the expression)", undefined],
    ]);
  });

  it('every problem of the playbook is reported at once; an anchor is checked once', async () => {
    const tasks = '- debug:\n    msg: &m "{{ x | defualt }}"\n- debug:\n    msg: *m\n- debug:\n    msg: "{{ y"';
    expect((await refusals(play(tasks))).map((r) => r[0])).toEqual([
      "site.yml:4:25: no filter named 'defualt' in machinist or Ansible",
      "site.yml:8:19: template syntax error: expected '}}' (the end of the expression)",
    ]);
  });
});

describe('what loads, with or without a warning', () => {
  it('valid templates and !unsafe values load without warnings', async () => {
    const tasks = [
      '- debug:',
      '    msg: "{{ x | default(1) | int }} {% if y is defined %}{{ y }}{% endif %}"',
      '  when: x is defined and (y | default([]) | length > 0)',
      '  vars:',
      '    raw: !unsafe "{{ not a template"',
      '    fq: "{{ x | ansible.builtin.to_json }}"',
      '- assert:',
      '    that: "{{ a }} == 1"',
    ].join('\n');
    expect(await warnings(play(tasks))).toEqual([]);
  });

  const lacking: Array<[string, string, string]> = [
    ['an Ansible filter machinist lacks', '- debug:\n    msg: "{{ x | win_splitdrive }}"', "site.yml:4:22: the filter 'win_splitdrive' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['a Jinja2 filter machinist lacks', '- debug:\n    msg: "{{ x | wordwrap(20) }}"', "site.yml:4:22: the filter 'wordwrap' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['a collection filter by FQCN', '- debug:\n    msg: "{{ x | community.general.dict_kv(\'k\') }}"', "site.yml:4:22: the filter 'community.general.dict_kv' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['a collection test', '- debug:\n    msg: hi\n  when: x is ansible.utils.ipv4', "site.yml:5:18: the test 'ansible.utils.ipv4' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['a collection this list does not know', '- debug:\n    msg: "{{ x | netbox.netbox.nb_lookup }}"', "site.yml:4:22: the filter 'netbox.netbox.nb_lookup' is from a collection machinist does not have: a task that uses it fails if it runs"],
    ['a trailing comma', '- debug:\n    msg: "{{ [1, 2,] }}"', "site.yml:4:24: machinist does not support a trailing comma here (valid in Jinja2): a task that uses it fails if it runs"],
    ['{% with %}', '- debug:\n    msg: "{% with a = 1 %}{{ a }}{% endwith %}"', "site.yml:4:18: machinist does not support Jinja2's {% with %}: a task that uses it fails if it runs"],
  ];
  it.each(lacking)('%s', async (_name, tasks, warning) => {
    expect(await warnings(play(tasks))).toEqual([warning]);
  });
  it('a test argument without parentheses loads as in Jinja2 (x is divisibleby 3)', async () => {
    expect(await warnings(play('- debug:\n    msg: hi\n  when: x is divisibleby 3'))).toEqual([]);
  });

  describe('beside filter_plugins/ or test_plugins/ (Ansible may find the name there)', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await fs.mkdtemp(path.join(os.tmpdir(), 'machinist-plugins-'));
      await fs.mkdir(path.join(dir, 'filter_plugins'));
      await fs.writeFile(path.join(dir, 'site.yml'), play('- debug:\n    msg: "{{ x | my_filter }}"\n  when: x is my_test'));
      await fs.writeFile(path.join(dir, 'vars.yml'), 'a: "{{ b | my_filter }}"\nc: "{{ d"\n');
    });
    afterAll(async () => {
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    });

    it('an unknown filter name is a warning; an unknown test name (no test_plugins/) is refused', async () => {
      const file = path.join(dir, 'site.yml');
      let err: unknown;
      await loadPlaybook(file).catch((e) => (err = e));
      expect(err).toBeInstanceOf(ValidationErrors);
      expect((err as ValidationErrors).errors.map((e) => formatLocated(e).split('\n')[0])).toEqual([`${file}:5:18: no test named 'my_test' in machinist or Ansible`]);
      await fs.mkdir(path.join(dir, 'test_plugins'));
      const book = await loadPlaybook(file);
      expect(book.warnings?.map((w) => formatLocated(w).split('\n')[0])).toEqual([
        `${file}:4:22: no filter named 'my_filter' in machinist or Ansible: a filter_plugins directory may define it, but machinist cannot run it; a task that uses it fails if it runs`,
        `${file}:5:18: no test named 'my_test' in machinist or Ansible: a test_plugins directory may define it, but machinist cannot run it; a task that uses it fails if it runs`,
      ]);
    });

    it('a vars file: warnings to the given list, syntax errors refused where they are', async () => {
      const file = path.join(dir, 'vars.yml');
      const warned: unknown[] = [];
      let err: unknown;
      await loadVarsFile(file, { warnings: warned as never }).catch((e) => (err = e));
      expect((err as ValidationErrors).errors.map((e) => formatLocated(e).split('\n')[0])).toEqual([
        `${file}:2:9: template syntax error: expected '}}' (the end of the expression)`,
      ]);
      expect(warned).toHaveLength(1);
    });
  });
});
