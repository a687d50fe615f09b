/**
 * The probe wire format (util/sections.ts): scripts built with its markers are run by /bin/sh and
 * their output split back; a section whose output lacks a final newline keeps the next marker (the
 * modules' old `echo '@@mx NAME'` glued it to the line before); the head, repeated names and the
 * facts' Map view.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { keyValueLines, sectionMark, sectionMarkFunction, sections, splitOutput } from '../../../src/util/sections.js';
import { splitSections } from '../../../src/facts/sections.js';

function sh(script: string): string {
  const r = spawnSync('/bin/sh', ['-c', script], { encoding: 'utf8', timeout: 5000 });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('the probe wire format', () => {
  const cases: Array<{ what: string; script: string[]; want: Record<string, string>; head?: string }> = [
    { what: 'plain sections', script: [sectionMark('a'), 'echo one', sectionMark('b'), 'echo two; echo three'], want: { a: 'one', b: 'two\nthree' } },
    { what: 'output without a final newline', script: [sectionMark('a'), "printf 'no-newline'", sectionMark('b'), 'echo x'], want: { a: 'no-newline', b: 'x' } },
    { what: 'an empty section', script: [sectionMark('a'), sectionMark('b'), 'echo x'], want: { a: '', b: 'x' } },
    { what: 'trailing blank lines dropped, inner ones kept', script: [sectionMark('a'), "printf 'x\\n\\ny\\n\\n\\n'"], want: { a: 'x\n\ny' } },
    { what: 'the head before the first marker', script: ['echo k=v', "printf 'w=1'", sectionMark('a'), 'echo x'], want: { a: 'x' }, head: 'k=v\nw=1' },
    { what: 'a name printed twice: the last one', script: [sectionMark('a'), 'echo 1', sectionMark('a'), 'echo 2'], want: { a: '2' } },
    { what: 'marker function', script: [sectionMarkFunction('__s'), '__s a', "printf 'x'", '__s b_2', 'echo y'], want: { a: 'x', b_2: 'y' } },
    { what: 'a line that only looks like a marker', script: [sectionMark('a'), "echo '@@mx not a name'", "echo ' @@mx b'"], want: { a: '@@mx not a name\n @@mx b' } },
  ];
  it.each(cases.map((c) => [c.what, c] as const))('%s', (_, c) => {
    const out = sh(c.script.join('\n'));
    expect(sections(out)).toEqual(c.want);
    expect(Object.fromEntries(splitSections(out))).toEqual(c.want);
    expect(splitOutput(out).head).toBe(c.head ?? '');
  });

  it('keeps every section in order, repeats included', () => {
    const out = sh([sectionMark('host'), 'echo h', sectionMark('machine'), 'echo m1', sectionMark('machine'), 'echo m2'].join('\n'));
    expect(splitOutput(out).sections).toEqual([
      { name: 'host', text: 'h' },
      { name: 'machine', text: 'm1' },
      { name: 'machine', text: 'm2' },
    ]);
  });

  it('refuses names that are not letters, digits, _ and -', () => {
    for (const bad of ['', 'A', 'a b', "a'b", 'a\nb']) expect(() => sectionMark(bad)).toThrow(/bad section name/);
    expect(() => sectionMarkFunction('a-b')).toThrow(/bad shell function name/);
  });

  it('reads KEY=VALUE lines: the first = splits, values as they are, the last of a repeated key', () => {
    expect(keyValueLines('A=1\nB=x=y\nC=\n=skipped\nno line\nA= 2 \n')).toEqual({ A: ' 2 ', B: 'x=y', C: '' });
  });
});
