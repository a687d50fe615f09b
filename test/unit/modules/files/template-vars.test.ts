import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { passwdName, templateVars } from '../../../../src/modules/files/template-vars.js';
import { loadSettings, useSettings } from '../../../../src/config/index.js';

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

  it('ansible_managed from the setting: {host}, {uid}, {file} filled in, then strftime with the template\'s mtime', () => {
    const mtime = new Date(2024, 0, 2, 3, 4, 5);
    useSettings(loadSettings({ env: {}, cwd: '/', home: '/nonexistent-home' }));
    try {
      const s = loadSettings({ env: {}, cwd: '/', home: '/nonexistent-home' });
      // ansible_managed has no environment variable: the setting comes from ansible.cfg only
      expect(s.get('DEFAULT_MANAGED_STR')).toBe('Ansible managed');
    } finally {
      useSettings(undefined);
    }
    const dir = mkdtempSync(path.join(tmpdir(), 'machinist-managed-'));
    try {
      writeFileSync(path.join(dir, 'ansible.cfg'), '[defaults]\nansible_managed = Managed by {uid} on {host} from {file} at %Y-%m-%d\n');
      useSettings(loadSettings({ env: {}, cwd: dir, home: '/nonexistent-home' }));
      const v = templateVars({ src: 'foo.j2', fullpath: '/r/foo.j2', dest: '/x', uid: 0, owner: 'root', mtimeNs: BigInt(mtime.getTime()) * 1000000n, host: 'ctl', now: mtime });
      expect(v.ansible_managed).toBe('Managed by root on ctl from foo.j2 at 2024-01-02');
    } finally {
      useSettings(undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passwdName reads a uid\'s name from passwd text', () => {
    const passwd = 'root:x:0:0:root:/root:/bin/bash\nbob:x:1000:1000::/home/bob:/bin/sh\n';
    expect(passwdName(passwd, 1000)).toBe('bob');
    expect(passwdName(passwd, 5)).toBeUndefined();
  });
});
