import { describe, expect, it } from 'vitest';
import { contentDiff, dictDiff, dictText, diffSide, MAX_DIFF_SIZE } from '../../../../src/modules/kit/diff.js';

describe('diff', () => {
  it('text, binary and oversized sides', () => {
    expect(diffSide(Buffer.from('a\n'))).toBe('a\n');
    expect(diffSide(undefined)).toBe('');
    expect(diffSide(Buffer.from([1, 0, 2]))).toMatch(/binary file, 3 bytes/);
    expect(diffSide(Buffer.alloc(MAX_DIFF_SIZE + 1, 'a'))).toMatch(/larger than/);
    expect(contentDiff('/f', undefined, Buffer.from('x'), 'src')).toEqual({ before: '', after: 'x', before_header: '/f', after_header: 'src' });
    expect(contentDiff('/f', 'content not read', Buffer.from('x')).before).toBe('(content not read)\n');
  });
  it('dicts as Ansible prints them: sorted keys, indent 4; equal dicts give no diff', () => {
    expect(dictText({ state: 'file', path: '/p' })).toBe('{\n    "path": "/p",\n    "state": "file"\n}\n');
    expect(dictDiff({ a: 1 }, { a: 1 })).toBeUndefined();
    expect(dictDiff({ a: 1 }, { a: 2 }, { before: 'h' })).toMatchObject({ before_header: 'h' });
  });
});
