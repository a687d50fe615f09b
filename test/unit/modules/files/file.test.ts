import { describe, expect, it } from 'vitest';
import { fileSchema, parseTime } from '../../../../src/modules/files/file.js';

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('file schema', () => {
  it('path aliases dest and name; src only with link/hard; times checked against the format', () => {
    expect(fileSchema.parse({ dest: '/x', state: 'directory' })).toMatchObject({ path: '/x', follow: true, recurse: false });
    expect(fileSchema.parse({ name: '/x' })).toMatchObject({ path: '/x' });
    expect(issues(fileSchema.safeParse({ path: '/x', src: '/y', state: 'file' }))[0]).toMatch(/src is only used with state=link/);
    expect(issues(fileSchema.safeParse({ path: '/x', state: 'touch', modification_time: 'yesterday' }))[0]).toMatch(/does not match the format/);
    expect(issues(fileSchema.safeParse({ path: '/x', state: 'present' })).length).toBe(1);
  });
  it('parseTime: strptime directives to a local time string', () => {
    expect(parseTime('202001021304.05', '%Y%m%d%H%M.%S')).toBe('2020-01-02 13:04:05');
    expect(parseTime('2020-01-02 13:04', '%Y-%m-%d %H:%M')).toBe('2020-01-02 13:04:00');
    expect(parseTime('99-12-31', '%y-%m-%d')).toBe('1999-12-31 00:00:00');
    expect(parseTime('2020-13-01', '%Y-%m-%d')).toBeUndefined();
    expect(parseTime('x', '%Y%j')).toBeUndefined();
  });
});
