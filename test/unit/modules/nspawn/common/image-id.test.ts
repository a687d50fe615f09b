import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, lstatSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isMachineId, parseMachineIdLine, writeMachineIdScript } from '../../../../../src/modules/nspawn/common/image-id.js';

describe('machine-id', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('format: 32 lowercase hex characters, not all zero', () => {
    expect(isMachineId('0123456789abcdef0123456789abcdef')).toBe(true);
    expect(isMachineId('0123456789ABCDEF0123456789ABCDEF')).toBe(false);
    expect(isMachineId('0123456789abcdef0123456789abcde')).toBe(false);
    expect(isMachineId('0'.repeat(32))).toBe(false);
    expect(isMachineId('uninitialized')).toBe(false);
  });

  it('the script writes a fresh id from the kernel UUID into the tree (0444), links the dbus copy, prints it', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'mx-mid-'));
    mkdirSync(path.join(dir, 'etc'));
    mkdirSync(path.join(dir, 'var/lib/dbus'), { recursive: true });
    writeFileSync(path.join(dir, 'etc/machine-id'), '0123456789abcdef0123456789abcdef\n');
    writeFileSync(path.join(dir, 'var/lib/dbus/machine-id'), '0123456789abcdef0123456789abcdef\n');
    const out = execFileSync('/bin/sh', ['-c', writeMachineIdScript(dir)], { encoding: 'utf8' });
    const id = parseMachineIdLine(out);
    expect(id && isMachineId(id)).toBe(true);
    expect(id).not.toBe('0123456789abcdef0123456789abcdef');
    expect(readFileSync(path.join(dir, 'etc/machine-id'), 'utf8')).toBe(`${id}\n`);
    expect((statSync(path.join(dir, 'etc/machine-id')).mode & 0o777).toString(8)).toBe('444');
    expect(lstatSync(path.join(dir, 'var/lib/dbus/machine-id')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(path.join(dir, 'var/lib/dbus/machine-id'))).toBe('/etc/machine-id');
    const again = parseMachineIdLine(execFileSync('/bin/sh', ['-c', writeMachineIdScript(dir)], { encoding: 'utf8' }));
    expect(again).not.toBe(id);
  });

  it('a symlinked etc/machine-id is replaced, not followed; a tree without /etc fails', () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'mx-mid-'));
    dir = tmp;
    const outside = path.join(tmp, 'outside');
    writeFileSync(outside, 'host file\n');
    const root = path.join(tmp, 'root');
    mkdirSync(path.join(root, 'etc'), { recursive: true });
    execFileSync('ln', ['-s', outside, path.join(root, 'etc/machine-id')]);
    execFileSync('/bin/sh', ['-c', writeMachineIdScript(root)]);
    expect(readFileSync(outside, 'utf8')).toBe('host file\n');
    expect(lstatSync(path.join(root, 'etc/machine-id')).isFile()).toBe(true);
    expect(() => execFileSync('/bin/sh', ['-c', writeMachineIdScript(path.join(tmp, 'empty'))], { stdio: 'pipe' })).toThrow(/no \/etc directory/);
  });
});
