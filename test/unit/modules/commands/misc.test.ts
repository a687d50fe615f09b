import { describe, expect, it } from 'vitest';
import { debugSchema, verbosityOf, debugResult } from '../../../../src/modules/commands/debug.js';
import { failModule, failSchema } from '../../../../src/modules/commands/fail.js';
import { filterFacts, setupSchema } from '../../../../src/modules/commands/setup.js';
import { commandModules } from '../../../../src/modules/commands/index.js';
import { ModuleFailure } from '../../../../src/util/errors.js';
import { fakeContext } from '../../../helpers/module-context.js';

describe('debug (without templating)', () => {
  it('defaults to Hello world! and passes any msg value through', async () => {
    expect(await debugResult(debugSchema.parse({}), {})).toEqual({ changed: false, msg: 'Hello world!' });
    expect(await debugResult(debugSchema.parse({ msg: [1, 'a'] }), {})).toEqual({ changed: false, msg: [1, 'a'] });
  });
  it('skips below the verbosity threshold', async () => {
    expect(verbosityOf({ ansible_verbosity: '2' })).toBe(2);
    expect(await debugResult(debugSchema.parse({ msg: 'x', verbosity: 2 }), { ansible_verbosity: 1 })).toEqual({
      changed: false, skipped: true, skipped_reason: 'Verbosity threshold not met.',
    });
    expect(await debugResult(debugSchema.parse({ msg: 'x', verbosity: 2 }), { ansible_verbosity: 2 })).toMatchObject({ msg: 'x' });
  });
  it('refuses msg with var', () => {
    expect(debugSchema.safeParse({ msg: 'a', var: 'b' }).error?.issues[0].message).toBe("'msg' and 'var' are incompatible options");
  });
});

describe('fail', () => {
  it('fails with the default or given message', async () => {
    await expect(failModule.plan(failSchema.parse({}), fakeContext([]))).rejects.toThrow('Failed as requested from task');
    const e = await failModule.plan(failSchema.parse({ msg: 'stop here' }), fakeContext([])).catch((x) => x);
    expect(e).toBeInstanceOf(ModuleFailure);
    expect(e.result).toEqual({ changed: false, failed: true, msg: 'stop here' });
  });
});

describe('setup arguments', () => {
  it('validates gather_subset and filters by fnmatch patterns', () => {
    expect(setupSchema.safeParse({ gather_subset: ['!all', 'min'] }).success).toBe(true);
    expect(setupSchema.safeParse({ gather_subset: 'hardwre' }).success).toBe(false);
    const facts = { ansible_distribution: 'Debian', ansible_distribution_version: '12', ansible_kernel: '6' };
    expect(filterFacts(facts, ['ansible_distribution*'])).toEqual({ ansible_distribution: 'Debian', ansible_distribution_version: '12' });
    expect(filterFacts(facts, ['kernel'])).toEqual({ ansible_kernel: '6' });
    expect(filterFacts(facts, [])).toBe(facts);
  });
});

describe('registration', () => {
  it('every module has its ansible.builtin and ansible.legacy names', () => {
    const names = commandModules.map((m) => m.name);
    expect(names).toEqual(['command', 'shell', 'raw', 'debug', 'assert', 'fail', 'set_fact', 'pause', 'wait_for', 'wait_for_connection', 'ping', 'setup', 'gather_facts', 'include_vars', 'group_by', 'add_host', 'async_status']);
    for (const m of commandModules) expect(m.aliases).toEqual([`ansible.builtin.${m.name}`, `ansible.legacy.${m.name}`]);
  });
  it('free-form modules take the string as cmd; controller modules are marked', () => {
    const by = Object.fromEntries(commandModules.map((m) => [m.name, m]));
    expect(['command', 'shell', 'raw'].map((n) => by[n].freeForm)).toEqual(['cmd', 'cmd', 'cmd']);
    expect(['debug', 'assert', 'fail', 'set_fact', 'pause'].every((n) => by[n].runsOn === 'controller')).toBe(true);
    expect(by.command.runsOn).toBeUndefined();
  });
});
