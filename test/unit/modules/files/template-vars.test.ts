import { describe, expect, it } from 'vitest';
import { passwdName, templateVars } from '../../../../src/modules/files/template-vars.js';

describe('template module variables (generate_ansible_template_vars)', () => {
  it('template_* as Ansible names them; mtime/run_date as str(datetime); ansible_managed', () => {
    const mtime = new Date(2024, 0, 2, 3, 4, 5, 678);
    const now = new Date(2025, 5, 6, 7, 8, 9, 0);
    const v = templateVars({ src: 'foo.j2', fullpath: '/r/templates/foo.j2', dest: '/tmp/x', uid: 0, owner: 'root', mtimeNs: BigInt(mtime.getTime()) * 1000000n + 123000n, host: 'ctl', now });
    expect(v).toEqual({
      template_host: 'ctl',
      template_path: 'foo.j2',
      template_fullpath: '/r/templates/foo.j2',
      template_destpath: '/tmp/x',
      template_uid: 'root',
      template_mtime: '2024-01-02 03:04:05.678123',
      template_run_date: '2025-06-06 07:08:09',
      ansible_managed: 'Ansible managed',
    });
    expect(templateVars({ src: 'a', fullpath: '/a', dest: '', uid: 1234, mtimeNs: 0n, host: 'h', now }).template_uid).toBe('1234');
  });

  it('passwdName reads a uid\'s name from passwd text', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/sh\n';
    expect(passwdName(passwd, 1000)).toBe('bob');
    expect(passwdName(passwd, 5)).toBeUndefined();
  });
});
