import { describe, expect, it } from 'vitest';
import { lineinfileSchema } from '../../../../src/modules/files/lineinfile.js';

const issues = (r: { success: boolean; error?: { issues: Array<{ message: string }> } }) => (r.success ? [] : r.error!.issues.map((i) => i.message));

describe('lineinfile schema', () => {
  it('aliases dest/destfile/name, regex, value', () => {
    expect(lineinfileSchema.parse({ dest: '/f', regex: '^a', value: 'a=1' })).toMatchObject({ path: '/f', regexp: '^a', line: 'a=1', state: 'present' });
    expect(lineinfileSchema.parse({ destfile: '/f', line: 80 })).toMatchObject({ path: '/f', line: '80' });
  });
  it("Ansible's mutually exclusive and required-with rules", () => {
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', insertafter: 'x', insertbefore: 'y' }))).toContain('parameters are mutually exclusive: insertbefore|insertafter');
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', regexp: 'x', search_string: 'y' }))).toContain('parameters are mutually exclusive: regexp|search_string');
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', backrefs: true }))).toContain('regexp is required with backrefs=true');
    expect(issues(lineinfileSchema.safeParse({ path: '/f' }))).toContain('line is required with state=present');
    expect(issues(lineinfileSchema.safeParse({ path: '/f', state: 'absent' }))).toContain('one of line, search_string, or regexp is required with state=absent');
  });
  it('bad regular expressions are refused when the arguments are checked; EOF/BOF are not regexes', () => {
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', regexp: '(' }))[0]).toMatch(/invalid regular expression/);
    expect(issues(lineinfileSchema.safeParse({ path: '/f', line: 'a', insertafter: '[' }))[0]).toMatch(/invalid regular expression/);
    expect(lineinfileSchema.safeParse({ path: '/f', line: 'a', insertafter: 'EOF' }).success).toBe(true);
    expect(lineinfileSchema.safeParse({ path: '/f', line: 'a', insertbefore: 'BOF' }).success).toBe(true);
  });
});
