import { describe, expect, it } from 'vitest';
import { templateSchema, textOptions } from '../../../../src/modules/files/template.js';

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

describe('template Jinja2 settings', () => {
  it('delimiters, trim/lstrip and the include search path (role, playbook dir, the template\'s dir; templates/ first)', () => {
    const args = templateSchema.parse({ src: 'a.j2', dest: '/b', variable_start_string: '[%', variable_end_string: '%]', comment_start_string: '[#', lstrip_blocks: true });
    expect(textOptions(args, { role_path: '/r', playbook_dir: '/p' }, '/r/templates/a.j2')).toEqual({
      trimBlocks: true,
      lstripBlocks: true,
      tags: { variableStart: '[%', variableEnd: '%]', commentStart: '[#' },
      searchPath: ['/r/templates', '/r', '/p/templates', '/p', '/r/templates/templates', '/r/templates'],
    });
    expect(textOptions(templateSchema.parse({ src: 'a', dest: '/b' }), {}, '/x/a').tags).toBeUndefined();
  });
});
