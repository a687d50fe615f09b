/** Every Jinja2/Ansible test (`x is ...`) with an example, and version comparison. */
import { describe, expect, it } from 'vitest';
import { tmpdir } from 'node:os';
import { renderValue } from '../../../src/template/index.js';
import { compareVersions } from '../../../src/template/version.js';

const vars = {
  s: 'Hello World',
  n: 4,
  f: 1.5,
  l: [1, 2, 3],
  d: { a: 1 },
  none_v: null,
  changed_r: { changed: true, rc: 0 },
  failed_r: { failed: true, msg: 'boom' },
  skipped_r: { skipped: true, changed: false },
  unreach_r: { unreachable: true },
  loop_r: { changed: false, results: [{ changed: false }, { changed: true }] },
  systemd: '252.30-1~deb12u2',
};

const is = (t: string): unknown => renderValue(`{{ ${t} }}`, vars);

const cases: Array<[string, boolean]> = [
  ['s is defined', true],
  ['nope is defined', false],
  ['nope is undefined', true],
  ['d.zz is defined', false],
  ['nope.deeper is defined', false],
  ['none_v is none', true],
  ['none_v is not none', false],
  ['s is string', true],
  ['n is string', false],
  ['n is number', true],
  ['f is float', true],
  ['n is integer', true],
  ['d is mapping', true],
  ['l is mapping', false],
  ['l is iterable', true],
  ['s is iterable', true],
  ['l is sequence', true],
  ['true is boolean', true],
  ['"true" is boolean', false],
  ['true is true', true],
  ['1 is true', false],
  ['false is false', true],
  ['2 is in(l)', true],
  ['l is contains(3)', true],
  ['s is match("Hell")', true],
  ['s is match("World")', false],
  ['s is search("World")', true],
  ['s is search("world", ignorecase=true)', true],
  ['s is regex("^H.+d$")', true],
  ['s is regex("World", match_type="match")', false],
  ['"253" is version("252", ">")', true],
  ['systemd is version("253", "<")', true],
  ['systemd is version("252.30", ">=")', true],
  ['"1.10" is version("1.9", "gt")', true],
  ['"1.0.0-rc.1" is version("1.0.0", "lt", version_type="semver")', true],
  ['"2.1" is version("2.1", "==", strict=true)', true],
  ['"1.2" is version_compare("1.10", "<")', true],
  ['changed_r is changed', true],
  ['failed_r is changed', false],
  ['loop_r is changed', true],
  ['failed_r is failed', true],
  ['changed_r is failed', false],
  ['changed_r is succeeded', true],
  ['changed_r is success', true],
  ['failed_r is successful', false],
  ['skipped_r is skipped', true],
  ['changed_r is skipped', false],
  ['changed_r is reachable', true],
  ['unreach_r is unreachable', true],
  ['unreach_r is reachable', false],
  ['n is divisibleby(2)', true],
  ['n is even', true],
  ['3 is odd', true],
  ['n is eq(4)', true],
  ['n is equalto(4)', true],
  ['n is ne(4)', false],
  ['n is lt(5)', true],
  ['n is gt(5)', false],
  ['n is le(4)', true],
  ['n is ge(4)', true],
  ['none_v is sameas(none)', true],
  ['"abc" is lower', true],
  ['"ABC" is upper', true],
  ['[1, 0] is any', true],
  ['[1, 0] is all', false],
  ['[1, 2] is subset(l)', true],
  ['l is superset([3])', true],
  ['"x" is truthy', true],
  ['"" is falsy', true],
  ["('nan' | float) is truthy", true],
  ['"/etc" is abs', true],
  ['"upper" is filter', true],
  ['"defined" is test', true],
  ['range is callable', true],
];

describe('tests', () => {
  it.each(cases)('%s', (expr, expected) => {
    expect(is(expr)).toBe(expected);
  });

  it('path tests look at the controller', () => {
    const dir = tmpdir();
    expect(renderValue('{{ p is directory }}', { p: dir })).toBe(true);
    expect(renderValue('{{ p is exists }}', { p: dir })).toBe(true);
    expect(renderValue('{{ p is file }}', { p: dir })).toBe(false);
    expect(renderValue('{{ (p ~ "/nope-xyz") is exists }}', { p: dir })).toBe(false);
  });

  it('result tests need a mapping and a defined value', () => {
    expect(() => is('s is changed')).toThrow("The 'changed' test expects a dictionary");
    expect(() => is('nope is changed')).toThrow("'nope' is undefined");
  });

  it('an unknown test is an error with a suggestion', () => {
    expect(() => is('s is strin')).toThrow(/no test named 'strin'; did you mean 'string'\?/);
  });

  it('a bad version operator is refused', () => {
    expect(() => is('"1" is version("2", "<<")')).toThrow(/Invalid operator/);
  });

  it.each<[string, boolean]>([
    ['"off" is truthy', true],
    ['"off" is not truthy(convert_bool=True)', true],
    ['"on" is truthy(convert_bool=True)', true],
    ['"fred" is truthy(convert_bool=True)', true],
    ['{} is truthy(convert_bool=True)', false],
    ['"off" is falsy(convert_bool=True)', true],
    ['"no" is falsy', false],
  ])('truthy/falsy with convert_bool: %s', (e, expected) => {
    expect(is(e)).toBe(expected);
  });

  it('strict and version_type together are refused, as Ansible (even strict=False)', () => {
    expect(() => is("'1.0' is version('1.0', strict=False, version_type='loose')")).toThrow("Cannot specify both 'strict' and 'version_type'");
    expect(is("'1.0' is version('1.0', strict=False)")).toBe(true);
  });
});

describe('version comparison', () => {
  it('loose versions compare numerically by component', () => {
    expect(compareVersions('252', '253')).toBe(-1);
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('2.0', '2.0')).toBe(0);
    expect(compareVersions('1.0', '1.0.1')).toBe(-1);
  });
  it('semver orders pre-releases before the release', () => {
    expect(compareVersions('1.0.0-alpha', '1.0.0', 'semver')).toBe(-1);
    expect(compareVersions('1.0.0-alpha.2', '1.0.0-alpha.10', 'semver')).toBe(-1);
  });
  it('strict versions refuse what they cannot parse', () => {
    expect(() => compareVersions('1.x', '1.0', 'strict')).toThrow(/invalid version number/);
    expect(compareVersions('1.0a1', '1.0', 'strict')).toBe(-1);
  });
});
