/** Ansible settings the engine reads: gathering (implicit, explicit, smart), strategy, any_errors_fatal. */
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings, useSettings } from '../../../src/config/index.js';
import { cleanup, play } from './harness.js';

afterEach(() => {
  useSettings(undefined);
  cleanup();
});

const withEnv = (env: NodeJS.ProcessEnv) => useSettings(loadSettings({ env, cwd: '/', home: '/nonexistent-home' }));

const TWO_PLAYS = `
- hosts: h1
  tasks:
    - name: first
      debug: msg=first
- hosts: h1
  gather_facts: true
  tasks:
    - name: second
      debug: msg=second
- hosts: h1
  gather_facts: false
  tasks:
    - name: third
      debug: msg=third
`;

describe('gathering', () => {
  it.each([
    // which of the three plays gather facts on h1, as Ansible's play iterator decides
    { gathering: 'implicit', gathers: [true, true, false] },
    { gathering: 'explicit', gathers: [false, true, false] },
    { gathering: 'smart', gathers: [true, false, false] },
  ])('$gathering', async ({ gathering, gathers }) => {
    withEnv({ ANSIBLE_GATHERING: gathering });
    const r = await play(TWO_PLAYS);
    const starts = r.events.filter((e) => e.type === 'play_start' || (e.type === 'task_start' && e.task.name === 'Gathering Facts'));
    const perPlay: boolean[] = [];
    for (const e of starts) {
      if (e.type === 'play_start') perPlay.push(false);
      else perPlay[perPlay.length - 1] = true;
    }
    expect(perPlay).toEqual(gathers);
  });
});

describe('strategy and any_errors_fatal defaults', () => {
  it.each([
    { what: 'ANSIBLE_ANY_ERRORS_FATAL stops the play at the first failure, as the keyword', env: { ANSIBLE_ANY_ERRORS_FATAL: 'true' }, next: [], broke: true },
    { what: 'a play without any_errors_fatal goes on without the setting', env: {}, next: ['h1', 'h3'], broke: undefined },
  ])('$what', async ({ env, next, broke }) => {
    withEnv(env);
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: fail h2
      command: /bin/false
      when: inventory_hostname == 'h2'
    - name: next
      command: "true"
`);
    expect(r.results('next').map((e) => e.host)).toEqual(next);
    expect(r.summary.failedBreak).toBe(broke);
  });

  it('ANSIBLE_STRATEGY=nonesuch fails the play with Ansible\'s message', async () => {
    withEnv({ ANSIBLE_STRATEGY: 'nonesuch' });
    const r = await play(`
- hosts: all
  gather_facts: false
  tasks:
    - name: t
      command: "true"
`);
    expect(r.results('t')).toHaveLength(0);
    expect(r.events.some((e) => e.type === 'warning' && e.message.includes('Invalid play strategy specified: nonesuch'))).toBe(true);
  });
});
