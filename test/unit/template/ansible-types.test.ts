/**
 * Ansible's reading of template results and its typed values: ansible_eval_concat (text that looks
 * like a list, dict or boolean becomes one), jinja2_native's ansible_native_concat, NativeJinjaText
 * from string filters, AnsibleUnicode and `!unsafe` values, Jinja2 syntax nunjucks lacks.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { parseYaml, plainValue } from '../../../src/util/yaml.js';
import { jinja2Native, NativeJinjaText, renderValue, TemplateError, TypedText } from '../../../src/template/index.js';
import { readBack } from '../../../src/template/render.js';
import { loadSettings, useSettings } from '../../../src/config/index.js';

/** The jinja2_native setting on (as ANSIBLE_JINJA2_NATIVE=1 or ansible.cfg gives it) or off. */
const native = (on: boolean) => useSettings(loadSettings({ env: on ? { ANSIBLE_JINJA2_NATIVE: '1' } : {}, cwd: '/', home: '/nonexistent-home' }));
afterEach(() => useSettings(undefined));

function yamlVars(text: string): Record<string, unknown> {
  const d = parseYaml(text, 'vars.yml');
  return plainValue(d.doc.contents, d.doc) as Record<string, unknown>;
}

describe('readBack (a template result as Ansible reads it)', () => {
  it.each<[string, boolean, unknown]>([
    ['{"null": null, "true": true, "false": false}', false, { null: null, true: true, false: false }],
    ['[1, "a"]', false, [1, 'a']],
    ['True', false, true],
    ['1', false, '1'],
    ["'quoted'", false, "'quoted'"],
    ['[1, x]', false, '[1, x]'],
    ['{{ foo }}', false, '{{ foo }}'],
    ['1', true, 1],
    ['[1, 2]', true, [1, 2]],
    ['None', true, null],
    ["'2'", true, "'2'"],
    ['"a b"', true, '"a b"'],
    ['true', true, 'true'],
    [' 1', true, ' 1'],
    ['onetwo', true, 'onetwo'],
  ])('%j (native: %s) → %j', (out, native, expected) => {
    expect(readBack(out, native)).toEqual(expected);
  });
});

describe('template results', () => {
  it('text that looks like JSON becomes its value; a string filter keeps text', () => {
    expect(renderValue('{{ "" }}{"null": null, "true": true}', {})).toEqual({ null: null, true: true });
    expect(renderValue('{{ s }}', { s: '[1, 2]' })).toEqual([1, 2]);
    expect(renderValue('{{ [1] | to_json }}', {})).toBe('[1]');
    expect(renderValue('{{ [1] }}x', {})).toBe('[1]x');
  });
  it.each<[string, unknown]>([
    ['{{ "2" | int }}', 2],
    ["'{{ 2 }}'", "'2'"],
    ['{% for x in [4, 2] %}{{ x }}{% endfor %}', 42],
    ['[{% for x in [4, 2] %}{{ x }},{% endfor %}]', [4, 2]],
    ['{{ ["a"] }} + {{ ["b"] }}', "['a'] + ['b']"],
  ])('jinja2_native: %s → %j', (src, expected) => {
    native(true);
    expect(jinja2Native()).toBe(true);
    expect(renderValue(src, {})).toEqual(expected);
  });
});

describe('typed values', () => {
  it.each<[string, Record<string, unknown>, string]>([
    ['{{ 2 | string | type_debug }}', {}, 'NativeJinjaText'],
    ['{{ x | to_json | type_debug }}', { x: [1] }, 'NativeJinjaText'],
    ['{{ "foo" | type_debug }}', {}, 'str'],
    ['{{ s | type_debug }}', { s: 'from yaml' }, 'AnsibleUnicode'],
    ['{{ l[0] | type_debug }}', { l: ['from yaml'] }, 'AnsibleUnicode'],
    ['{{ true.__class__ | type_debug }}', {}, 'type'],
    ['{{ b.__class__ | string }}', { b: true }, "<class 'bool'>"],
  ])('%s → %s', (src, vars, expected) => {
    expect(renderValue(src, vars)).toBe(expected);
  });
  it('set_fact (keepTypes) keeps NativeJinjaText and str in jinja2_native mode only', () => {
    native(true);
    const kept = renderValue({ a: '{{ 2 | string }}', b: "{{ 'x' ~ 'y' }}", c: 'plain' }, {}, { keepTypes: true }) as Record<string, unknown>;
    expect(kept.a).toBeInstanceOf(NativeJinjaText);
    expect(kept.b).toBeInstanceOf(TypedText);
    expect(kept.c).toBe('plain');
    expect(renderValue('{{ a | type_debug }} {{ b | type_debug }} {{ a == "2" }}', kept)).toBe('NativeJinjaText str True');
    expect(renderValue({ a: '{{ a }}' }, kept)).toEqual({ a: '2' });
    native(false);
    expect(renderValue({ a: '{{ 2 | string }}' }, {}, { keepTypes: true })).toEqual({ a: '2' });
  });
});

describe('!unsafe values are never templated', () => {
  it('a tagged string, and the strings of a tagged mapping, stay as written', () => {
    const vars = yamlVars("s: !unsafe '{{ foo }}'\nm: !unsafe {k: '{{ bar }}', l: ['{%', 1]}\nplain: '{{ s }}'\n");
    expect(renderValue('{{ s }}', vars)).toBe('{{ foo }}');
    expect(renderValue('{{ m.k }}-{{ m.l[0] }}', vars)).toBe('{{ bar }}-{%');
    expect(renderValue('{{ plain }}', vars)).toBe('{{ foo }}');
    expect(renderValue(vars.s, vars)).toBe('{{ foo }}');
    expect(renderValue(vars.m, vars)).toEqual({ k: '{{ bar }}', l: ['{%', 1] });
  });
  it('YAML 1.1 booleans (yes/no/on/off) read as PyYAML reads them', () => {
    expect(yamlVars('a: yes\nb: "yes"\nc: Off\nd: yesno\n')).toEqual({ a: true, b: 'yes', c: false, d: 'yesno' });
  });
});

describe('Jinja2 syntax', () => {
  it.each<[string, Record<string, unknown>, unknown]>([
    ['{{ d.null }}-{{ d.true }}-{{ d.false }}-{{ d.none }}', { d: { null: 1, true: 2, false: 3, none: 4 } }, '1-2-3-4'],
    ['{{ x is sameas true }}', { x: true }, true],
    ['{{ 6 is divisibleby 3 }}', {}, true],
    ['{{ 1 if x is true else 2 }}', { x: false }, 2],
    ['{{ x is not none and y }}', { x: 1, y: 'ok' }, 'ok'],
    ['{{ x is ansible.builtin.true }}', { x: true }, true],
  ])('%s', (src, vars, expected) => {
    expect(renderValue(src, vars)).toEqual(expected);
  });
  it('a test name that is no plugin name fails as Ansible says', () => {
    expect(() => renderValue('{{ [{"a": 1}] | selectattr("a", "asdf ", 1) | list }}', {})).toThrow(TemplateError);
    expect(() => renderValue('{{ [{"a": 1}] | selectattr("a", "asdf ", 1) | list }}', {})).toThrow(`Could not load "asdf ": 'invalid plugin name: ansible.builtin.asdf '`);
  });
});
