import { describe, expect, it } from 'vitest';
import { templateSchema } from '../../../../src/modules/files/template.js';

describe('template schema', () => {
  it('defaults like Ansible; only utf-8 output; a validate without %s is accepted (it fails when writing)', () => {
    expect(templateSchema.parse({ src: 'a.j2', dest: '/b' })).toMatchObject({ force: true, backup: false, newline_sequence: '\n', trim_blocks: true });
    expect(templateSchema.safeParse({ src: 'a.j2', dest: '/b', output_encoding: 'latin-1' }).success).toBe(false);
    expect(templateSchema.safeParse({ src: 'a.j2', dest: '/b', validate: 'nginx -t' }).success).toBe(true);
    expect(templateSchema.safeParse({ src: 'a.j2', dest: '/b', newline_sequence: '\r\n' }).success).toBe(true);
  });
  // Ansible's template action maps the backslash spellings ('\r\n' in single-quoted YAML) to the characters
  it.each([
    ['\\n', '\n'],
    ['\\r', '\r'],
    ['\\r\\n', '\r\n'],
    ['\r\n', '\r\n'],
  ])('newline_sequence %j is %j', (given, want) => {
    expect(templateSchema.parse({ src: 'a.j2', dest: '/b', newline_sequence: given }).newline_sequence).toBe(want);
  });
  it('refuses other newline sequences', () => {
    expect(templateSchema.safeParse({ src: 'a.j2', dest: '/b', newline_sequence: '\\t' }).success).toBe(false);
  });
});
