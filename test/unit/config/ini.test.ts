/** ansible.cfg read as Python's configparser reads it for Ansible (values checked against configparser itself). */
import { describe, expect, it } from 'vitest';
import { ConfigError, iniGet, parseIni } from '../../../src/config/index.js';
import { formatLocated } from '../../../src/util/errors.js';

const get = (text: string, section: string, key: string) => {
  const ini = parseIni(text, 'ansible.cfg');
  return iniGet(ini, section, key)?.value;
};

describe('parseIni: values', () => {
  it.each([
    { what: 'key = value', text: '[defaults]\nforks = 20\n', key: 'forks', value: '20' },
    { what: 'key: value', text: '[defaults]\nforks: 20\n', key: 'forks', value: '20' },
    { what: 'no spaces', text: '[defaults]\nforks=20\n', key: 'forks', value: '20' },
    { what: 'keys are lower-cased', text: '[defaults]\nFORKS = 20\n', key: 'forks', value: '20' },
    { what: 'an inline ; comment after white space', text: '[defaults]\nforks = 20 ; twenty\n', key: 'forks', value: '20' },
    { what: 'a ; inside a value stays', text: '[defaults]\nremote_user = a;b\n', key: 'remote_user', value: 'a;b' },
    { what: 'a # after the value stays (not an inline comment prefix)', text: '[defaults]\nremote_user = deploy # me\n', key: 'remote_user', value: 'deploy # me' },
    { what: 'an empty value', text: '[defaults]\nremote_user =\n', key: 'remote_user', value: '' },
    { what: 'a continuation line', text: '[defaults]\nroles_path = /a:\n    /b\n', key: 'roles_path', value: '/a:\n/b' },
    { what: 'an empty line inside a continued value, trailing empties dropped', text: '[defaults]\nx = a\n  b\n\n  c\n\n\n', key: 'x', value: 'a\nb\n\nc' },
    { what: 'the first = splits (a value may hold =)', text: '[defaults]\nx = a=b\n', key: 'x', value: 'a=b' },
    { what: 'percent signs are kept (read raw, as Ansible)', text: '[defaults]\nansible_managed = %Y-%m-%d %%\n', key: 'ansible_managed', value: '%Y-%m-%d %%' },
    { what: '[DEFAULT] gives every section its values', text: '[DEFAULT]\nforks = 7\n[defaults]\n', key: 'forks', value: '7' },
    { what: 'comment lines are skipped', text: '# c\n; c\n[defaults]\n  # indented comment\nforks = 3\n', key: 'forks', value: '3' },
    { what: 'quotes are kept (types unquote)', text: '[defaults]\nremote_user = "deploy"\n', key: 'remote_user', value: '"deploy"' },
    { what: 'CRLF line ends', text: '[defaults]\r\nforks = 4\r\n', key: 'forks', value: '4' },
  ])('$what', ({ text, key, value }) => {
    expect(get(text, 'defaults', key)).toBe(value);
  });

  it('sections are case-sensitive', () => {
    expect(get('[Defaults]\nforks = 2\n', 'defaults', 'forks')).toBeUndefined();
  });

  it('keeps the line and the column of a value', () => {
    const ini = parseIni('[defaults]\n\n  forks   =  abc\n', 'ansible.cfg');
    expect(iniGet(ini, 'defaults', 'forks')).toEqual({ value: 'abc', line: 3, col: 14 });
  });
});

describe('parseIni: errors at their line (exit 5, as Ansible stops on them)', () => {
  it.each([
    { what: 'an option before a section', text: 'forks = 2\n', at: 1, says: 'an option before any [section] header' },
    { what: 'a duplicate option', text: '[defaults]\nforks = 2\nForks = 3\n', at: 3, says: 'option "forks" appears twice in its section' },
    { what: 'a duplicate section', text: '[defaults]\n[ssh_connection]\n[defaults]\n', at: 3, says: 'section "defaults" appears twice' },
    { what: 'a line that is neither', text: '[defaults]\njust words\n', at: 2, says: 'expected `name = value` or a [section] header' },
    { what: 'an option without a name', text: '[defaults]\n= 3\n', at: 2, says: 'expected `name = value` or a [section] header' },
  ])('$what', ({ text, at, says }) => {
    let err: unknown;
    try {
      parseIni(text, 'ansible.cfg');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).exitCode).toBe(5);
    expect((err as ConfigError).loc?.line).toBe(at);
    expect(formatLocated(err as ConfigError)).toContain(`ansible.cfg:${at}:`);
    expect((err as Error).message).toBe(says);
  });
});
