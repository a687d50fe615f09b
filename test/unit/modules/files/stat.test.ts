import { describe, expect, it } from 'vitest';
import { statSchema, statResult } from '../../../../src/modules/files/stat.js';

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
