/**
 * The lookup plugins (template/lookups/) through lookup()/query() and with_<lookup> loops
 * (loopLookup): results, Ansible's shaping of lookup() results, errors= and wantlist, and the file
 * search path (role folder, then the playbook folder, each with files/ or templates/ first).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loopLookup, renderValue } from '../../../src/template/index.js';

let dir: string;
let vars: Record<string, unknown>;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-lookups-'));
  const put = (rel: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  };
  put('files/a.txt', 'from files\n\n');
  put('b.txt', 'beside the playbook\n');
  put('files/x1.conf', '1');
  put('files/x2.conf', '2');
  put('files/.x3.conf', 'hidden');
  put('templates/t.j2', 'n={{ n }} {{ extra | default("-") }}\n');
  put('roles/r/files/a.txt', 'from the role');
  put('pw/existing', 'stored salt=abc\n');
  vars = { playbook_dir: dir, n: 3, d: { b: 2, a: 1 }, users: [{ name: 'al', keys: ['k1', 'k2'] }, { name: 'bo', keys: [] }], word: 'hi' };
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const render = (t: string, extra: Record<string, unknown> = {}) => renderValue(t, { ...vars, ...extra });

describe('lookup() and query()', () => {
  it.each([
    ['{{ lookup("file", "a.txt") }}', 'from files'],
    ['{{ lookup("file", "a.txt", rstrip=False) }}', 'from files\n\n'],
    ['{{ lookup("file", "b.txt") }}', 'beside the playbook'],
    ['{{ lookup("file", "a.txt", "b.txt") }}', 'from files,beside the playbook'],
    ['{{ query("file", "a.txt", "b.txt") }}', ['from files', 'beside the playbook']],
    ['{{ lookup("ansible.builtin.template", "t.j2") }}', 'n=3 -\n'],
    ['{{ lookup("template", "t.j2", template_vars={"extra": "E"}) }}', 'n=3 E\n'],
    ['{{ query("fileglob", "*.conf") | map("basename") | list }}', ['x1.conf', 'x2.conf']],
    ['{{ lookup("first_found", ["nope", "b.txt"]) | basename }}', 'b.txt'],
    ['{{ lookup("first_found", {"files": ["nope", "a.txt"], "paths": [playbook_dir ~ "/files"]}) | basename }}', 'a.txt'],
    ['{{ lookup("first_found", {"files": "nope,b.txt"}) | basename }}', 'b.txt'],
    ['{{ query("first_found", ["nope"], skip=True) }}', []],
    ['{{ lookup("pipe", "echo one; echo two") }}', 'one\ntwo'],
    ['{{ query("lines", "printf \'l1\\nl2\\n\'") }}', ['l1', 'l2']],
    ['{{ lookup("env", "MACHINIST_LOOKUP_TEST_UNSET", default="dflt") }}', 'dflt'],
    ['{{ lookup("vars", "n") }}', 3],
    ['{{ lookup("vars", "nope", default=7) }}', 7],
    ['{{ lookup("items", ["a", "b"]) }}', 'a,b'],
    ['{{ lookup("items", [1, 2]) }}', [1, 2]],
    ['{{ lookup("items", [5]) }}', 5],
    ['{{ lookup("items", [5], wantlist=True) }}', [5]],
    ['{{ lookup("dict", d) }}', [{ key: 'b', value: 2 }, { key: 'a', value: 1 }]],
    ['{{ query("sequence", "1-3") }}', ['1', '2', '3']],
    ['{{ lookup("sequence", "1-3") }}', '1,2,3'],
    ['{{ query("nested", [1, 2], ["a"]) }}', [[1, 'a'], [2, 'a']]],
    ['{{ query("together", [1, 2], ["a"]) }}', [[1, 'a'], [2, null]]],
    ['{{ query("indexed_items", ["a", "b"]) }}', [[0, 'a'], [1, 'b']]],
    ['{{ query("list", [1, [2]]) }}', [[1, [2]]]],
    ['{{ query("subelements", users, "keys") }}', [[{ name: 'al' }, 'k1'], [{ name: 'al' }, 'k2']]],
    ['{{ query("random_choice", "only") }}', ['only']],
    ['{{ lookup("file", "nope", errors="ignore") }}', ''],
    ['{{ query("file", "nope", errors="warn") }}', []],
    ['{{ query("first_found", ["nope"], errors="ignore") }}', []],
  ])('%s', (t, expected) => {
    expect(render(t)).toEqual(expected);
  });

  it('a role task finds its role files first, then the playbook folder', () => {
    expect(render('{{ lookup("file", "a.txt") }}', { role_path: path.join(dir, 'roles/r') })).toBe('from the role');
    expect(render('{{ lookup("file", "b.txt") }}', { role_path: path.join(dir, 'roles/r') })).toBe('beside the playbook');
  });

  it.each([
    ['{{ lookup("file", "nope") }}', "An unhandled exception occurred while running the lookup plugin 'file'. Error was a <class 'ansible.errors.AnsibleError'>, original message: could not locate file in lookup: nope. could not locate file in lookup: nope"],
    ['{{ lookup("first_found", ["nope"]) }}', 'No file was found when using first_found.'],
    // as ansible-core 2.14: files= without a term searches nothing
    ['{{ lookup("first_found", files=["a.txt"]) }}', 'No file was found when using first_found.'],
    ['{{ lookup("vars", "nope") }}', 'No variable found with this name: nope'],
    ['{{ lookup("items", undefined_thing) }}', "'undefined_thing' is undefined"],
    ['{{ lookup("pipe", "exit 3") }}', "original message: lookup_plugin.pipe(exit 3) returned 3"],
    ['{{ lookup("itemz", [1]) }}', "lookup plugin (itemz) not found; did you mean 'items'?"],
    ['{{ lookup("ini", "x") }}', "lookup plugin 'ini' is not supported by machinist"],
    ['{{ lookup("password", "/dev/null bogus=1") }}', 'Unrecognized parameter(s) given to password lookup: bogus'],
  ])('%s fails: %s', (t, message) => {
    expect(() => render(t)).toThrow(message);
  });

  it('password: generated once into its file (0600), read back after; /dev/null is never written', () => {
    const pw = render('{{ lookup("password", "pw/new length=12 chars=digits") }}') as string;
    expect(pw).toMatch(/^[0-9]{12}$/);
    expect(readFileSync(path.join(dir, 'pw/new'), 'utf8')).toBe(pw + '\n');
    expect(render('{{ lookup("password", "pw/new length=12 chars=digits") }}')).toBe(pw);
    expect(render('{{ lookup("password", "pw/existing") }}')).toBe('stored');
    expect(render('{{ lookup("password", "/dev/null", length=5, chars=["ascii_lowercase"]) }}')).toMatch(/^[a-z]{5}$/);
  });
});

describe('with_<lookup> loops', () => {
  it.each([
    ['items', [[1, 2], 3, '{{ word }}'], [1, 2, 3, 'hi']],
    ['items', 'one', ['one']],
    ['items', '{{ d }}', ['b', 'a']],
    ['list', [[1, 2], 3], [[1, 2], 3]],
    ['dict', '{{ d }}', [{ key: 'b', value: 2 }, { key: 'a', value: 1 }]],
    ['dict', { x: 1 }, [{ key: 'x', value: 1 }]],
    ['sequence', 'start=0 end=4 stride=2 format=h%02d', ['h00', 'h02', 'h04']],
    ['sequence', 'count=3', ['1', '2', '3']],
    ['sequence', '0x0a-0x0c', ['10', '11', '12']],
    ['sequence', 'start=3 end=1 stride=-1', ['3', '2', '1']],
    ['sequence', 'count=0', []],
    ['together', [[1, 2, 3], ['a', 'b']], [[1, 'a'], [2, 'b'], [3, null]]],
    ['nested', [[1, 2], ['a', 'b']], [[1, 'a'], [1, 'b'], [2, 'a'], [2, 'b']]],
    ['subelements', ['{{ users }}', 'keys'], [[{ name: 'al' }, 'k1'], [{ name: 'al' }, 'k2']]],
    ['subelements', [[{ name: 'x' }], 'keys', { skip_missing: true }], []],
    ['indexed_items', ['a', 'b'], [[0, 'a'], [1, 'b']]],
    ['flattened', [1, [2, [3, [4]]]], [1, 2, 3, 4]],
    ['random_choice', ['a'], ['a']],
    ['first_found', ['{{ missing }}.txt', 'b.txt'], [path.join(dir ?? '', 'b.txt')]],
    ['first_found', [{ files: ['nope'], skip: true }], []],
  ])('with_%s: %j', (name, terms, expected) => {
    const want = name === 'first_found' && Array.isArray(expected) && expected.length ? [path.join(dir, 'b.txt')] : expected;
    expect(loopLookup(name, terms, vars)).toEqual(want);
  });

  it('with_first_found on a template task searches templates/', () => {
    expect(loopLookup('first_found', ['t.j2'], vars, { module: 'template' })).toEqual([path.join(dir, 'templates/t.j2')]);
  });

  it.each([
    ['dict', [1], 'with_dict expects a dict'],
    ['indexed_items', { a: 1 }, 'with_indexed_items expects a list'],
    ['list', { a: 1 }, 'with_list expects a list'],
    ['sequence', 'start=5 end=1', 'to count backwards make stride negative'],
    ['sequence', 'start=1 end=3 junk=1', "unrecognized arguments to with_sequence: ['junk']"],
    ['sequence', 'start=1', 'must specify count or end in with_sequence'],
    ['sequence', 'count=2 end=3', "can't specify both count and end in with_sequence"],
    ['sequence', 'end=x1', "can't parse end=x1 as integer"],
    ['sequence', 'end=3 format=%d%d', 'bad formatting string: %d%d'],
    ['together', [], 'with_together requires at least one element in each list'],
    ['nested', [], 'with_nested requires at least one element in the nested list'],
    ['subelements', ['{{ users }}'], 'subelements lookup expects a list of two or three items, '],
    ['subelements', ['{{ users }}', 'name'], "the key name should point to a list, got 'al'"],
    ['subelements', [[{ a: 1 }], 'keys'], "could not find 'keys' key in iterated item '{'a': 1}'"],
    ['subelements', [9001, 'keys'], "subelements lookup expects a dictionary, got '9001'"],
    ['first_found', ['nope'], 'No file was found when using first_found.'],
    ['items', '{{ nope }}', "'nope' is undefined"],
  ])('with_%s: %j fails: %s', (name, terms, message) => {
    expect(() => loopLookup(name, terms, vars)).toThrow(message);
  });
});

describe('numeric attributes', () => {
  it.each([
    ['{{ p.0.name }}', 'al'],
    ['{{ p.1.0 }}', 'k'],
    ['{{ p.1.0.upper() }}', 'K'],
  ])('%s', (t, expected) => {
    expect(renderValue(t, { p: [{ name: 'al' }, ['k']] })).toBe(expected);
  });
});

describe('*iterable in call arguments', () => {
  it.each([
    ['{{ query("list", *l) }}', ['a', 'b']],
    ['{{ lookup("list", wantlist=True, *l) }}', ['a', 'b']],
    ['{{ range(*[1, 3]) }}', [1, 2]],
    ['{{ range(1, *[3]) }}', [1, 2]],
    ['{{ "-".join(*[l]) }}', 'a-b'],
  ])('%s', (t, expected) => {
    expect(renderValue(t, { l: ['a', 'b'] })).toEqual(expected);
  });
});

describe('now()', () => {
  it.each([
    ['{{ now(fmt="%s") | int > 1600000000 }}', true],
    ['{{ now(true, "%Y") | int >= 2024 }}', true],
    ['{{ now(fmt="%s.%f") is match("^[0-9]+[.][0-9]{6}$") }}', true],
    ['{{ now() is match("^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}$") }}', true],
  ])('%s', (t, expected) => {
    expect(renderValue(t, {})).toBe(expected);
  });
});
