/** blockinfile's algorithm: insert, update in place, remove, positions, newlines; re-runs are unchanged. */
import { describe, expect, it } from 'vitest';
import { blockinfile, type BlockArgs } from '../../../../src/modules/files/blockinfile-decide.js';

const B = '# BEGIN ANSIBLE MANAGED BLOCK\n';
const E = '# END ANSIBLE MANAGED BLOCK\n';

function run(original: string | null, a: Partial<BlockArgs>) {
  const args: BlockArgs = { block: '', marker: '# {mark} ANSIBLE MANAGED BLOCK', marker_begin: 'BEGIN', marker_end: 'END', present: true, append_newline: false, prepend_newline: false, ...a };
  const o = blockinfile(original, args);
  const again = blockinfile(o.text, args);
  return { ...o, stable: !again.changed && again.text === o.text };
}

describe('blockinfile', () => {
  it('creates a missing file with the block', () => {
    expect(run(null, { block: 'a\nb' })).toEqual({ text: `${B}a\nb\n${E}`, changed: true, msg: 'File created', stable: true });
  });
  it('appends at EOF by default, adding a final newline first', () => {
    expect(run('x\ny', { block: 'b' })).toMatchObject({ text: `x\ny\n${B}b\n${E}`, msg: 'Block inserted', stable: true });
  });
  it('replaces the block between existing markers, in place', () => {
    expect(run(`top\n${B}old\n${E}bottom\n`, { block: 'new1\nnew2\n' })).toMatchObject({ text: `top\n${B}new1\nnew2\n${E}bottom\n`, stable: true });
  });
  it('unchanged when the block is already there', () => {
    expect(run(`top\n${B}same\n${E}`, { block: 'same' })).toMatchObject({ changed: false, msg: '' });
  });
  it('state absent and an empty block remove the block', () => {
    expect(run(`top\n${B}old\n${E}bottom\n`, { present: false })).toMatchObject({ text: 'top\nbottom\n', msg: 'Block removed', stable: true });
    expect(run(`top\n${B}old\n${E}bottom\n`, { block: '' })).toMatchObject({ text: 'top\nbottom\n', msg: 'Block removed' });
    expect(run('top\n', { present: false })).toMatchObject({ changed: false });
  });
  it('insertafter / insertbefore regex use the last matching line; BOF', () => {
    expect(run('a\n<body>\nb\n<body>\nc\n', { block: 'X', insertafter: '<body>' }).text).toBe(`a\n<body>\nb\n<body>\n${B}X\n${E}c\n`);
    expect(run('a\n</body>\nc\n', { block: 'X', insertbefore: '</body>' }).text).toBe(`a\n${B}X\n${E}</body>\nc\n`);
    expect(run('a\n', { block: 'X', insertbefore: 'BOF' }).text).toBe(`${B}X\n${E}a\n`);
    expect(run('a\n', { block: 'X', insertafter: 'nomatch' }).text).toBe(`a\n${B}X\n${E}`);
  });
  it('a (?m) regex searches the whole text', () => {
    expect(run('a\nb\nc\n', { block: 'X', insertafter: '(?m)^a\\nb$' }).text).toBe(`a\nb\n${B}X\n${E}c\n`);
    expect(run('a\nb\nc\n', { block: 'X', insertbefore: '(?m)^b\\nc' }).text).toBe(`a\n${B}X\n${E}b\nc\n`);
  });
  it('custom markers and marker_begin/end', () => {
    const r = run('x\n', { block: 'k=v', marker: '<!-- {mark} managed -->', marker_begin: 'start', marker_end: 'stop' });
    expect(r.text).toBe('x\n<!-- start managed -->\nk=v\n<!-- stop managed -->\n');
  });
  it('prepend_newline / append_newline add blank lines once', () => {
    const r = run('a\nb\n', { block: 'X', insertafter: '^a', prepend_newline: true, append_newline: true });
    expect(r).toMatchObject({ text: `a\n\n${B}X\n${E}\nb\n`, stable: true });
    expect(run('a\n', { block: 'X', prepend_newline: true, append_newline: true }).text).toBe(`a\n\n${B}X\n${E}`);
  });
  it('markers in reverse order are handled as Ansible does', () => {
    expect(run(`${E}mid\n${B}tail\n`, { block: 'N' }).text).toBe(`${B}N\n${E}tail\n`);
  });
});
