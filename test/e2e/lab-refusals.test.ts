/**
 * `lab up` refuses clearly, and changes nothing, when its bridge name or address range is taken by
 * something else on the machine. Uses a lab of its own (never brought up) and links (bridges without ports) it removes.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { addressPlan, defaultSubnet, labPaths, linkNames } from '../../src/lab/config.js';
import { LabError, labUp } from '../../src/lab/index.js';

const lab = inject('lab');
const NAME = 'refusetest';
const names = linkNames(NAME);
const plan = addressPlan(defaultSubnet(NAME));
const DUMMY = 'mlabtestdummy';

function ip(...args: string[]): number {
  return spawnSync('ip', args, { timeout: 10_000 }).status ?? -1;
}

async function nothingChanged(): Promise<void> {
  expect(await fs.stat(labPaths(NAME).dir).then(() => true, () => false)).toBe(false);
  expect(await fs.stat(`/run/netns/${names.netns(1)}`).then(() => true, () => false)).toBe(false);
}

describe.skipIf(!!lab.skip)('lab up refusals', () => {
  afterEach(() => {
    ip('link', 'del', 'dev', DUMMY);
    ip('link', 'del', 'dev', names.bridge);
  });

  it('refuses a bridge name that exists and is not the lab\'s', async () => {
    expect(ip('link', 'add', 'name', names.bridge, 'type', 'bridge')).toBe(0);
    const err = await labUp({ count: 1, name: NAME }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as Error).message).toMatch(new RegExp(`a link named ${names.bridge} already exists and was not created by this lab`));
    expect((err as Error).message).toMatch(/nothing was changed/);
    await nothingChanged();
  }, 30_000);

  it('refuses an address range already used on the machine', async () => {
    expect(ip('link', 'add', 'name', DUMMY, 'type', 'bridge')).toBe(0);
    expect(ip('addr', 'add', `${plan.prefix}.200/32`, 'dev', DUMMY)).toBe(0);
    const err = await labUp({ count: 1, name: NAME }).then(() => undefined, (e: unknown) => e);
    expect(err).toBeInstanceOf(LabError);
    expect((err as Error).message).toContain(`address ${plan.prefix}.200/32 on ${DUMMY} is inside the lab's range ${plan.cidr}`);
    expect(ip('link', 'show', 'dev', names.bridge)).not.toBe(0);
    await nothingChanged();
  }, 30_000);

  it('refuses bad options before touching anything', async () => {
    await expect(labUp({ count: 0, name: NAME })).rejects.toThrow(/from 1 to 89/);
    await expect(labUp({ count: 1, name: 'Bad_Name' })).rejects.toThrow(/invalid lab name/);
    await expect(labUp({ count: 1, name: NAME, subnet: '8.8.8.0/24' })).rejects.toThrow(/private \/24/);
    await expect(labUp({ count: 1, name: NAME, suite: 'bookwrom' })).rejects.toThrow(/unsupported suite/);
    await nothingChanged();
  }, 30_000);
});
