/** Argument schemas: aliases, defaults, Ansible's mutual exclusions, clear refusals; registration names. */
import { describe, expect, it } from 'vitest';
import { copySchema, contentBuffer } from '../../../../src/modules/files/copy.js';
import { fileSchema, parseTime } from '../../../../src/modules/files/file.js';
import { lineinfileSchema } from '../../../../src/modules/files/lineinfile.js';
import { blockinfileSchema } from '../../../../src/modules/files/blockinfile.js';
import { statSchema, statResult } from '../../../../src/modules/files/stat.js';
import { slurpSchema } from '../../../../src/modules/files/slurp.js';
import { fetchDest } from '../../../../src/modules/files/fetch.js';
import { templateSchema } from '../../../../src/modules/files/template.js';
import { fileModules } from '../../../../src/modules/files/index.js';

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('copy schema', () => {
  it('defaults and loose booleans', () => {
    expect(copySchema.parse({ content: 'x', dest: '/d', backup: 'yes' })).toMatchObject({ backup: true, force: true, follow: false });
  });
  it('needs exactly one of src/content; validate needs %s; bad modes are refused', () => {
    expect(issues(copySchema.safeParse({ dest: '/d' }))).toContain('src (or content) is required');
    expect(issues(copySchema.safeParse({ src: 'a', content: 'b', dest: '/d' }))).toContain('src and content are mutually exclusive');
    expect(issues(copySchema.safeParse({ content: 'b', dest: '/d', validate: 'visudo -c' }))[0]).toMatch(/must contain %s/);
    expect(issues(copySchema.safeParse({ content: 'b', dest: '/d', mode: 'rw-r--r--' }))[0]).toMatch(/invalid mode/);
    expect(issues(copySchema.safeParse({ content: 'b', dest: '/d', owner: 'a;rm' }))[0]).toMatch(/not a valid user or group name/);
    expect(issues(copySchema.safeParse({ content: 'b', dest: '/d', remote_src: true }))[0]).toMatch(/remote_src is not supported/);
    expect(copySchema.safeParse({ content: 'b', dest: '/d', destination: 'x' }).success).toBe(false);
  });
  it('non-string content is written as JSON', () => {
    expect(contentBuffer({ a: 1 }).toString()).toBe('{"a":1}');
    expect(contentBuffer(42).toString()).toBe('42');
  });
});

describe('file schema', () => {
  it('path aliases dest and name; src only with link/hard; times checked against the format', () => {
    expect(fileSchema.parse({ dest: '/x', state: 'directory' })).toMatchObject({ path: '/x', follow: true, recurse: false });
    expect(fileSchema.parse({ name: '/x' })).toMatchObject({ path: '/x' });
    expect(issues(fileSchema.safeParse({ path: '/x', src: '/y', state: 'file' }))[0]).toMatch(/src is only used with state=link/);
    expect(issues(fileSchema.safeParse({ path: '/x', state: 'touch', modification_time: 'yesterday' }))[0]).toMatch(/does not match the format/);
    expect(issues(fileSchema.safeParse({ path: '/x', state: 'present' })).length).toBe(1);
  });
  it('parseTime: strptime directives to a local time string', () => {
    expect(parseTime('202001021304.05', '%Y%m%d%H%M.%S')).toBe('2020-01-02 13:04:05');
    expect(parseTime('2020-01-02 13:04', '%Y-%m-%d %H:%M')).toBe('2020-01-02 13:04:00');
    expect(parseTime('99-12-31', '%y-%m-%d')).toBe('1999-12-31 00:00:00');
    expect(parseTime('2020-13-01', '%Y-%m-%d')).toBeUndefined();
    expect(parseTime('x', '%Y%j')).toBeUndefined();
  });
});

describe('lineinfile and blockinfile schemas', () => {
  it('aliases (dest, regex, value; content for block)', () => {
    expect(lineinfileSchema.parse({ dest: '/f', regex: '^a', value: 'a=1' })).toMatchObject({ path: '/f', regexp: '^a', line: 'a=1', state: 'present' });
    expect(blockinfileSchema.parse({ name: '/f', content: 'x' })).toMatchObject({ path: '/f', block: 'x', marker: '# {mark} ANSIBLE MANAGED BLOCK' });
    expect(blockinfileSchema.parse({ path: '/f', block: null }).block).toBe('');
  });
  it("Ansible's mutually exclusive and required-with rules", () => {
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', insertafter: 'x', insertbefore: 'y' }))).toContain('parameters are mutually exclusive: insertbefore|insertafter');
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', regexp: 'x', search_string: 'y' }))).toContain('parameters are mutually exclusive: regexp|search_string');
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', backrefs: true }))).toContain('regexp is required with backrefs=true');
    expect(issues(lineinfileSchema.safeParse({ path: '/f' }))).toContain('line is required with state=present');
    expect(issues(lineinfileSchema.safeParse({ path: '/f', state: 'absent' }))).toContain('one of line, search_string, or regexp is required with state=absent');
    expect(issues(blockinfileSchema.safeParse({ path: '/f', insertafter: 'a', insertbefore: 'b' }))).toContain('parameters are mutually exclusive: insertafter|insertbefore');
  });
  it('bad regular expressions are refused when the arguments are checked', () => {
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', regexp: '(' }))[0]).toMatch(/invalid regular expression/);
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', insertafter: '[' }))[0]).toMatch(/invalid regular expression/);
    expect(issues(blockinfileSchema.safeParse({ path: '/f', insertbefore: '(?x) a' }))[0]).toMatch(/verbose/);
    expect(lineinfileSchema.safeParse({ path: '/f', line: 'a', insertafter: 'EOF' }).success).toBe(true);
  });
});

describe('stat, slurp, template, fetch', () => {
  it('stat aliases and choices', () => {
    expect(statSchema.parse({ path: '/x', checksum_algo: 'sha256' })).toMatchObject({ checksum_algorithm: 'sha256', follow: false, get_checksum: true });
    expect(statSchema.safeParse({ path: '/x', checksum_algorithm: 'crc32' }).success).toBe(false);
    expect(slurpSchema.parse({ path: '/x' })).toEqual({ src: '/x' });
    expect(templateSchema.parse({ src: 'a.j2', dest: '/b' })).toMatchObject({ force: true, newline_sequence: '\n' });
    expect(templateSchema.safeParse({ src: 'a.j2', dest: '/b', output_encoding: 'latin-1' }).success).toBe(false);
  });
  it('statResult of a missing path is only {exists: false}; permissions as booleans', () => {
    expect(statResult('/x', { path: '/x', exists: false }, undefined, 'sha1')).toEqual({ exists: false });
    const s = statResult('/x', { path: '/x', exists: true, type: 'file', mode: 0o4750, hash: 'abc' }, '1 0 1', 'md5');
    expect(s).toMatchObject({ mode: '04750', isuid: true, xgrp: true, roth: false, readable: true, writeable: false, executable: true, checksum: 'abc', md5: 'abc' });
  });
  it('fetchDest: HOST/path, flat with and without a trailing slash', () => {
    expect(fetchDest('/etc/hosts', '/backup', 'web1', false)).toBe('/backup/web1/etc/hosts');
    expect(fetchDest('/etc/hosts', '/backup/', 'web1', true)).toBe('/backup/hosts');
    expect(fetchDest('/etc/hosts', '/backup/h.txt', 'web1', true)).toBe('/backup/h.txt');
    expect(fetchDest('/etc/../etc/hosts', '/b', 'w', false)).toBe('/b/w/etc/hosts');
  });
});

describe('fileModules', () => {
  it('registers every module with its ansible.builtin and ansible.legacy names', () => {
    const names = fileModules.map((m) => m.name);
    expect(names).toEqual(['copy', 'file', 'template', 'lineinfile', 'blockinfile', 'stat', 'slurp', 'fetch']);
    for (const m of fileModules) expect(m.aliases).toEqual([`ansible.builtin.${m.name}`, `ansible.legacy.${m.name}`]);
  });
});
