import { describe, expect, it } from 'vitest';
import { fileModules } from '../../../../src/modules/files/index.js';

describe('fileModules', () => {
  it('registers every module with its ansible.builtin and ansible.legacy names', () => {
    const names = fileModules.map((m) => m.name);
    expect(names).toEqual(['copy', 'file', 'template', 'lineinfile', 'blockinfile', 'replace', 'stat', 'find', 'slurp', 'fetch', 'tempfile']);
    for (const m of fileModules) expect(m.aliases).toEqual([`ansible.builtin.${m.name}`, `ansible.legacy.${m.name}`]);
  });
});
