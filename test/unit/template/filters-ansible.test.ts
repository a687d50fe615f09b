/** Ansible's core.py and mathstuff.py filters: results and the messages Ansible's own tests assert. */
import { describe, expect, it } from 'vitest';
import { renderValue } from '../../../src/template/index.js';

const vars = {
  dicts: [{ foo: 'bar', moo: 'cow' }, { foo: 'bar', moo: 'mar' }],
  demo: [{ name: 'alice', groups: ['wheel'], authorized: ['/tmp/alice/onekey.pub'] }],
  container: { key: { subkey: 'value' } },
};
const r = (t: string): unknown => renderValue(t, vars);

const cases: Array<[string, unknown]> = [
  // unique: Jinja2's (case-insensitive by default), Ansible's equality fallback for unhashable items
  ['{{ ["a", "b", "A", "B"] | unique }}', ['a', 'b']],
  ['{{ ["a", "b", "A", "B"] | unique(case_sensitive=True) }}', ['a', 'b', 'A', 'B']],
  ['{{ dicts | unique(attribute="foo") }}', [{ foo: 'bar', moo: 'cow' }]],
  ['{{ dicts + dicts | unique }}', [...vars.dicts, ...vars.dicts]],
  ['{{ (dicts + dicts) | unique }}', vars.dicts],
  ['{{ {"foo": 1, "moo": 2} | unique }}', ['foo', 'moo']],
  // set theory
  ['{{ ["a","A","b"] | intersect(["b","A","a"]) }}', ['a', 'A', 'b']],
  ['{{ ["a","A","b"] | difference(["b","B","c","C"]) }}', ['a', 'A']],
  ['{{ ["a","A","b"] | symmetric_difference(["b","B","c","C"]) }}', ['a', 'A', 'B', 'c', 'C']],
  ['{{ [1,2,3] | union([{}]) | length }}', 4],
  // math
  ['{{ 100 | log(10) }}', 2],
  ['{{ 4 | root }}', 2],
  ['{{ 9 | root(1) }}', 9],
  ['{{ 2 | pow(4) }}', 16],
  ['{{ 1 | human_readable }}', '1.00 Bytes'],
  ['{{ 1 | human_readable(isbits=True) }}', '1.00 bits'],
  ['{{ 10240 | human_readable }}', '10.00 KB'],
  ['{{ 102400000 | human_readable(isbits=True, unit="G") }}', '0.10 Gb'],
  ['{{ "0.1" | human_to_bytes }}', 0],
  ['{{ "0.9" | human_to_bytes }}', 1],
  ['{{ "1.1 GB" | human_to_bytes }}', 1181116006],
  ['{{ "10.00 Kb" | human_to_bytes(isbits=True) }}', 10240],
  ['{{ dicts | rekey_on_member("moo") }}', { cow: vars.dicts[0], mar: vars.dicts[1] }],
  ['{{ [1, 2, 3] | permutations(2) | list | length }}', 6],
  ['{{ [1, 2, 3] | combinations(2) | list }}', [[1, 2], [1, 3], [2, 3]]],
  // core.py
  ['{{ "monkeys" | to_uuid }}', '0d03a178-da0f-5b51-934e-cda9c76578c3'],
  ['{{ "Ansible - くらとみ\n" | b64encode(encoding="utf-16-le") }}', 'QQBuAHMAaQBiAGwAZQAgAC0AIABPMIkwaDB/MAoA'],
  ['{{ "QQBuAHMAaQBiAGwAZQAgAC0AIABPMIkwaDB/MAoA" | b64decode(encoding="utf-16-le") }}', 'Ansible - くらとみ\n'],
  ['{{ "1993-03-26 01:23:45" | to_datetime < "1994-03-26 01:23:45" | to_datetime }}', true],
  ['{{ "1993-03-26 01:23:45" | to_datetime | string }}', '1993-03-26 01:23:45'],
  ['{{ "1993-03-26 01:23:45" | to_datetime | type_debug }}', 'datetime'],
  ['{{ "%Y-%m-%d" | strftime(1585247522, utc=True) }}', '2020-03-26'],
  ['{{ "---\nbananas: yellow\n---\napples: red" | from_yaml_all | list }}', [{ bananas: 'yellow' }, { apples: 'red' }]],
  ['{{ 2 | from_yaml_all }}', 2],
  ['{{ 2 | from_yaml }}', 2],
  ['{{ "boo!" | comment(decoration="-- ") }}', '--\n-- boo!\n--'],
  ['{{ "boo!" | comment(style="cblock") }}', '/*\n *\n * boo!\n *\n */'],
  ['{{ "boo!" | comment(decoration="") }}', 'boo!\n'],
  ['{{ "boo!" | comment(prefix="\n", prefix_count=2) }}', '\n\n# boo!\n#'],
  ['{{ "key" | extract(container, "subkey") }}', 'value'],
  ['{{ "key" | extract(nope) | default("a") }}', 'a'],
  ['{{ "key" | extract(container, ["badsubkey", "x"]) | default("a") }}', 'a'],
  ['{{ None | combine }}', {}],
  ['{{ {"b": [1, {"k": 1}]} | combine({"b": [{"k": 1}, 2]}, list_merge="append_rp") }}', { b: [1, { k: 1 }, 2] }],
  ['{{ demo | subelements("does not compute", skip_missing=True) }}', []],
  ['{{ [1, [None, "null"]] | flatten }}', [1]],
  ['{{ None | quote }}', "''"],
  ['{{ "]]^" | regex_escape(re_type="posix_basic") }}', '\\]\\]\\^'],
  ['{{ "goodbye" | regex_search("(good)(bye)", "\\2", "\\1") }}', ['bye', 'good']],
  ['{{ 22 | shuffle }}', 22],
  ['{{ "hey" | password_hash("sha512", "abcdefgh12345678") | length }}', 106],
  ['{{ "password" | password_hash("md5", "saltsalt") }}', '$1$saltsalt$qjXMvbEw8oaL.CzflDtaK/'],
  ['{{ undef() | default("d") }}', 'd'],
];

const failures: Array<[string, string]> = [
  ['{{ [{"foo": "bar"}] | unique(case_sensitive=False) }}', "cannot fall back to Ansible's version"],
  ['{{ True | unique }}', "'bool' object is not iterable"],
  ['{{ "yo" | log }}', 'log() can only be used on numbers'],
  ['{{ "yo" | pow(4) }}', 'pow() can only be used on numbers'],
  ['{{ "yo" | root }}', 'root() can only be used on numbers'],
  ['{{ "monkeys" | human_readable }}', 'human_readable() failed on bad input'],
  ['{{ "10.00 foo" | human_to_bytes }}', "human_to_bytes() can't interpret following string: 10.00 foo"],
  ['{{ [] | rekey_on_member("a", duplicates="boo") }}', 'duplicates parameter to rekey_on_member has unknown value: boo'],
  ['{{ "minkeys" | rekey_on_member("a") }}', 'Type is not a valid list, set, or dict'],
  ['{{ [True] | rekey_on_member("a") }}', 'List item is not a valid dict'],
  ['{{ dicts | rekey_on_member("nope") }}', 'Key nope was not found'],
  ['{{ dicts | rekey_on_member("foo") }}', 'Key bar is not unique, cannot correctly turn into dict'],
  ['{{ "hash" | hash("nope") }}', 'unsupported hash type nope'],
  ['{{ [1] | combine(foo="bar") }}', "'recursive' and 'list_merge' are the only valid keyword arguments"],
  ['{{ [{"a": 1}, [{"b": 2}]] | combine({"c": 3}) }}', "failed to combine variables, expected dicts but got a 'list' and a 'dict'"],
  ['{{ {"a": 1} | combine({"k": {"n": [nope]}}) }}', "'nope' is undefined"],
  ['{{ "hello" | regex_search("hello", "unknown") }}', 'Unknown argument'],
  ['{{ "%Y" | strftime("foo") }}', 'Invalid value for epoch value (foo)'],
  ['{{ "x" | regex_escape(re_type="posix_extended") }}', 'Regex type (posix_extended) not yet implemented'],
  ['{{ "x" | regex_escape(re_type="haha") }}', 'Invalid regex type (haha)'],
  ['{{ None | random }}', 'random can only be used on sequences and integers'],
  ['{{ [1, 2] | random(start=2) }}', 'start and step can only be used with integer values'],
  ['{{ "hey" | password_hash(hashtype="supersecurehashtype") }}', "does not support 'supersecurehashtype' algorithm"],
  ['{{ "hey" | to_uuid(namespace=22) }}', "Invalid value '22' for 'namespace'"],
  ['{{ hey | mandatory }}', "Mandatory variable 'hey'  not defined."],
  ['{{ True | subelements("foo") }}', 'obj must be a list of dicts or a nested dict'],
  ['{{ {} | subelements(17) }}', 'subelements must be a list or a string'],
  ['{{ demo | subelements("nope") }}', "could not find 'nope' key in iterated item"],
  ['{{ demo | subelements("name") }}', "the key 'name' should point to a list, got 'alice'"],
  ['{{ demo | subelements(["groups", "authorized"]) }}', "the key authorized should point to a dictionary, got '['wheel']'"],
  ['{{ [{"key": "a"}] | items2dict }}', "items2dict requires each dictionary in the list to contain the keys 'key' and 'value'"],
  ['{{ [True] | items2dict }}', 'items2dict requires a list of dictionaries, got [True] instead.'],
  ['{{ True | dict2items }}', "dict2items requires a dictionary, got <class 'bool'> instead."],
  ['{{ True | path_join }}', "|path_join expects string or sequence, got <class 'bool'> instead."],
  ['{{ undef("Expected failure") | upper }}', 'Expected failure'],
];

describe("Ansible's filters", () => {
  it.each(cases)('%s', (template, expected) => {
    expect(r(template)).toEqual(expected);
  });
  it.each(failures)('%s fails: %s', (template, message) => {
    expect(() => r(template)).toThrow(message);
  });
  it('password_hash makes a sha512_crypt hash with a random salt by default', () => {
    expect(r('{{ "what in the WORLD is up?" | password_hash }}')).toMatch(/^\$6\$[./0-9A-Za-z]{16}\$[./0-9A-Za-z]{86}$/);
  });
});

describe("Ansible's template text rules", () => {
  const text: Array<[string, unknown]> = [
    // escape_backslashes: a string literal inside {{ }} of a playbook value is read as written
    ['{{ "a\\d" }}', 'a\\d'],
    ['{{ "x y" | regex_replace("\\s", "_") }}', 'x_y'],
    // ... but Jinja2's escapes apply inside {% %}
    ['{% if "a\\nb" | length == 3 %}yes{% endif %}', 'yes'],
    // None renders as '' unless the template is one variable named alone
    ['{{ None }}', ''],
    ['{{ n }}', null],
    ['{{ [n] }}', [null]],
  ];
  it.each(text)('%s', (template, expected) => {
    expect(renderValue(template, { n: null })).toEqual(expected);
  });
});
