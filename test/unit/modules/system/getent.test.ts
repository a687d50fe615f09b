import { describe, expect, it } from 'vitest';
import { getentSchema, parseGetent } from '../../../../src/modules/system/getent.js';
import { fixtures } from '../../../helpers/fixtures.js';

const fixture = fixtures('modules/system');

describe('getent', () => {
  it('colon databases split on ":" with the key first', () => {
    const f = parseGetent(fixture('getent-passwd.txt'), 'passwd');
    expect(f.root).toEqual(['x', '0', '0', 'root', '/root', '/bin/bash']);
    expect(Object.keys(f)).toEqual(['root', 'daemon', 'nobody']);
  });
  it('other databases split on whitespace; repeated keys become a list of records', () => {
    const f = parseGetent(fixture('getent-services.txt'), 'services');
    expect(f.ssh).toEqual(['22/tcp']);
    expect(f.http).toEqual(['80/tcp', 'www']);
    expect(parseGetent('127.0.0.1 localhost\n127.0.0.1 other\n', 'hosts')['127.0.0.1']).toEqual([['localhost'], ['other']]);
  });
  it('split can be given; the schema refuses odd database names', () => {
    expect(parseGetent('a,b,c\n', 'x', ',')).toEqual({ a: ['b', 'c'] });
    expect(getentSchema.safeParse({ database: 'passwd; id' }).success).toBe(false);
    expect(getentSchema.parse({ database: 'passwd', key: 0 })).toMatchObject({ key: '0', fail_key: true });
  });
});
