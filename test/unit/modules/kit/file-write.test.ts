/** decideWrite (copy/template/lineinfile/blockinfile) on probed states, and the validate command. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decideWrite, sha1, sha256, validateCommand } from '../../../../src/modules/kit/file-write.js';
import type { PathState, ProbeEnv } from '../../../../src/modules/kit/file-probe.js';
import { ModuleFailure } from '../../../../src/util/errors.js';

const env: ProbeEnv = { uid: 1000, gid: 1000, umask: 0o022, user: 'deploy', group: 'deploy' };
const content = Buffer.from('new\n');
const existing = (over: Partial<PathState> = {}): PathState => ({
  path: '/etc/app.conf',
  exists: true,
  type: 'file',
  mode: 0o644,
  uid: 1000,
  gid: 1000,
  owner: 'deploy',
  group: 'deploy',
  size: 4,
  hash: sha256('old\n'),
  ...over,
});
const missing: PathState = { path: '/etc/app.conf', exists: false };

describe('decideWrite', () => {
  it('a new file: changed, umask mode, diff from empty, Ansible result fields', () => {
    const d = decideWrite({ dest: '/etc/app.conf', st: missing, env, content, args: {} });
    expect(d).toMatchObject({ changed: true, contentChanged: true, created: true, put: { mode: '0644' } });
    expect(d.put.owner).toBeUndefined();
    expect(d.diff).toEqual([{ before: '', after: 'new\n', before_header: '/etc/app.conf', after_header: '/etc/app.conf' }]);
    expect(d.result).toMatchObject({ dest: '/etc/app.conf', checksum: sha1(content), size: 4, state: 'file', mode: '0644', owner: 'deploy', uid: 1000 });
  });
  it('same sha256: unchanged, no diff (idempotence)', () => {
    const d = decideWrite({ dest: '/etc/app.conf', st: existing({ hash: sha256(content) }), env, content, args: { mode: '0644' } });
    expect(d.changed).toBe(false);
    expect(d.diff).toEqual([]);
  });
  it('same content, other mode/owner: attributes only, diff of attributes', () => {
    const d = decideWrite({ dest: '/etc/app.conf', st: existing({ hash: sha256(content) }), env, content, args: { mode: '0600', owner: 'root' } });
    expect(d).toMatchObject({ changed: true, contentChanged: false, attrs: { change: { mode: 0o600, owner: 'root' } } });
    expect(d.diff).toHaveLength(1);
    expect(d.diff[0].before).toContain('"mode": "0644"');
    expect(d.diff[0].after).toContain('"owner": "root"');
    expect(d.result).toMatchObject({ mode: '0600', owner: 'root' });
  });
  it('content differs: diff shows old content when the probe sent it, a note when it was too large', () => {
    const d = decideWrite({ dest: '/etc/app.conf', st: existing(), env, content, args: {}, before: Buffer.from('old\n') });
    expect(d.diff[0]).toMatchObject({ before: 'old\n', after: 'new\n' });
    const big = decideWrite({ dest: '/etc/app.conf', st: existing(), env, content, args: {}, before: null });
    expect(big.diff[0].before).toBe('(content not read: file too large)\n');
    const unasked = decideWrite({ dest: '/etc/app.conf', st: existing(), env, content, args: {} });
    expect(unasked.diff[0].before).toBe('(content not read)\n');
  });
  it('an existing file keeps its mode and its owner when rewritten', () => {
    const d = decideWrite({ dest: '/etc/app.conf', st: existing({ mode: 0o600, uid: 0, gid: 0, owner: 'root', group: 'root' }), env, content, args: {} });
    expect(d.put).toEqual({ mode: '0600', owner: '0', group: '0' });
  });
  it('mode preserve takes the source mode; symbolic modes apply to the current one', () => {
    expect(decideWrite({ dest: '/x', st: missing, env, content, args: { mode: 'preserve' }, preserveMode: 0o750 }).put.mode).toBe('0750');
    expect(decideWrite({ dest: '/x', st: existing(), env, content, args: { mode: 'u+x' } }).put.mode).toBe('0744');
    expect(decideWrite({ dest: '/x', st: missing, env, content, args: { mode: 'g+w' } }).put.mode).toBe('0664');
  });
  it('set-id modes go to ctx.put as four octal digits', () => {
    const d = decideWrite({ dest: '/x', st: missing, env, content, args: { mode: '04755' } });
    expect(d.put.mode).toBe('4755');
    expect(d.result.mode).toBe('04755');
  });
  it('numeric owner matches the uid', () => {
    const d = decideWrite({ dest: '/x', st: existing({ hash: sha256(content) }), env, content, args: { owner: '1000', group: 'deploy' } });
    expect(d.changed).toBe(false);
  });
});

describe('validateCommand', () => {
  it('substitutes %s and quotes every word (no shell syntax)', () => {
    expect(validateCommand('visudo -cf %s', '/etc/.sudoers.tmp')).toBe("visudo '-cf' /etc/.sudoers.tmp");
    expect(validateCommand('nginx -t -c %s', "/tmp/it's")).toBe("nginx '-t' '-c' '/tmp/it'\\''s'");
    expect(validateCommand('sh -c "test -s %s; echo $HOME"', '/f')).toBe("sh '-c' 'test -s /f; echo $HOME'");
    expect(validateCommand('check --file=%s', '/a b')).toBe("check '--file=/a b'");
    // and the result runs through dash as one argv
    expect(validateCommand('printf [%%s] %s', "/x y'z")).toBe("printf '[%s]' '/x y'\\''z'");
  });
  it.each(['/some/path', 'visudo -c', ''])("without %%s (%j) it fails the task with Ansible's message", (v) => {
    expect(() => validateCommand(v, '/f')).toThrow(ModuleFailure);
    expect(() => validateCommand(v, { variable: 't' })).toThrow(`validate must contain %s: ${v}`);
  });
  it('with the file in a shell variable: the variable is expanded, the rest quoted', () => {
    const t = { variable: 't' };
    const cases: Array<[string, string]> = [
      ['visudo -cf %s', `visudo '-cf' "$t"`],
      ['check --file=%s', `check '--file='"$t"`],
      ['cmp %s%s.orig', `cmp "$t""$t".orig`],
      ['printf [%%s] %s', `printf '[%s]' "$t"`],
      ["echo '' %s", `echo '' "$t"`],
    ];
    for (const [v, want] of cases) expect(validateCommand(v, t), v).toBe(want);
    // and dash runs it as one argv with the path in place, whatever the path holds
    const r = spawnSync('/bin/sh', ['-c', `t='/x y'\\''z $HOME'; ${validateCommand('echo <%s|%%s>', t)}`], { encoding: 'utf8' });
    expect(r.stdout).toBe("</x y'z $HOME|%s>\n");
  });
  it('refuses an empty or unbalanced command', () => {
    expect(() => validateCommand('   ', '/f')).toThrow(/must contain %s/);
    expect(() => validateCommand('a "b %s', '/f')).toThrow(/cannot split/);
  });
});
