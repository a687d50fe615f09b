/** renderValue: native types, deep rendering, omit, lazy and recursive variables, Python semantics, errors. */
import { describe, expect, it } from 'vitest';
import { isTemplated, markUnsafe, OMIT, renderValue, TemplateError } from '../../../src/template/index.js';

describe('native values and text', () => {
  const vars = { l: [1, 2], d: { k: 'v' }, n: 3, t: true, nothing: null, s: 'x' };
  it('a lone {{ expr }} gives the native value', () => {
    expect(renderValue('{{ l }}', vars)).toEqual([1, 2]);
    expect(renderValue('{{ d }}', vars)).toEqual({ k: 'v' });
    expect(renderValue('{{ n }}', vars)).toBe(3);
    expect(renderValue('{{ t }}', vars)).toBe(true);
    expect(renderValue('{{ nothing }}', vars)).toBeNull();
    expect(renderValue('{{ n + 1.5 }}', vars)).toBe(4.5);
  });
  it('surrounding whitespace keeps a native value; a string keeps its whitespace', () => {
    expect(renderValue(' {{ l }}\n', vars)).toEqual([1, 2]);
    expect(renderValue('{{ s }}\n', vars)).toBe('x\n');
  });
  it('mixed text is a string with Python renderings', () => {
    expect(renderValue('n={{ n }} l={{ l }} d={{ d }} t={{ t }} none={{ nothing }}', vars)).toBe("n=3 l=[1, 2] d={'k': 'v'} t=True none=");
    expect(renderValue('{{ n }}{{ n }}', vars)).toBe('33');
  });
  it('strings without template syntax come back unchanged (same object)', () => {
    const v = { a: 'plain', b: [1, 'x'] };
    expect(renderValue(v, vars)).toBe(v);
  });
  it('renders deep, keys included', () => {
    expect(renderValue({ '{{ s }}_key': ['{{ n }}', { inner: '{{ l | length }}' }], other: 'v-{{ s }}' }, vars)).toEqual({
      x_key: [3, { inner: 2 }],
      other: 'v-x',
    });
  });
  it('keys whose value is omit are dropped', () => {
    expect(renderValue({ a: '{{ omit }}', b: '{{ nope | default(omit) }}', c: '{{ n }}', nested: { d: '{{ omit }}', e: 1 } }, vars)).toEqual({
      c: 3,
      nested: { e: 1 },
    });
    expect(renderValue('{{ omit }}', vars)).toBe(OMIT);
  });
  it('isTemplated looks deep', () => {
    expect(isTemplated('a {{ b }}')).toBe(true);
    expect(isTemplated('{% if x %}y{% endif %}')).toBe(true);
    expect(isTemplated({ a: ['x', { b: '{{ c }}' }] })).toBe(true);
    expect(isTemplated({ a: ['x', 1, null] })).toBe(false);
    expect(isTemplated(5)).toBe(false);
  });
});

describe('lazy variables', () => {
  it('resolves variables that are templates, recursively', () => {
    const vars = { a: '{{ b }}-x', b: '{{ c | upper }}', c: 'deep', list: ['{{ a }}', 2], conf: { port: '{{ base + 1 }}' }, base: 8080 };
    expect(renderValue('{{ a }}', vars)).toBe('DEEP-x');
    expect(renderValue('{{ list }}', vars)).toEqual(['DEEP-x', 2]);
    expect(renderValue('{{ conf.port }}', vars)).toBe(8081);
    expect(renderValue('{{ conf }}', vars)).toEqual({ port: 8081 });
    expect(renderValue('{{ list | map("string") | join(",") }}', vars)).toBe('DEEP-x,2');
  });
  it('a variable holding a lone expression resolves to its native value', () => {
    expect(renderValue('{{ ports | sum }}', { ports: '{{ [80, 443] }}' })).toBe(523);
  });
  it('detects cycles and names the variable', () => {
    const vars = { a: '{{ b }}', b: '{{ a }}', self: 'x{{ self }}', d: { k: '{{ d.k }}' } };
    expect(() => renderValue('{{ a }}', vars)).toThrow("recursive loop detected in template for 'a'");
    expect(() => renderValue('{{ self }}', vars)).toThrow("recursive loop detected in template for 'self'");
    expect(() => renderValue('{{ d.k }}', vars)).toThrow("recursive loop detected in template for 'k'");
  });
  it('does not render variables that are not used', () => {
    const vars = { ok: 'fine', broken: '{{ undefined_thing }}' };
    expect(renderValue('{{ ok }}', vars)).toBe('fine');
  });
  it('hostvars[h] resolves in that host\'s own variables, lazily', () => {
    const other = { x: '{{ y }}!', y: 'Y', bad: '{{ nope }}' };
    const vars = { y: 'mine', hostvars: { h1: other } };
    expect(renderValue('{{ hostvars["h1"].x }}', vars)).toBe('Y!');
    expect(renderValue('{{ hostvars.h1.y }}', vars)).toBe('Y');
    expect(() => renderValue('{{ hostvars.h2.x }}', vars)).toThrow("'dict object' has no attribute 'h2'");
  });
  it('the magic vars gives dynamic access', () => {
    expect(renderValue('{{ vars["name_" ~ i] }}', { name_1: '{{ v }}', v: 'one', i: 1 })).toBe('one');
  });
  it('layered variables (prototype chain) are visible; Object.prototype is not', () => {
    const base = { a: 1 };
    const vars = Object.assign(Object.create(base), { b: 2 });
    expect(renderValue('{{ a + b }}', vars)).toBe(3);
    expect(() => renderValue('{{ constructor }}', vars)).toThrow("'constructor' is undefined");
    expect(() => renderValue('{{ d.toString }}', { d: {} })).toThrow("'dict object' has no attribute 'toString'");
  });
  it('frozen variables work', () => {
    const vars = Object.freeze({ d: Object.freeze({ k: '{{ v }}' }), v: 1, l: Object.freeze(['{{ v }}']) });
    expect(renderValue('{{ d.k }} {{ l[0] }}', vars)).toBe('1 1');
    expect(renderValue('{{ l }}', vars)).toEqual([1]);
  });
  it('values are read-only inside templates; local lists can be changed', () => {
    expect(() => renderValue('{% set _ = l.append(3) %}{{ l }}', { l: [1] })).toThrow(/read-only/);
    expect(renderValue('{% set acc = [] %}{% for x in l %}{% set _ = acc.append(x * 2) %}{% endfor %}{{ acc }}', { l: [1, 2] })).toEqual([2, 4]);
  });
  it('unsafe values are not templated again', () => {
    const result = markUnsafe({ stdout: 'literally {{ x }}' });
    expect(renderValue('{{ r.stdout }}', { r: result })).toBe('literally {{ x }}');
    expect(renderValue({ a: result }, {})).toEqual({ a: { stdout: 'literally {{ x }}' } });
  });
});

describe('undefined', () => {
  const vars = { d: { a: 1 }, l: [1], nothing: null, foo: 'x' };
  it('names the variable', () => {
    expect(() => renderValue('{{ missing }}', vars)).toThrow(TemplateError);
    expect(() => renderValue('{{ missing }}', vars)).toThrow("'missing' is undefined");
    expect(() => renderValue('x {{ missing }} y', vars)).toThrow("'missing' is undefined");
    expect(() => renderValue('{{ missing.attr }}', vars)).toThrow("'missing' is undefined");
  });
  it('names the missing attribute or element', () => {
    expect(() => renderValue('{{ d.y }}', vars)).toThrow("'dict object' has no attribute 'y'");
    expect(() => renderValue("{{ d['y'] }}", vars)).toThrow("'dict object' has no attribute 'y'");
    expect(() => renderValue('{{ l[5] }}', vars)).toThrow('list object has no element 5');
    expect(() => renderValue('{{ nothing.x }}', vars)).toThrow("'None' has no attribute 'x'");
  });
  it('default, is defined, mandatory and omit handle it', () => {
    expect(renderValue('{{ missing.deep.path | default("d") }}', vars)).toBe('d');
    expect(renderValue('{{ missing is defined }}', vars)).toBe(false);
    expect(renderValue('{{ d.y is undefined }}', vars)).toBe(true);
    expect(renderValue({ k: '{{ missing | default(omit) }}' }, vars)).toEqual({});
  });
  it('any other use raises', () => {
    for (const t of ['{{ missing == 1 }}', '{{ missing + 1 }}', '{{ missing ~ "x" }}', '{{ "a" in missing }}', '{% if missing %}x{% endif %}', '{% for x in missing %}{% endfor %}', '{{ [missing] }}', '{{ missing() }}']) {
      expect(() => renderValue(t, vars), t).toThrow("'missing' is undefined");
    }
  });
});

describe('Python semantics', () => {
  const vars = { l: [1, 2, 3], s: 'Hello', d: { a: 1, b: 2 }, e: [], z: 0, item: { key: 'k', value: 'v' } };
  it.each<[string, unknown]>([
    ['{{ True and not False }}', true],
    ['{{ None }}', ''], // Ansible renders None as '' (unless one variable is named alone)
    ['{{ e or "fallback" }}', 'fallback'],
    ['{{ l and "yes" }}', 'yes'],
    ['{{ "x" if e else "y" }}', 'y'],
    ['{{ 1 == 1.0 }}', true],
    ['{{ "1" == 1 }}', false],
    ['{{ [1, 2] == [1, 2] }}', true],
    ['{{ {"a": 1} != {"a": 1} }}', false],
    ['{{ 1 < 2 < 3 }}', true],
    ['{{ 3 > 2 > 2 }}', false],
    ['{{ "abc" < "abd" }}', true],
    ['{{ 2 in l }}', true],
    ['{{ [1] in [[1], [2]] }}', true],
    ['{{ "ell" in s }}', true],
    ['{{ "a" in d }}', true],
    ['{{ 4 not in l }}', true],
    ['{{ 7 // 2 }}', 3],
    ['{{ -7 // 2 }}', -4],
    ['{{ 7 % 3 }}', 1],
    ['{{ -7 % 3 }}', 2],
    ['{{ 2 ** 10 }}', 1024],
    ['{{ 7 / 2 }}', 3.5],
    ['{{ [1] + [2] }}', [1, 2]],
    ['{{ "ab" * 2 }}', 'abab'],
    ['{{ "n=" ~ 1 ~ True ~ None }}', 'n=1TrueNone'],
    ['{{ "%s is %d" % ("x", 4) }}', 'x is 4'],
    ['{{ "%(a)s" % d }}', '1'],
    ['{{ l[-1] }}', 3],
    ['{{ l[1:] }}', [2, 3]],
    ['{{ l[:-1] }}', [1, 2]],
    ['{{ l[::-1] }}', [3, 2, 1]],
    ['{{ s[1:3] }}', 'el'],
    ['{{ s[0] }}', 'H'],
    ['{{ l.0 }}', 1],
    ['{{ (1, 2) }}', [1, 2]],
    ['{{ (1 + 2) * 3 }}', 9],
    ['{{ {item.key: item.value} }}', { k: 'v' }],
    ['{{ {"a": {"b": {"c": 1}}} }}', { a: { b: { c: 1 } } }],
    ['{{ -z }}', -0],
    ['{{ s.lower() }}', 'hello'],
    ['{{ s.upper().startswith("HE") }}', true],
    ['{{ s.endswith(("x", "lo")) }}', true],
    ['{{ "a,b".split(",") }}', ['a', 'b']],
    ['{{ " x ".strip() }}', 'x'],
    ['{{ "a-b".replace("-", "_") }}', 'a_b'],
    ['{{ "{}-{}".format(1, "x") }}', '1-x'],
    ['{{ ",".join(["a", "b"]) }}', 'a,b'],
    ['{{ d.items() | list }}', [['a', 1], ['b', 2]]],
    ['{{ d.keys() | list }}', ['a', 'b']],
    ['{{ d.values() | list }}', [1, 2]],
    ['{{ d.get("a") }}', 1],
    ['{{ d.get("zz", "dflt") }}', 'dflt'],
    ['{{ l.index(2) }}', 1],
    ['{{ l.count(2) }}', 1],
    ['{{ dict(a=1) }}', { a: 1 }],
    ['{{ lookup("env", "MACHINIST_TEMPLATE_TEST_UNSET") }}', ''],
    ['{{ lookup("vars", "z") }}', 0],
    ['{{ query("items", [1, 2]) }}', [1, 2]],
  ])('%s', (t, expected) => {
    expect(renderValue(t, vars)).toEqual(expected);
  });
  it('type errors read like Python', () => {
    expect(() => renderValue('{{ "a" + 1 }}', vars)).toThrow('can only concatenate str (not "int") to str');
    expect(() => renderValue('{{ 1 / 0 }}', vars)).toThrow('division by zero');
    expect(() => renderValue('{{ l < 1 }}', vars)).toThrow("'<' not supported between instances of 'list' and 'int'");
    expect(() => renderValue('{{ s.nomethod() }}', vars)).toThrow("'str object' has no attribute 'nomethod'");
  });
  it('syntax errors show the template', () => {
    expect(() => renderValue('{{ a b }}', vars)).toThrow(/template error while templating string: .*String: \{\{ a b \}\}/);
    expect(() => renderValue('{% if %}', vars)).toThrow(TemplateError);
  });
});
