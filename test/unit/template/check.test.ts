/** Checking templates without variables: where a problem is, whether it refuses or warns, and the compile cache reused. */
import { describe, expect, it } from 'vitest';
import { checkCondition, checkTemplate, renderValue } from '../../../src/template/index.js';
import { compile } from '../../../src/template/environment.js';
import { ansibleName } from '../../../src/template/known-names.js';

/** [index, message, hint, lacking] of each problem. */
const shown = (ps: ReturnType<typeof checkCondition>) => ps.map((p) => [p.index, p.message, p.hint, Boolean(p.lacking)]);

describe('checkTemplate', () => {
  const cases: Array<[string, number, string, string?]> = [
    ['{{ foo', 6, "template syntax error: expected '}}' (the end of the expression)"],
    ['a {% if %}b{% endif %}', 8, "template syntax error: 'if' needs a condition"],
    ['{{ x | }}', 7, "template syntax error: expected a filter name after '|', got '}}'"],
    ['{{ x | defualt(1) }}', 7, "no filter named 'defualt' in machinist or Ansible", "did you mean 'default'?"],
    ['{{ x is defind }}', 8, "no test named 'defind' in machinist or Ansible", "did you mean 'defined'?"],
    ['{{ x is not defind }}', 12, "no test named 'defind' in machinist or Ansible", "did you mean 'defined'?"],
    ['{{ x ===  }}', 10, "template syntax error: expected an expression after '===', got '}}'"],
    ['one\n{{ (a b) }}', 7, "template syntax error: expected ',' or ')' to close this '('"],
    ['{% for x in y %}{{ x }}', 23, 'template syntax error: unexpected end of file'],
    ['{{ x | ansible.builtin.defualt }}', 7, "no filter named 'ansible.builtin.defualt' in machinist or Ansible", "did you mean 'ansible.builtin.default'?"],
    ['{{ x | ansible.utils.ipadr }}', 7, "no filter named 'ansible.utils.ipadr' in machinist or Ansible", "did you mean 'ansible.utils.ipaddr'?"],
    ['{{ x | a.b }}', 7, "no filter named 'a.b' in machinist or Ansible"],
  ];
  it.each(cases)('%j is refused', (src, index, message, hint) => {
    expect(shown(checkTemplate(src).problems)).toEqual([[index, message, hint, false]]);
  });

  const warned: Array<[string, number, string]> = [
    ['{{ x | win_splitdrive }}', 7, "the filter 'win_splitdrive' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['{{ x | ansible.builtin.win_dirname }}', 7, "the filter 'ansible.builtin.win_dirname' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['{{ x is community.general.fqdn_valid }}', 8, "the test 'community.general.fqdn_valid' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['{{ x | json_query("a") }}', 7, "the filter 'json_query' exists in Ansible but not in machinist: a task that uses it fails if it runs"],
    ['{{ x | my.coll.f }}', 7, "the filter 'my.coll.f' is from a collection machinist does not have: a task that uses it fails if it runs"],
    ['{{ (1,) }}', 6, 'machinist does not support a trailing comma here (valid in Jinja2): a task that uses it fails if it runs'],
    ['{{ "a" "b" }}', 7, 'machinist does not support adjacent strings ("a" "b"; join them with ~): a task that uses it fails if it runs'],
    ['{% set a, b = 1, 2 %}', 17, 'machinist does not support unpacking in {% set a, b = ... %}: a task that uses it fails if it runs'],
    ['{% for x in y %}{% break %}{% endfor %}', 19, "machinist does not support Jinja2's {% break %}: a task that uses it fails if it runs"],
  ];
  it.each(warned)('%j is a warning', (src, index, message) => {
    expect(shown(checkTemplate(src).problems)).toEqual([[index, message, undefined, true]]);
  });

  it('valid templates have no problems, and the run reuses what the check compiled', () => {
    for (const src of ['{{ x | default(1) }}', '{% for k, v in d.items() if v %}{{ k }}{% endfor %}', '{{ x is ansible.builtin.version("1", ">") }}', '{{ x[1:] | join(",") }}']) {
      const r = checkTemplate(src);
      expect(r.problems, src).toEqual([]);
      expect(compile(src, { native: true })).toBe(r.compiled);
    }
  });

  it('at run time, a filter Ansible has but machinist lacks fails naming that', () => {
    expect(() => renderValue('{{ x | win_splitdrive }}', { x: '2020-01-01' })).toThrow("the filter 'win_splitdrive' exists in Ansible but not in machinist");
    expect(() => renderValue('{{ x | defualt(1) }}', {})).toThrow("no filter named 'defualt'; did you mean 'default'?");
  });
});

describe('checkCondition', () => {
  const cases: Array<[string, Array<[number, string, string | undefined, boolean]>]> = [
    ['x ===', [[5, "template syntax error: expected an expression after '===' (the condition ends there)", undefined, false]]],
    ['  x is defind', [[7, "no test named 'defind' in machinist or Ansible", "did you mean 'defined'?", false]]],
    ['x y', [[2, 'template syntax error: expected the end of the condition here', undefined, false]]],
    ['x.y(', [[4, 'template syntax error: unexpected end of the condition', undefined, false]]],
    ['{{ x | defualt }} == 1', [[7, "no filter named 'defualt' in machinist or Ansible", "did you mean 'default'?", false]]],
    ['x }} {{ y', [[9, "template syntax error: expected '}}' (the end of the expression)", undefined, false]]],
    ['x }} y', [[0, 'a conditional must be one expression: x }} y', undefined, false]]],
    ['x is win_splitdrive', [[5, "no test named 'win_splitdrive' in machinist or Ansible", undefined, false]]],
    ['x | win_splitdrive', [[4, "the filter 'win_splitdrive' exists in Ansible but not in machinist: a task that uses it fails if it runs", undefined, true]]],
    ['yes', []],
    ['x is defined and x | length > 0', []],
  ];
  it.each(cases)('%j', (expr, expected) => {
    expect(shown(checkCondition(expr))).toEqual(expected);
  });
});

describe('ansibleName', () => {
  const cases: Array<['filter' | 'test', string, string]> = [
    ['filter', 'to_datetime', 'known'],
    ['filter', 'wordwrap', 'known'],
    ['filter', 'ipaddr', 'known'],
    ['filter', 'ansible.builtin.to_json', 'known'],
    ['filter', 'ansible.legacy.combine', 'known'],
    ['filter', 'community.general.json_query', 'known'],
    ['test', 'ansible.utils.in_network', 'known'],
    ['test', 'version_compare', 'known'],
    ['filter', 'defualt', 'unknown'],
    ['filter', 'ansible.builtin.dict_kv', 'unknown'],
    ['filter', 'community.general.nope', 'unknown'],
    ['test', 'a.b', 'unknown'],
    ['filter', 'netbox.netbox.nb_lookup', 'foreign'],
  ];
  it.each(cases)('%s %s is %s', (kind, name, status) => {
    expect(ansibleName(kind, name).status).toBe(status);
  });
});
