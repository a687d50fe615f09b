import { describe, expect, it } from 'vitest';
import { addHostModule, groupByModule, splitAddress } from '../../../../src/modules/commands/group-by.js';
import type { ModuleContext } from '../../../../src/modules/types.js';
import { fakeContext } from '../../../helpers/module-context.js';

/** A context whose inventory hooks record their calls and answer `changed`. */
function ctx(changed: boolean) {
  const calls: unknown[] = [];
  const c: ModuleContext = {
    ...fakeContext([]),
    controller: {
      taskDir: '.',
      readVarsFile: async () => ({}),
      addGroup: (...a) => (calls.push(['group', ...a]), changed),
      addHost: (...a) => (calls.push(['host', ...a]), changed),
    },
  };
  return { c, calls };
}

async function run(mod: typeof groupByModule | typeof addHostModule, args: Record<string, unknown>, changed = true) {
  const parsed = mod.schema.safeParse(args);
  if (!parsed.success) return { refused: parsed.error.issues.map((i) => i.message).join('; ') };
  const { c, calls } = ctx(changed);
  const plan = await mod.plan(parsed.data as never, c);
  return { calls, result: plan.result };
}

// the result fields and inventory changes of Ansible's group_by and add_host action plugins
describe('group_by', () => {
  it.each<[Record<string, unknown>, unknown]>([
    [{ key: 'os Debian' }, { calls: [['group', 'os-Debian', ['all']]], result: { changed: true, add_group: 'os-Debian', parent_groups: ['all'] } }],
    [{ key: 'g', parents: 'p q' }, { calls: [['group', 'g', ['p-q']]], result: { changed: true, add_group: 'g', parent_groups: ['p-q'] } }],
    [{ key: 12, parents: ['a', 'b'] }, { calls: [['group', '12', ['a', 'b']]], result: { changed: true, add_group: '12', parent_groups: ['a', 'b'] } }],
    [{}, { refused: "the 'key' param is required when using group_by" }],
  ])('%j', async (args, expected) => {
    expect(await run(groupByModule, args)).toEqual(expected);
  });
});

describe('add_host', () => {
  it.each<[Record<string, unknown>, unknown]>([
    [{ name: 'n1', groups: 'a, b,a', x: 1 }, { calls: [['host', 'n1', ['a', 'b'], { x: 1 }]], result: { changed: true, add_host: { host_name: 'n1', groups: ['a', 'b'], host_vars: { x: 1 } } } }],
    [{ hostname: 'n2:2222', group: ['g'] }, { calls: [['host', 'n2', ['g'], { ansible_ssh_port: 2222 }]], result: { changed: true, add_host: { host_name: 'n2', groups: ['g'], host_vars: { ansible_ssh_port: 2222 } } } }],
    [{ host: 'n3', groupname: 'g' }, { calls: [['host', 'n3', ['g'], {}]], result: { changed: true, add_host: { host_name: 'n3', groups: ['g'], host_vars: {} } } }],
    [{ groups: 'g' }, { refused: 'name, host or hostname needs to be provided' }],
  ])('%j', async (args, expected) => {
    expect(await run(addHostModule, args)).toEqual(expected);
  });

  it('is not changed when the inventory was not', async () => {
    expect((await run(addHostModule, { name: 'n1' }, false)).result).toMatchObject({ changed: false });
  });

  it.each<[string, [string, number | undefined]]>([
    ['h', ['h', undefined]],
    ['h.example:22', ['h.example', 22]],
    ['[::1]:2200', ['::1', 2200]],
    ['::1', ['::1', undefined]],
  ])('address %s', (s, expected) => {
    expect(splitAddress(s)).toEqual(expected);
  });
});
