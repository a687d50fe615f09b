/** Every filter with an Ansible-style example: the template, the variables, the native result. */
import { describe, expect, it } from 'vitest';
import { homedir } from 'node:os';
import { renderValue, TemplateError } from '../../../src/template/index.js';

const vars = {
  s: 'Hello World',
  l: [3, 1, 2],
  d: { a: 1, b: { c: 2 } },
  users: [
    { name: 'ann', active: true, uid: 3, groups: ['adm', 'web'] },
    { name: 'bob', active: false, uid: 1, groups: ['web'] },
  ],
  none_v: null,
  path: '/etc/app/conf.d/main.tar.gz',
};

const r = (t: string, extra: Record<string, unknown> = {}): unknown => renderValue(t, { ...vars, ...extra });

const cases: Array<[string, unknown]> = [
  // defaults and mandatory
  ['{{ missing | default("x") }}', 'x'],
  ['{{ missing | d(7) }}', 7],
  ['{{ "" | default("x", true) }}', 'x'],
  ['{{ "" | default("x") }}', ''],
  ['{{ none_v | default("x") }}', ''], // None renders as '' unless one variable is named alone
  ['{{ none_v }}', null],
  ['{{ s | mandatory }}', 'Hello World'],
  // conversions
  ['{{ "yes" | bool }}', true],
  ['{{ "off" | bool }}', false],
  ['{{ 1 | bool }}', true],
  ['{{ "42" | int }}', 42],
  ['{{ "4.7" | int }}', 4],
  ['{{ "zz" | int }}', 0],
  ['{{ "zz" | int(5) }}', 5],
  ['{{ "0x1A" | int(base=16) }}', 26],
  ['{{ "1.5" | float }}', 1.5],
  ['{{ 3 | string }}', '3'],
  ['{{ true | string }}', 'True'],
  // strings
  ['{{ s | lower }}', 'hello world'],
  ['{{ s | upper }}', 'HELLO WORLD'],
  ['{{ "hELLO" | capitalize }}', 'Hello'],
  ['{{ "hello big world" | title }}', 'Hello Big World'],
  ['{{ s | replace("l", "L") }}', 'HeLLo WorLd'],
  ['{{ s | replace("l", "L", 1) }}', 'HeLlo World'],
  ['{{ "  x  " | trim }}', 'x'],
  ['{{ "a,b,,c" | split(",") }}', ['a', 'b', '', 'c']],
  ['{{ " a  b " | split }}', ['a', 'b']],
  ['{{ "abc" | length }}', 3],
  ['{{ d | length }}', 2],
  ['{{ l | count }}', 3],
  ['{{ l | first }}', 3],
  ['{{ l | last }}', 2],
  ['{{ "xyz" | first }}', 'x'],
  ['{{ l | join(",") }}', '3,1,2'],
  ['{{ users | join(", ", attribute="name") }}', 'ann, bob'],
  ['{{ "ab" | list }}', ['a', 'b']],
  ['{{ d | list }}', ['a', 'b']],
  ['{{ "a\nb" | indent(2) }}', 'a\n  b'],
  ['{{ "a\nb" | indent(2, true) }}', '  a\n  b'],
  ['{{ "%s-%03d" | format("x", 7) }}', 'x-007'],
  ['{{ "abc" | reverse }}', 'cba'],
  ['{{ "a b c" | wordcount }}', 3],
  ['{{ "managed" | comment }}', '#\n# managed\n#'],
  ['{{ "x" | center(5) }}', '  x  '],
  // numbers
  ['{{ -3 | abs }}', 3],
  ['{{ 2.5 | round }}', 2],
  ['{{ 3.5 | round }}', 4],
  ['{{ 2.567 | round(2) }}', 2.57],
  ['{{ 2.1 | round(0, "ceil") }}', 3],
  ['{{ 8 | log(2) }}', 3],
  ['{{ 2 | pow(10) }}', 1024],
  ['{{ 16 | root }}', 4],
  ['{{ true | ternary("yes", "no") }}', 'yes'],
  ['{{ [] | ternary("yes", "no") }}', 'no'],
  ['{{ none_v | ternary("t", "f", "n") }}', 'n'],
  ['{{ 1.5 | type_debug }}', 'float'],
  ['{{ 1 | type_debug }}', 'int'],
  ['{{ d | type_debug }}', 'dict'],
  ['{{ l | type_debug }}', 'list'],
  ['{{ none_v | type_debug }}', 'NoneType'],
  // regular expressions (Python syntax)
  ['{{ s | regex_replace("o", "0") }}', 'Hell0 W0rld'],
  ['{{ s | regex_replace("^(?P<a>\\w+) (\\w+)$", "\\2 \\g<a>") }}', 'World Hello'],
  ['{{ "ABC" | regex_replace("b", "x", ignorecase=true) }}', 'AxC'],
  ['{{ "aaa" | regex_replace("a", "b", count=2) }}', 'bba'],
  ['{{ s | regex_search("W(or)") }}', 'Wor'],
  ['{{ s | regex_search("W(?P<x>or)", "\\g<x>") }}', ['or']],
  ['{{ s | regex_search("nope") }}', ''],
  ['{{ s | regex_search("nope") is none }}', true],
  ['{{ s | regex_findall("o.") }}', ['o ', 'or']],
  ['{{ "k1=v1 k2=v2" | regex_findall("(\\w+)=(\\w+)") }}', [['k1', 'v1'], ['k2', 'v2']]],
  ['{{ "a.b*c" | regex_escape }}', 'a\\.b\\*c'],
  // quoting and encodings
  ['{{ "it\'s here" | quote }}', "'it'\\''s here'"],
  ['{{ "plain" | quote }}', 'plain'],
  ['{{ "Hello" | b64encode }}', 'SGVsbG8='],
  ['{{ "SGVsbG8=" | b64decode }}', 'Hello'],
  ['{{ "Hello" | hash("md5") }}', '8b1a9953c4611296a827abf8c47804d7'],
  ['{{ "Hello" | hash("sha1") }}', 'f7ff9e8b7bb2e09b70935a5d785e0cc5d9d0abf0'],
  ['{{ "Hello" | hash("sha256") }}', '185f8db32271fe25f561a6fc938b2e264306ec304eda518007d1764826381969'],
  ['{{ "Hello" | checksum }}', 'f7ff9e8b7bb2e09b70935a5d785e0cc5d9d0abf0'],
  // paths
  ['{{ path | basename }}', 'main.tar.gz'],
  ['{{ path | dirname }}', '/etc/app/conf.d'],
  ['{{ "/a/b/" | dirname }}', '/a/b'],
  ['{{ path | splitext }}', ['/etc/app/conf.d/main.tar', '.gz']],
  ['{{ ".bashrc" | splitext }}', ['.bashrc', '']],
  ['{{ ["/etc", "app", "x.conf"] | path_join }}', '/etc/app/x.conf'],
  // data
  ['{{ d | dict2items }}', [{ key: 'a', value: 1 }, { key: 'b', value: { c: 2 } }]],
  ['{{ d | dict2items(key_name="k", value_name="v") }}', [{ k: 'a', v: 1 }, { k: 'b', v: { c: 2 } }]],
  ['{{ [{"key": "x", "value": 1}] | items2dict }}', { x: 1 }],
  ['{{ d | combine({"a": 9}) }}', { a: 9, b: { c: 2 } }],
  ['{{ d | combine({"b": {"e": 3}}) }}', { a: 1, b: { e: 3 } }],
  ['{{ d | combine({"b": {"e": 3}}, recursive=True) }}', { a: 1, b: { c: 2, e: 3 } }],
  ['{{ {"x": [1]} | combine({"x": [2]}, list_merge="append") }}', { x: [1, 2] }],
  ['{{ d | to_json }}', '{"a": 1, "b": {"c": 2}}'],
  ['{{ "é" | to_json }}', '"\\u00e9"'],
  ['{{ {"b": 1, "a": [1, 2]} | to_nice_json }}', '{\n    "a": [\n        1,\n        2\n    ],\n    "b": 1\n}'],
  ['{{ \'{"a": [1, 2]}\' | from_json }}', { a: [1, 2] }],
  ['{{ {"b": 1, "a": [1, 2]} | to_yaml }}', 'a: [ 1, 2 ]\nb: 1\n'],
  ['{{ {"b": 1, "a": {"x": [1, 2]}} | to_nice_yaml | from_yaml }}', { a: { x: [1, 2] }, b: 1 }],
  ['{{ "a: [1, 2]\nb: yes" | from_yaml }}', { a: [1, 2], b: 'yes' }],
  ['{{ d | dictsort }}', [['a', 1], ['b', { c: 2 }]]],
  ['{{ d | items }}', [['a', 1], ['b', { c: 2 }]]],
  ['{{ users | subelements("groups") | map("last") | list }}', ['adm', 'web', 'web']],
  ['{{ ["a"] | map("extract", {"a": 5}) | list }}', [5]],
  // lists
  ['{{ [1, 2, 1, 3] | unique }}', [1, 2, 3]],
  ['{{ [1, 2] | union([2, 3]) }}', [1, 2, 3]],
  ['{{ [1, 2, 3] | difference([2]) }}', [1, 3]],
  ['{{ [1, 2, 3] | intersect([3, 2, 9]) }}', [2, 3]],
  ['{{ [1, 2] | symmetric_difference([2, 3]) }}', [1, 3]],
  ['{{ [1, [2, [3, none_v]]] | flatten }}', [1, 2, 3]],
  ['{{ [1, [2, [3]]] | flatten(levels=1) }}', [1, 2, [3]]],
  ['{{ l | map("string") | list }}', ['3', '1', '2']],
  ['{{ users | map(attribute="name") | list }}', ['ann', 'bob']],
  ['{{ users | map(attribute="nope", default="-") | list }}', ['-', '-']],
  ['{{ l | select("odd") | list }}', [3, 1]],
  ['{{ [0, 1, "", "x"] | select | list }}', [1, 'x']],
  ['{{ l | reject("odd") | list }}', [2]],
  ['{{ l | select("gt", 1) | list }}', [3, 2]],
  ['{{ users | selectattr("active") | map(attribute="name") | list }}', ['ann']],
  ['{{ users | selectattr("uid", "equalto", 1) | map(attribute="name") | list }}', ['bob']],
  ['{{ users | rejectattr("active") | map(attribute="name") | list }}', ['bob']],
  ['{{ users | selectattr("missing", "defined") | list }}', []],
  ['{{ l | min }}', 1],
  ['{{ l | max }}', 3],
  ['{{ users | max(attribute="uid") | attr("name") }}', 'ann'],
  ['{{ l | sum }}', 6],
  ['{{ users | sum(attribute="uid") }}', 4],
  ['{{ [[1], [2]] | sum(start=[]) }}', [1, 2]],
  ['{{ l | sort }}', [1, 2, 3]],
  ['{{ l | sort(reverse=true) }}', [3, 2, 1]],
  ['{{ ["b", "A", "c"] | sort }}', ['A', 'b', 'c']],
  ['{{ users | sort(attribute="uid") | map(attribute="name") | list }}', ['bob', 'ann']],
  ['{{ [1, 2] | zip(["a", "b"]) | list }}', [[1, 'a'], [2, 'b']]],
  ['{{ [1, 2] | zip_longest(["a"]) | list }}', [[1, 'a'], [2, null]]],
  ['{{ [1, 2] | product(["a", "b"]) | list }}', [[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]],
  ['{{ l | random(seed="x") in l }}', true],
  ['{{ l | random(seed="x") == l | random(seed="x") }}', true],
  ['{{ 10 | random(seed="x") < 10 }}', true],
  ['{{ l | shuffle(seed="s") | sort }}', [1, 2, 3]],
  ['{{ [1, 2, 3] | batch(2) | list }}', [[1, 2], [3]]],
  ['{{ users | groupby("active") | map("first") | list }}', [false, true]],
  ['{{ range(3) | list }}', [0, 1, 2]],
];

describe('filters', () => {
  it.each(cases)('%s', (template, expected) => {
    expect(r(template)).toEqual(expected);
  });

  it('expanduser and realpath work on the controller', () => {
    expect(r('{{ "~/x" | expanduser }}')).toBe(`${homedir()}/x`);
    expect(r('{{ "/tmp/../tmp" | realpath }}')).toMatch(/^\/.*tmp$/);
  });

  it('to_nice_yaml writes block style with sorted keys and a 4-space indent', () => {
    const out = r('{{ {"b": 1, "a": {"x": [1, 2]}} | to_nice_yaml }}') as string;
    expect(out.startsWith('a:\n    x:\n')).toBe(true);
    expect(out).not.toMatch(/[[{]/);
    expect(out.endsWith('b: 1\n')).toBe(true);
  });

  it('FQCN filter names work', () => {
    expect(r('{{ l | ansible.builtin.sort }}')).toEqual([1, 2, 3]);
  });

  it('an unknown filter is an error with a suggestion', () => {
    expect(() => r('{{ l | sortt }}')).toThrow(/no filter named 'sortt'; did you mean 'sort'\?/);
  });

  it('mandatory names the missing variable; a custom message wins', () => {
    expect(() => r('{{ nope | mandatory }}')).toThrow("Mandatory variable 'nope'  not defined.");
    expect(() => r('{{ nope | mandatory("set nope") }}')).toThrow('set nope');
  });

  it('filters refuse an undefined input with the variable named', () => {
    expect(() => r('{{ nope | upper }}')).toThrow("'nope' is undefined");
    expect(() => r('{{ l | join(nope) }}')).toThrow("'nope' is undefined");
  });

  it('bad input types are clear errors', () => {
    expect(() => r('{{ 5 | length }}')).toThrow("object of type 'int' has no len()");
    expect(() => r('{{ 5 | dict2items }}')).toThrow(/dict2items requires a dictionary/);
    expect(() => r('{{ "x" | hash("nope") }}')).toThrow(TemplateError);
    expect(() => r('{{ "a" | regex_replace("(?(1)a)", "") }}')).toThrow(/not supported/);
  });
});
