/** lineinfile's algorithm on Ansible's documented examples and its edge cases; every change re-run is unchanged. */
import { describe, expect, it } from 'vitest';
import { lineinfileAbsent, lineinfilePresent, splitLines, type LineArgs } from '../../../../src/modules/files/lineinfile-decide.js';

function present(text: string, a: Partial<LineArgs>) {
  const args: LineArgs = { backrefs: false, firstmatch: false, ...a };
  const o = lineinfilePresent(splitLines(text), args);
  const out = o.lines.join('');
  // idempotence: the same task on the result changes nothing
  const again = lineinfilePresent(splitLines(out), args);
  return { out, msg: o.msg, changed: o.changed, stable: !again.changed && again.lines.join('') === out };
}

describe('splitLines', () => {
  it('keeps line ends like readlines()', () => {
    expect(splitLines('a\nb\n')).toEqual(['a\n', 'b\n']);
    expect(splitLines('a\nb')).toEqual(['a\n', 'b']);
    expect(splitLines('')).toEqual([]);
    expect(splitLines('a\r\nb')).toEqual(['a\r\n', 'b']);
  });
});

describe('lineinfile present (Ansible examples)', () => {
  it('regexp replaces the matching line (SELINUX=enforcing)', () => {
    const r = present('# comment\nSELINUX=disabled\nSELINUXTYPE=targeted\n', { regexp: '^SELINUX=', line: 'SELINUX=enforcing' });
    expect(r).toEqual({ out: '# comment\nSELINUX=enforcing\nSELINUXTYPE=targeted\n', msg: 'line replaced', changed: true, stable: true });
  });
  it('the last match is replaced unless firstmatch', () => {
    expect(present('x=1\nx=2\n', { regexp: '^x=', line: 'x=3' }).out).toBe('x=1\nx=3\n');
    expect(present('x=1\nx=2\n', { regexp: '^x=', line: 'x=3', firstmatch: true }).out).toBe('x=3\nx=2\n');
  });
  it('no match: appended at EOF, adding the missing final newline', () => {
    const r = present('a\nb', { regexp: '^c=', line: 'c=1' });
    expect(r).toMatchObject({ out: 'a\nb\nc=1\n', msg: 'line added', stable: true });
  });
  it('insertafter regex when regexp does not match (Listen 8080 after #Listen)', () => {
    const r = present('ServerRoot x\n#Listen 12.34.56.78:80\nUser apache\n', { regexp: '^Listen ', insertafter: '^#Listen ', line: 'Listen 8080' });
    expect(r).toMatchObject({ out: 'ServerRoot x\n#Listen 12.34.56.78:80\nListen 8080\nUser apache\n', msg: 'line added', stable: true });
  });
  it('insertafter is ignored when regexp matches', () => {
    const r = present('#Listen 80\nServerRoot x\nListen 80\n', { regexp: '^Listen ', insertafter: '^#Listen ', line: 'Listen 8080' });
    expect(r.out).toBe('#Listen 80\nServerRoot x\nListen 8080\n');
  });
  it('insertbefore regex (# port for http before www 80/tcp)', () => {
    const r = present('ftp 21/tcp\nwww 80/tcp\nhttps 443/tcp\n', { regexp: '^# port for http', insertbefore: '^www.*80/tcp', line: '# port for http by default' });
    expect(r).toMatchObject({ out: 'ftp 21/tcp\n# port for http by default\nwww 80/tcp\nhttps 443/tcp\n', stable: true });
  });
  it('insertbefore uses the last match unless firstmatch', () => {
    expect(present('x\nm\ny\nm\n', { insertbefore: '^m', line: 'NEW' }).out).toBe('x\nm\ny\nNEW\nm\n');
    expect(present('x\nm\ny\nm\n', { insertbefore: '^m', line: 'NEW', firstmatch: true }).out).toBe('x\nNEW\nm\ny\nm\n');
  });
  it('insertafter matching the last line (without newline) appends after it', () => {
    expect(present('a\nanchor', { insertafter: '^anchor', line: 'NEW' }).out).toBe('a\nanchor\nNEW\n');
  });
  it('BOF and EOF', () => {
    expect(present('a\nb\n', { insertbefore: 'BOF', line: 'top' })).toMatchObject({ out: 'top\na\nb\n', stable: true });
    expect(present('a\nb\n', { insertafter: 'BOF', line: 'top' }).out).toBe('top\na\nb\n');
    expect(present('a\n', { insertafter: 'EOF', line: 'end' }).out).toBe('a\nend\n');
  });
  it('an exact line already present is left alone, wherever it is', () => {
    expect(present('a\nline\nb\n', { line: 'line' })).toMatchObject({ changed: false, out: 'a\nline\nb\n' });
    expect(present('a\nline\nb\n', { line: 'line', insertafter: '^b' })).toMatchObject({ changed: false });
    expect(present('a\nline\nb\n', { line: 'line', insertbefore: 'BOF' })).toMatchObject({ changed: false });
  });
  it('an exact last line without newline gets one (line replaced)', () => {
    expect(present('a\nline', { line: 'line' })).toMatchObject({ out: 'a\nline\n', msg: 'line replaced' });
  });
  it('empty file and insertafter that matches nothing', () => {
    expect(present('', { line: 'only' }).out).toBe('only\n');
    expect(present('a\n', { insertafter: '^zzz', line: 'new' }).out).toBe('a\nnew\n');
    expect(present('a\n', { insertbefore: '^zzz', line: 'new' }).out).toBe('a\nnew\n');
  });
  it('backrefs fill groups from the match (Xms example), and change nothing without a match', () => {
    const r = present('JAVA_OPTS="-Xms128m -Xmx512m"\n', { regexp: '^(.*)Xms(\\d+)m(.*)$', line: '\\1Xms256m\\3', backrefs: true });
    expect(r).toMatchObject({ out: 'JAVA_OPTS="-Xms256m -Xmx512m"\n', msg: 'line replaced', stable: true });
    const none = present('other\n', { regexp: '^(.*)Xms(\\d+)m(.*)$', line: '\\1Xms256m\\3', backrefs: true });
    expect(none).toMatchObject({ changed: false, out: 'other\n' });
    const named = present('port = 80\n', { regexp: '^(?P<k>\\w+) = \\d+$', line: '\\g<k> = 8080', backrefs: true });
    expect(named.out).toBe('port = 8080\n');
  });
  it('without backrefs the line is written literally', () => {
    expect(present('x=1\n', { regexp: '^x=(\\d)', line: 'x=\\1' }).out).toBe('x=\\1\n');
  });
  it('search_string matches a substring literally (FilesMatch example)', () => {
    const r = present('<Location />\n<FilesMatch ".php[45]?$">\n</Location>\n', { search_string: '<FilesMatch ".php[45]?$">', line: '<FilesMatch ".php[34]?$">' });
    expect(r).toMatchObject({ out: '<Location />\n<FilesMatch ".php[34]?$">\n</Location>\n', msg: 'line replaced' });
  });
  it('Python regex syntax works ((?P<name>) and $ before the line end)', () => {
    expect(present('key1 = a\n', { regexp: '^(?P<k>key1) = .*$', line: 'key1 = b' }).out).toBe('key1 = b\n');
  });
});

describe('lineinfile absent', () => {
  it('regexp removes every match and counts them (%wheel example)', () => {
    const o = lineinfileAbsent(splitLines('root ALL\n%wheel ALL\n%wheel2 x\nend\n'), { regexp: '^%wheel' });
    expect(o).toEqual({ lines: ['root ALL\n', 'end\n'], changed: true, msg: '2 line(s) removed', found: 2 });
  });
  it('by exact line and by search string; nothing found is unchanged', () => {
    expect(lineinfileAbsent(splitLines('a\nb\r\nab\n'), { line: 'b' }).lines).toEqual(['a\n', 'ab\n']);
    expect(lineinfileAbsent(splitLines('a\nb\nab\n'), { search_string: 'b' }).lines).toEqual(['a\n']);
    expect(lineinfileAbsent(splitLines('a\n'), { line: 'z' })).toMatchObject({ changed: false, msg: '', found: 0 });
  });
});
