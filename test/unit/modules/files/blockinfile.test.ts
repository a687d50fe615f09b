import { describe, expect, it } from 'vitest';
import { blockinfileSchema } from '../../../../src/modules/files/blockinfile.js';

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('blockinfile schema', () => {
  it('aliases (name, content), defaults, an empty YAML block', () => {
    expect(blockinfileSchema.parse({ name: '/f', content: 'x' })).toMatchObject({
      path: '/f',
      block: 'x',
      marker: '# {mark} ANSIBLE MANAGED BLOCK',
      marker_begin: 'BEGIN',
      marker_end: 'END',
      state: 'present',
    });
    expect(blockinfileSchema.parse({ path: '/f', block: null }).block).toBe('');
  });
  it('refuses insertafter with insertbefore and bad regexes', () => {
    expect(issues(blockinfileSchema.safeParse({ path: '/f', insertafter: 'a', insertbefore: 'b' }))).toContain('parameters are mutually exclusive: insertafter|insertbefore');
    expect(issues(blockinfileSchema.safeParse({ path: '/f', insertbefore: '(?x) a' }))[0]).toMatch(/verbose/);
  });
});
