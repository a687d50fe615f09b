import { describe, expect, it } from 'vitest';
import { packageFactsSchema, parsePackageList } from '../../../../src/modules/system/package-facts.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

describe('package_facts', () => {
  it('parses dpkg-query output into lists per name (installed only)', () => {
    const p = parsePackageList(fixture('dpkg-query-packages.txt'));
    expect(p.adduser).toEqual([{ name: 'adduser', version: '3.134', arch: 'all', category: 'admin', source: 'apt' }]);
    expect(Object.keys(p).length).toBe(40);
    expect(parsePackageList('rc \tsl\t5.02\tamd64\tgames\n')).toEqual({});
    expect(parsePackageList('ii \tlibc6\t2.36\tamd64\tlibs\nii \tlibc6\t2.36\ti386\tlibs\n').libc6.map((x) => x.arch)).toEqual(['amd64', 'i386']);
  });
  it('only apt managers are accepted', () => {
    expect(packageFactsSchema.safeParse({ manager: 'rpm' }).success).toBe(false);
    expect(packageFactsSchema.parse({ manager: ['auto'] })).toEqual({ manager: ['auto'], strategy: 'first' });
  });
});
