import { describe, expect, it } from 'vitest';
import { defaultMode, formatMode, ModeError, parseModeArg, resolveMode } from '../../../../src/modules/kit/file-perms.js';

const apply = (mode: string | number, cur: number, isDir = false, umask = 0o022) => resolveMode(parseModeArg(mode), cur, isDir, umask);

describe('parseModeArg', () => {
  it('octal strings in every spelling', () => {
    expect(parseModeArg('0644')).toEqual({ kind: 'octal', value: 0o644 });
    expect(parseModeArg('644')).toEqual({ kind: 'octal', value: 0o644 });
    expect(parseModeArg('0o755')).toEqual({ kind: 'octal', value: 0o755 });
    expect(parseModeArg('04755')).toEqual({ kind: 'octal', value: 0o4755 });
  });
  it('integers: decimal digits 0-7 are octal digits (YAML 1.2 reads 0644 as 644), others are the number itself', () => {
    expect(parseModeArg(644)).toEqual({ kind: 'octal', value: 0o644 });
    expect(parseModeArg(755)).toEqual({ kind: 'octal', value: 0o755 });
    expect(parseModeArg(493)).toEqual({ kind: 'octal', value: 0o755 });
    expect(parseModeArg(0)).toEqual({ kind: 'octal', value: 0 });
  });
  it('symbolic and preserve', () => {
    expect(parseModeArg('u+rw,g-w')).toEqual({ kind: 'symbolic', text: 'u+rw,g-w' });
    expect(parseModeArg('preserve')).toEqual({ kind: 'preserve' });
  });
  it('refuses garbage with a clear message', () => {
    expect(() => parseModeArg('0999')).toThrow(ModeError);
    expect(() => parseModeArg('u+rwz')).toThrow(/bad part 'u\+rwz'/);
    expect(() => parseModeArg('rw-r--r--')).toThrow(/symbolic mode like/);
    expect(() => parseModeArg(-1)).toThrow(ModeError);
    expect(() => parseModeArg(1.5)).toThrow(ModeError);
    expect(() => parseModeArg(99999)).toThrow(/larger than 07777/);
  });
});

describe('resolveMode (symbolic as Ansible applies it)', () => {
  it('+, - and = per class', () => {
    expect(apply('u+x', 0o644)).toBe(0o744);
    expect(apply('g-w', 0o664)).toBe(0o644);
    expect(apply('o=', 0o777)).toBe(0o770);
    expect(apply('u=rwx,g=rx,o=', 0o000)).toBe(0o750);
    expect(apply('a+r', 0o600)).toBe(0o644);
    expect(apply('ug+w,o-rwx', 0o644)).toBe(0o660);
  });
  it('X only for directories or already-executable files', () => {
    expect(apply('a+X', 0o644, false)).toBe(0o644);
    expect(apply('a+X', 0o644, true)).toBe(0o755);
    expect(apply('a+X', 0o744, false)).toBe(0o755);
    expect(apply('u=rwX,g=rX,o=rX', 0o600, false)).toBe(0o644);
    expect(apply('u=rwX,g=rX,o=rX', 0o700, true)).toBe(0o755);
  });
  it('no who: the umask masks r/w/x', () => {
    expect(apply('+w', 0o444, false, 0o022)).toBe(0o644);
    expect(apply('+rwx', 0o000, false, 0o027)).toBe(0o750);
  });
  it('copying classes and special bits', () => {
    expect(apply('g=u', 0o640)).toBe(0o660);
    expect(apply('o=g', 0o750)).toBe(0o755);
    expect(apply('u+s', 0o755)).toBe(0o4755);
    expect(apply('g+s', 0o755, true)).toBe(0o2755);
    expect(apply('+t', 0o777, true)).toBe(0o1777);
    expect(apply('u=rw', 0o4755)).toBe(0o655);
  });
  it('octal ignores the current mode; preserve must be resolved by the caller', () => {
    expect(apply('0600', 0o777)).toBe(0o600);
    expect(() => resolveMode({ kind: 'preserve' }, 0o644, false, 0o022)).toThrow(ModeError);
  });
});

describe('formatMode and defaultMode', () => {
  it("renders as Ansible's '0%03o'", () => {
    expect(formatMode(0o644)).toBe('0644');
    expect(formatMode(0o4755)).toBe('04755');
    expect(formatMode(0)).toBe('0000');
    expect(formatMode(0o7)).toBe('0007');
  });
  it('new files and directories under a umask', () => {
    expect(defaultMode(false, 0o022)).toBe(0o644);
    expect(defaultMode(true, 0o022)).toBe(0o755);
    expect(defaultMode(false, 0o077)).toBe(0o600);
  });
});
