import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildRunScript, globWord, newNonce, parseRunOutput } from '../../../../src/modules/kit/run-script.js';
import { argvShell } from '../../../../src/modules/commands/command.js';

/** Run shell text with the system's /bin/sh (dash on Debian), as the remote side does. */
function dash(script: string, cwd: string): { rc: number; stdout: string } {
  const r = spawnSync('/bin/sh', ['-c', script], { cwd, encoding: 'utf8', timeout: 5000 });
  return { rc: r.status ?? -1, stdout: r.stdout };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'machinist-runscript-'));
  mkdirSync(path.join(dir, 'sub dir'));
  writeFileSync(path.join(dir, 'sub dir', 'a1.txt'), '');
  writeFileSync(path.join(dir, "it's $x"), '');
  symlinkSync(path.join(dir, 'missing'), path.join(dir, 'dangling'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('globWord', () => {
  it('quotes literal parts and leaves * ? [..] active', () => {
    expect(globWord('/tmp/my dir/*.txt')).toBe("'/tmp/my dir/'*.txt");
    expect(globWord("/a/it's")).toBe("'/a/it'\\''s'");
    expect(globWord('/a/[ab]?')).toBe('/a/[ab]?');
    expect(globWord('/a/[')).toBe("'/a/['");
  });
  it('expands through the shell like Python glob', () => {
    const list = (p: string) => dash(`for f in ${globWord(p)}; do printf '%s\\n' "$f"; done`, dir).stdout.trim();
    expect(list(path.join(dir, 'sub dir', '*.txt'))).toBe(path.join(dir, 'sub dir', 'a1.txt'));
    expect(list(path.join(dir, 'sub dir', '[a]?.txt'))).toBe(path.join(dir, 'sub dir', 'a1.txt'));
    expect(list(path.join(dir, "it's $x"))).toBe(path.join(dir, "it's $x"));
    expect(list(path.join(dir, '$(touch pwned)*'))).toBe(path.join(dir, '$(touch pwned)*'));
    expect(dash('ls', dir).stdout).not.toContain('pwned');
  });
});

describe('buildRunScript', () => {
  const nonce = newNonce();
  const run = (spec: Parameters<typeof buildRunScript>[1]) => {
    const r = dash(buildRunScript(nonce, spec), dir);
    return { ...parseRunOutput(nonce, r.stdout), rc: r.rc };
  };
  it('runs the command after the marker when nothing guards it', () => {
    expect(run({ command: argvShell(['echo', 'hi']) })).toEqual({ outcome: 'run', stdout: 'hi\n', rc: 0 });
  });
  it('skips when creates matches (globs and dangling symlinks count)', () => {
    expect(run({ command: 'echo no', creates: path.join(dir, 'sub dir', '*.txt') }).outcome).toBe('creates');
    expect(run({ command: 'echo no', creates: path.join(dir, 'dangling') }).outcome).toBe('creates');
    expect(run({ command: 'echo yes', creates: path.join(dir, 'nothing*') })).toMatchObject({ outcome: 'run', stdout: 'yes\n' });
  });
  it('skips when removes matches nothing', () => {
    expect(run({ command: 'echo no', removes: path.join(dir, 'nothing') }).outcome).toBe('removes');
    expect(run({ command: 'echo yes', removes: path.join(dir, "it's $x") }).outcome).toBe('run');
  });
  it('tests creates relative to chdir, and reports a chdir that fails', () => {
    expect(run({ command: 'echo no', chdir: path.join(dir, 'sub dir'), creates: 'a1.txt' }).outcome).toBe('creates');
    expect(run({ command: 'pwd', chdir: path.join(dir, 'sub dir') }).stdout).toBe(path.join(dir, 'sub dir') + '\n');
    expect(run({ command: 'true', chdir: path.join(dir, 'nope') })).toMatchObject({ outcome: 'chdir', rc: 1 });
  });
  it('changes to the physical directory, as os.chdir: the command\'s $PWD names no symlink', () => {
    symlinkSync(path.join(dir, 'sub dir'), path.join(dir, 'link'));
    expect(run({ command: 'echo "$PWD"', chdir: path.join(dir, 'link') }).stdout).toBe(path.join(dir, 'sub dir') + '\n');
    expect(run({ command: 'pwd', chdir: '-' }).outcome).toBe('chdir'); // a directory named '-', not cd's OLDPWD
  });
  it('in check mode only decides', () => {
    expect(run({ command: 'echo ran', creates: path.join(dir, 'nothing'), check: true })).toEqual({ outcome: 'would-run', stdout: '', rc: 0 });
  });
  it('passes the command rc through', () => {
    expect(run({ command: argvShell(['sh', '-c', 'exit 3']) })).toMatchObject({ outcome: 'run', rc: 3 });
  });
  it('parseRunOutput leaves output without the marker alone', () => {
    expect(parseRunOutput(nonce, 'other\n')).toEqual({ outcome: undefined, stdout: 'other\n' });
  });
});
