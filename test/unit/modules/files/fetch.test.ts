import { describe, expect, it } from 'vitest';
import { fetchDest, fetchSchema } from '../../../../src/modules/files/fetch.js';

describe('fetch', () => {
  it('fetchDest: DEST/HOST/path, flat with and without a trailing slash', () => {
    expect(fetchDest('/etc/hosts', '/backup', 'web1', false)).toBe('/backup/web1/etc/hosts');
    expect(fetchDest('/etc/hosts', '/backup/', 'web1', true)).toBe('/backup/hosts');
    expect(fetchDest('/etc/hosts', '/backup/h.txt', 'web1', true)).toBe('/backup/h.txt');
    expect(fetchDest('/etc/../etc/hosts', '/b', 'w', false)).toBe('/b/w/etc/hosts');
  });
  it('schema defaults', () => {
    expect(fetchSchema.parse({ src: '/a', dest: '/b' })).toEqual({ src: '/a', dest: '/b', flat: false, fail_on_missing: true, validate_checksum: true });
    expect(fetchSchema.parse({ src: '/a', dest: '/b', flat: 'yes' }).flat).toBe(true);
  });
});
