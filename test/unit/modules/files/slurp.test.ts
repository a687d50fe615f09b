import { describe, expect, it } from 'vitest';
import { slurpSchema, slurpError } from '../../../../src/modules/files/slurp.js';

describe('slurp schema', () => {
  it('src, with path as its alias; nothing else', () => {
    expect(slurpSchema.parse({ path: '/x' })).toEqual({ src: '/x' });
    expect(slurpSchema.parse({ src: '/y' })).toEqual({ src: '/y' });
    expect(slurpSchema.safeParse({ src: '/y', mode: '0644' }).success).toBe(false);
    expect(slurpSchema.safeParse({}).success).toBe(false);
  });
});

describe('slurp failures read as Ansible modules/slurp.py words the errno', () => {
  it.each([
    ['base64: /t/x: No such file or directory', 'file not found: /t/x'],
    ['base64: /t/x: Permission denied', 'file is not readable: /t/x'],
    ['base64: read error: Is a directory', 'source is a directory and must be a file: /t/x'],
    ['base64: /t/x: Not a directory', "unable to slurp file: [Errno 20] Not a directory: '/t/x'"],
    ['base64: /t/x: Too many levels of symbolic links', "unable to slurp file: [Errno 40] Too many levels of symbolic links: '/t/x'"],
    ['base64: something odd', 'unable to slurp file: base64: something odd'],
  ])('%s', (stderr, msg) => {
    expect(slurpError('/t/x', stderr + '\n')).toBe(msg);
  });
});
