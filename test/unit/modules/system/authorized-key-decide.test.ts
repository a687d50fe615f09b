import { describe, expect, it } from 'vitest';
import { editAuthorizedKeys, parseKeyLine, wantedKeys, KeyError } from '../../../../src/modules/system/authorized-key-decide.js';

const A = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJvYmJ5dGFibGVzYm9iYnl0YWJsZXNib2JieXRhYmxl alice@laptop';
const B = 'ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 bob@desk';
const C = 'ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTY= carol';

describe('key lines', () => {
  it('parses options with quoted spaces, type, blob, comment', () => {
    expect(parseKeyLine(`command="echo hi there",no-pty ${A}`)).toEqual({
      options: 'command="echo hi there",no-pty', type: 'ssh-ed25519', blob: 'AAAAC3NzaC1lZDI1NTE5AAAAIGJvYmJ5dGFibGVzYm9iYnl0YWJsZXNib2JieXRhYmxl', comment: 'alice@laptop',
    });
    expect(parseKeyLine(B)).toMatchObject({ options: undefined, type: 'ssh-rsa', comment: 'bob@desk' });
    expect(parseKeyLine('# a comment')).toBeUndefined();
    expect(parseKeyLine('not a key')).toBeUndefined();
  });
  it('wanted keys: several lines; key_options and comment override; junk is refused', () => {
    expect(wantedKeys(`${A}\n\n${B}\n`).map((k) => k.type)).toEqual(['ssh-ed25519', 'ssh-rsa']);
    expect(wantedKeys(A, 'no-agent-forwarding', 'deploy')[0]).toMatchObject({ options: 'no-agent-forwarding', comment: 'deploy' });
    expect(() => wantedKeys('ssh-rsa not-base64!')).toThrow(KeyError);
  });
});

describe('editAuthorizedKeys', () => {
  const file = `# managed\n${B}\n${C}\n`;
  it('present: appends a missing key, is idempotent, keeps comments', () => {
    const once = editAuthorizedKeys(file, wantedKeys(A), 'present', false);
    expect(once).toBe(`${file}${A}\n`);
    expect(editAuthorizedKeys(once, wantedKeys(A), 'present', false)).toBe(once);
  });
  it('present: a key with other options is rewritten in place', () => {
    expect(editAuthorizedKeys(file, wantedKeys(B, 'no-pty'), 'present', false)).toBe(`# managed\nno-pty ${B}\n${C}\n`);
  });
  it('exclusive: only the given keys stay (comments too)', () => {
    expect(editAuthorizedKeys(file, wantedKeys(A), 'present', true)).toBe(`# managed\n${A}\n`);
  });
  it('absent: removes the key, by type and blob whatever the comment', () => {
    expect(editAuthorizedKeys(file, wantedKeys(B.replace('bob@desk', 'other')), 'absent', false)).toBe(`# managed\n${C}\n`);
    expect(editAuthorizedKeys(file, wantedKeys(A), 'absent', false)).toBe(file);
  });
  it('an unchanged file without a final newline stays as it is', () => {
    expect(editAuthorizedKeys(B, wantedKeys(B), 'present', false)).toBe(B);
  });
});
