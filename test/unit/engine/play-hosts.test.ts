/**
 * A play's `hosts:` is rendered and parsed before any host is contacted: an undefined variable or a
 * malformed pattern refuses the run (ValidationErrors, exit 4, as ansible-playbook's "The field
 * 'hosts' has an invalid value"); a pattern that matches no host is a warning and runs nothing.
 */
import { describe, expect, it } from 'vitest';
import { runPlaybooks } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import type { Play, Playbook } from '../../../src/playbook/types.js';
import { ValidationErrors } from '../../../src/util/errors.js';
import { inventory } from '../../helpers/local-inventory.js';

const loc = { file: 'site.yml', line: 1, col: 3 };


async function run(hosts: string, o: { vars?: Record<string, unknown>; extraVars?: Record<string, unknown> } = {}) {
  const play: Play = {
    hosts, loc, dir: '.', tags: [], varsFiles: [], gatherFacts: false, serial: [], order: 'inventory', preTasks: [], tasks: [], postTasks: [], handlers: [],
    ...(o.vars ? { vars: o.vars } : {}),
  };
  const book: Playbook = { file: 'site.yml', dir: '.', plays: [play] };
  const events: EngineEvent[] = [];
  await runPlaybooks({
    playbooks: [book], inventory: inventory(), extraVars: o.extraVars ?? {}, check: false, diff: false, tags: [], skipTags: [], forks: 1,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e: EngineEvent) => void events.push(e),
  });
  return events;
}

describe('hosts: that cannot be rendered or parsed refuses the run before anything is contacted', () => {
  it.each([
    ['{{ nothere }}', `play "{{ nothere }}": the field 'hosts' has an invalid value, which includes an undefined variable: 'nothere' is undefined`, "hosts: is rendered with the play's vars, extra vars (-e) and groups, without any host's variables"],
    ['{{ inventory_hostname }}', `play "{{ inventory_hostname }}": the field 'hosts' has an invalid value, which includes an undefined variable: 'inventory_hostname' is undefined`, "hosts: is rendered with the play's vars, extra vars (-e) and groups, without any host's variables"],
    ['all:&', `play "all:&": malformed host pattern '&': '&' must be followed by a host or group`, undefined],
  ])('%s', async (hosts, message, hint) => {
    const err = await run(hosts).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationErrors);
    expect((err as ValidationErrors).errors.map((e) => ({ message: e.message, loc: e.loc, hint: e.hint }))).toEqual([{ message, loc, hint }]);
  });

  it('a template syntax error is refused too, without the undefined-variable hint', async () => {
    const err = (await run('{{ 1 + }}').catch((e) => e)) as ValidationErrors;
    expect(err).toBeInstanceOf(ValidationErrors);
    expect(err.errors[0].message).toMatch(/^play "\{\{ 1 \+ \}\}": the field 'hosts' has an invalid value: /);
    expect(err.errors[0].hint).toBeUndefined();
  });
});

describe('hosts: that renders runs on what it names', () => {
  it.each([
    ['{{ target }}', { vars: { target: 'h1' } }, ['h1'], []],
    ['{{ target }}', { extraVars: { target: 'all' } }, ['h1'], []],
    ["{{ groups['ungrouped'] | first }}", {}, ['h1'], []],
    ['nomatch', {}, [], ['Could not match supplied host pattern, ignoring: nomatch']],
  ])('%s %j', async (hosts, o, selected, warnings) => {
    const events = await run(hosts, o);
    expect(events.flatMap((e) => (e.type === 'play_start' ? [e.play.hosts] : []))).toEqual([selected]);
    expect(events.flatMap((e) => (e.type === 'warning' ? [e.message] : []))).toEqual(warnings);
  });
});
