import { describe, expect, it } from 'vitest';
import { copySchema, contentBuffer } from '../../../../src/modules/files/copy.js';

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

/* copy's argument schema and content conversion (planning is covered by write.test.ts and the integration tests). */
describe('copy schema', () => {
  it('defaults and loose booleans', () => {
    expect(copySchema.parse({ content: 'x', dest: '/d', backup: 'yes' })).toMatchObject({ backup: true, force: true, follow: false });
  });
  it('needs exactly one of src/content; bad modes are refused', () => {
    expect(issues(copySchema.safeParse({ dest: '/d' }))).toContain('src (or content) is required');
    expect(issues(copySchema.safeParse({ src: 'a', content: 'b', dest: '/d' }))).toContain('src and content are mutually exclusive');
    // a validate without %s fails only when a file is written, as Ansible (validateCommand)
    expect(copySchema.safeParse({ content: 'b', dest: '/d', validate: 'visudo -c' }).success).toBe(true);
    expect(issues(copySchema.safeParse({ content: 'b', dest: '/d', mode: 'rw-r--r--' }))[0]).toMatch(/invalid mode/);
    expect(issues(copySchema.safeParse({ content: 'b', dest: '/d', owner: 'a;rm' }))[0]).toMatch(/not a valid user or group name/);
    expect(issues(copySchema.safeParse({ content: 'b', dest: '/d', remote_src: true }))[0]).toMatch(/remote_src is not supported/);
    expect(copySchema.safeParse({ content: 'b', dest: '/d', destination: 'x' }).success).toBe(false);
  });
  it('non-string content is written as JSON', () => {
    expect(contentBuffer({ a: 1 }).toString()).toBe('{"a":1}');
    expect(contentBuffer(42).toString()).toBe('42');
  });
});
