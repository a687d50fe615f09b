import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { mimeFields, statModule, statSchema, statResult } from '../../../../src/modules/files/stat.js';
import { LocalConnection } from '../../../../src/transport/local.js';
import { moduleContext } from '../../../helpers/module-context.js';

describe('stat', () => {
  it('aliases and checksum choices', () => {
    expect(statSchema.parse({ path: '/x', checksum_algo: 'sha256' })).toMatchObject({ checksum_algorithm: 'sha256', follow: false, get_checksum: true });
    expect(statSchema.parse({ name: '/x', checksum: 'md5' })).toMatchObject({ path: '/x', checksum_algorithm: 'md5' });
    expect(statSchema.safeParse({ path: '/x', checksum_algorithm: 'crc32' }).success).toBe(false);
  });
  it('statResult of a missing path is only {exists: false}; permissions as booleans', () => {
    expect(statResult('/x', { path: '/x', exists: false }, undefined, 'sha1')).toEqual({ exists: false });
    const s = statResult('/x', { path: '/x', exists: true, type: 'file', mode: 0o4750, hash: 'abc' }, '1 0 1', 'md5');
    expect(s).toMatchObject({ mode: '04750', isuid: true, xgrp: true, roth: false, readable: true, writeable: false, executable: true, checksum: 'abc', md5: 'abc' });
  });
  it('a link: lnk_source and lnk_target, no checksum', () => {
    const s = statResult('/l', { path: '/l', exists: true, type: 'link', mode: 0o777, isLink: true, linkTarget: 'f', real: '/f' }, '1 1 1', 'sha1');
    expect(s).toMatchObject({ islnk: true, isreg: false, lnk_source: '/f', lnk_target: 'f' });
    expect(s.checksum).toBeUndefined();
  });
});

describe('stat get_mime (mimetype and charset, as Ansible parses `file --mime-type --mime-encoding`)', () => {
  const cases: Array<[string | undefined, { mimetype: string; charset: string }]> = [
    ['/tmp/a: text/plain; charset=us-ascii', { mimetype: 'text/plain', charset: 'us-ascii' }],
    ['/tmp/a:b: inode/x-empty; charset=binary', { mimetype: 'inode/x-empty', charset: 'binary' }],
    ['/tmp/a: cannot open', { mimetype: 'unknown', charset: 'unknown' }],
    [undefined, { mimetype: 'unknown', charset: 'unknown' }],
  ];
  it.each(cases)('%s', (out, expected) => {
    expect(mimeFields(out)).toEqual(expected);
  });
  it('a real file on this machine, and none when get_mime is false', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'stat-mime-'));
    try {
      const f = path.join(dir, "it's a file");
      writeFileSync(f, 'hello\n');
      const ctx = moduleContext(new LocalConnection('h1'));
      const on = await statModule.plan(statSchema.parse({ path: f }), ctx);
      const off = await statModule.plan(statSchema.parse({ path: f, get_mime: false }), ctx);
      const hasFile = (on.result?.stat as Record<string, unknown>).mimetype !== 'unknown';
      if (hasFile) expect(on.result?.stat).toMatchObject({ mimetype: 'text/plain', charset: 'us-ascii' });
      else expect(on.result?.stat).toMatchObject({ mimetype: 'unknown', charset: 'unknown' });
      expect(off.result?.stat).not.toHaveProperty('mimetype');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
