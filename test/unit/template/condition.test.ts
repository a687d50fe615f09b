/** evaluateCondition: Ansible's `when:` semantics. */
import { describe, expect, it } from 'vitest';
import { evaluateCondition, TemplateError } from '../../../src/template/index.js';

const vars = {
  result: { changed: true, rc: 0, stdout: 'ok' },
  x: '5',
  items_list: ['a', 'b'],
  skip: ['b'],
  item: 'a',
  ansible_facts: { distribution: 'Debian', distribution_major_version: '12', systemd: { version: 252 } },
  flag_yes: 'yes',
  flag_no: 'no',
  flag_false: 'False',
  flag_lower_false: 'false',
  flag_zero: '0',
  flag_off: 'OFF',
  flag_on: 'On',
  flag_space: ' ',
  flag_true: true,
  empty: [],
  nothing: null,
  derived: '{{ x | int > 3 }}',
};

const when = (e: string | boolean): boolean => evaluateCondition(e, vars);

describe('evaluateCondition', () => {
  it.each<[string | boolean, boolean]>([
    [true, true],
    [false, false],
    ['result is changed', true],
    ['result is not changed', false],
    ['result.rc == 0', true],
    ['x is defined and x | int > 3', true],
    ['y is defined and y | int > 3', false],
    ["'a' in items_list", true],
    ["'c' in items_list", false],
    ['item not in skip', true],
    ["ansible_facts.distribution == 'Debian'", true],
    ["ansible_facts['distribution_major_version'] | int >= 12", true],
    ["ansible_facts.systemd.version is version('253', '<')", true],
    ['flag_yes', true],
    // Ansible evaluates `{% if flag %}`: a non-empty string is true, whatever it says (ansible-playbook 2.14 runs these)
    ['flag_lower_false', true],
    ['not flag_lower_false', false],
    ['flag_zero', true],
    ['flag_space', true],
    ["'false'", true],
    ['flag_lower_false | bool', false],
    // exactly 'False': what Ansible's templating turns into a boolean when a template renders to it
    ['flag_false', false],
    // yes/no/on/off: booleans in Ansible's YAML 1.1 when unquoted (`flag: no`), strings in YAML 1.2
    ['flag_no', false],
    ['flag_off', false],
    ['flag_on', true],
    ['flag_true', true],
    ['not flag_true', false],
    ['empty', false],
    ['empty | length == 0', true],
    ['nothing', false],
    ['derived', true],
    ['True', true],
    ['None', false],
    ['yes', true],
    ['false', false],
    ['result.stdout == "ok" or undefined_thing', true],
    ["{{ x }} == '5'", false],
    ['{{ x | int == 5 }}', true],
    ['', true],
  ])('%s → %s', (expr, expected) => {
    expect(when(expr)).toBe(expected);
  });

  it('an undefined variable is an error naming it', () => {
    expect(() => when('missing_var')).toThrow(TemplateError);
    expect(() => when('missing_var')).toThrow("'missing_var' is undefined");
    expect(() => when('missing_var == 1')).toThrow("'missing_var' is undefined");
    expect(() => when('result.nope == 1')).toThrow("'dict object' has no attribute 'nope'");
  });

  it('a near miss gets a suggestion', () => {
    expect(() => when('reslt is changed')).toThrow(/'reslt' is undefined; did you mean 'result'\?/);
  });

  it('syntax errors are TemplateErrors that show the expression', () => {
    expect(() => when('x ==')).toThrow(TemplateError);
    expect(() => when('x ==')).toThrow(/x ==/);
  });

  it('comparing a string with a number fails like Python', () => {
    expect(() => when('x > 3')).toThrow("'>' not supported between instances of 'str' and 'int'");
  });
});
