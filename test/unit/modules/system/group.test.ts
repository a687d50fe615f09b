import { describe, expect, it } from 'vitest';
import { decideGroup, groupSchema } from '../../../../src/modules/system/group.js';

const args = (a: Record<string, unknown>) => groupSchema.parse({ name: 'web', ...a });

describe('group', () => {
  it('groupadd with gid/system; nothing when the group is as asked', () => {
    expect(decideGroup(args({ gid: 2000, system: true }), undefined)).toEqual(['groupadd', '-g', '2000', '-r', 'web']);
    expect(decideGroup(args({ gid: 2000 }), { name: 'web', gid: 2000, members: [] })).toBeUndefined();
    expect(decideGroup(args({}), { name: 'web', gid: 5, members: [] })).toBeUndefined();
  });
  it('groupmod for another gid; groupdel for absent', () => {
    expect(decideGroup(args({ gid: 2001, non_unique: true }), { name: 'web', gid: 2000, members: [] })).toEqual(['groupmod', '-g', '2001', '-o', 'web']);
    expect(decideGroup(args({ state: 'absent', force: true }), { name: 'web', gid: 2000, members: [] })).toEqual(['groupdel', '-f', 'web']);
    expect(decideGroup(args({ state: 'absent' }), undefined)).toBeUndefined();
  });
  it('schema refuses bad names and gids', () => {
    expect(groupSchema.safeParse({ name: 'a;b' }).success).toBe(false);
    expect(groupSchema.safeParse({ name: 'a', gid: -1 }).success).toBe(false);
    expect(groupSchema.parse({ name: 'a', gid: '42' }).gid).toBe(42);
    // Ansible's required_if message
    expect(groupSchema.safeParse({ name: 'a', non_unique: true }).error?.issues.map((i) => i.message)).toEqual(['non_unique is True but all of the following are missing: gid']);
  });
});
