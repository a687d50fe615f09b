/** YAML reading refuses what YAML forbids and aliases that multiply, located like every other YAML error. */
import { describe, expect, it } from 'vitest';
import { ValidationErrors, formatLocated } from '../../../src/util/errors.js';
import { ALIAS_EXPANSION_LIMIT, parseYaml, plainValue } from '../../../src/util/yaml.js';
import { aliasBomb } from '../../helpers/yaml-bomb.js';

function refused(text: string): string {
  try {
    parseYaml(text, 'f.yml');
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationErrors);
    return (e as ValidationErrors).errors.map(formatLocated).join('\n');
  }
  throw new Error('accepted');
}

describe('parseYaml: forbidden characters', () => {
  it.each([
    ['a NUL inside a double-quoted scalar', '- name: x\n  msg: "a\u0000b"\n', '2:10', 'U+0000'],
    ['a NUL inside a single-quoted scalar', "k: 'a\u0000'\n", '1:6', 'U+0000'],
    ['a NUL in a plain scalar', 'k: a\u0000\n', '1:5', 'U+0000'],
    ['a bell character', 'k: "\u0007"\n', '1:5', 'U+0007'],
    ['DEL', 'k: x\u007f\n', '1:5', 'U+007F'],
    ['U+FFFF', 'k: \uffff\n', '1:4', 'U+FFFF'],
    ['a lone surrogate', 'k: \ud800\n', '1:4', 'U+D800'],
  ])('%s is refused at its position', (_name, text, at, code) => {
    const out = refused(text);
    expect(out).toContain(`f.yml:${at}: YAML syntax error: the character ${code} is not allowed in YAML`);
    expect(out).not.toContain('\u0000'); // the excerpt shows a stand-in, not the raw control character
  });

  it.each([
    ['tab, CR/LF line ends', 'k:\t"a\tb"\r\nl: 1\r\n'],
    ['escaped NUL in double quotes', 'k: "a\\0b"\n'],
    ['a BOM and unicode', '\ufeffk: ünïcödé ✓ 😀\n'],
    ['NEL and NBSP', 'k: "a\u0085b\u00a0c"\n'],
  ])('%s is accepted', (_name, text) => {
    expect(() => parseYaml(text, 'f.yml')).not.toThrow();
  });
});

describe('parseYaml: aliases that multiply', () => {
  it('a five-level alias bomb is refused at the alias where the expansion passes the limit', () => {
    const out = refused(aliasBomb(5, 10));
    expect(out).toMatch(/^f\.yml:4:\d+: YAML aliases expand to more than 10,000 values/);
    expect(out).toContain('  4 | a3: &a3 [*a2, *a2');
    expect(out).toContain('billion laughs');
  });

  it('the same bomb nested in a playbook task is refused', () => {
    const text = `- hosts: all\n  vars:\n${aliasBomb(6, 9).replace(/^/gm, '    ').trimEnd()}\n  tasks: []\n`;
    expect(refused(text)).toMatch(/^f\.yml:\d+:\d+: YAML aliases expand/);
  });

  it('a small bomb stays within the limit and its value is the expansion', () => {
    const doc = parseYaml(aliasBomb(3, 10), 'f.yml');
    const v = plainValue(doc.doc.contents, doc.doc) as Record<string, unknown[][]>;
    expect(v.a2).toHaveLength(10);
    expect(v.a2[9]).toHaveLength(10);
  });

  it('a large inventory merging one anchor into every host is accepted (the yaml library alone throws past 100 uses)', () => {
    const hosts = Array.from({ length: 1500 }, (_, i) => `    h${i}:\n      <<: *defaults\n      n: ${i}`).join('\n');
    const text = `all:\n  vars:\n    d: &defaults { ansible_user: deploy, ansible_port: 22, role: web, tier: front }\n  hosts:\n${hosts}\n`;
    const doc = parseYaml(text, 'inv.yml');
    const v = plainValue(doc.doc.contents, doc.doc) as { all: { hosts: Record<string, Record<string, unknown>> } };
    expect(v.all.hosts.h1499).toEqual({ ansible_user: 'deploy', ansible_port: 22, role: 'web', tier: 'front', n: 1499 });
  });

  it('an alias inside the node it names does not loop', () => {
    expect(() => parseYaml('a: &x [1, *x]\n', 'f.yml')).not.toThrow();
  });

  it('the limit is the one documented in the message', () => {
    expect(ALIAS_EXPANSION_LIMIT).toBe(10_000);
  });
});
