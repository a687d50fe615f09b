/**
 * replace: the edit as Ansible's replace.py makes it. Every expected value below was computed by
 * replace.py's own algorithm under CPython 3.11 (re.subn with MULTILINE, the DOTALL after/before section).
 */
import { describe, expect, it } from 'vitest';
import { replaceModule, replaceText } from '../../../../src/modules/files/replace.js';

const CASES: Array<{ what: string; contents: string; regexp: string; replace?: string; after?: string; before?: string; expect: { text: string; count: number; msg: string } }> = [
  { what: 'every match, MULTILINE anchors', contents: 'a=1\nb=2\na=3\n', regexp: '^a=(\\d)$', replace: 'A=\\1', expect: { text: 'A=1\nb=2\nA=3\n', count: 2, msg: '2 replacements made' } },
  { what: 'named groups and \\g<>', contents: 'host web1\nhost web2\n', regexp: 'host (?P<n>\\w+)', replace: 'server \\g<n>', expect: { text: 'server web1\nserver web2\n', count: 2, msg: '2 replacements made' } },
  { what: 'no match: no change, empty msg', contents: 'x\n', regexp: 'y', expect: { text: 'x\n', count: 0, msg: '' } },
  { what: 'replacing with the same text is no change', contents: 'a\n', regexp: 'a', replace: 'a', expect: { text: 'a\n', count: 0, msg: '' } },
  { what: 'deleting (replace omitted)', contents: 'keep\n# drop me\nkeep\n', regexp: '^# drop me\\n', expect: { text: 'keep\nkeep\n', count: 1, msg: '1 replacements made' } },
  { what: 'only after a marker', contents: 'a\n[x]\na\na\n', regexp: '^a$', replace: 'b', after: '\\[x\\]', expect: { text: 'a\n[x]\nb\nb\n', count: 2, msg: '2 replacements made' } },
  { what: 'only before a marker', contents: 'a\na\n[x]\na\n', regexp: '^a$', replace: 'b', before: '\\[x\\]', expect: { text: 'b\nb\n[x]\na\n', count: 2, msg: '2 replacements made' } },
  { what: 'between markers (the first section, lazily)', contents: 'a\nSTART\na\nEND\na\nSTART\na\nEND\n', regexp: '^a$', replace: 'b', after: 'START', before: 'END', expect: { text: 'a\nSTART\nb\nEND\na\nSTART\na\nEND\n', count: 1, msg: '1 replacements made' } },
  { what: 'markers that are not there', contents: 'a\n', regexp: 'a', replace: 'b', after: 'nothere', expect: { text: 'a\n', count: 0, msg: 'Pattern for before/after params did not match the given file: nothere(?P<subsection>.*)' } },
  { what: 'empty matches replaced as Python 3.7+', contents: 'xab', regexp: 'x*', replace: '-', expect: { text: '--a-b-', count: 4, msg: '4 replacements made' } },
  { what: 'escapes in the replacement', contents: 'a b\n', regexp: ' ', replace: '\\t', expect: { text: 'a\tb\n', count: 1, msg: '1 replacements made' } },
];

describe('replaceText', () => {
  it.each(CASES)('$what', ({ contents, regexp, replace, after, before, expect: want }) => {
    expect(replaceText(contents, { regexp, replace: replace ?? '', after, before })).toEqual(want);
  });
});

describe('replace arguments', () => {
  it('takes path under its aliases, replace defaults to empty', () => {
    expect(replaceModule.schema.parse({ dest: '/etc/x', regexp: 'a' })).toMatchObject({ path: '/etc/x', regexp: 'a', replace: '', backup: false });
  });
  it.each([
    { args: { path: '/x' }, says: /regexp/ },
    { args: { path: '/x', regexp: '(' }, says: /invalid regular expression/ },
    { args: { path: '/x', regexp: 'a', encoding: 'latin-1' }, says: /encoding latin-1 is not supported/ },
  ])('refuses $args', ({ args, says }) => {
    const r = replaceModule.schema.safeParse(args);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error!.issues)).toMatch(says);
  });
});
