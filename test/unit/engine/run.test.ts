import { describe, expect, it } from 'vitest';
import { runPlaybooks } from '../../../src/engine/index.js';
import type { EngineEvent } from '../../../src/engine/events.js';
import { matchesStartAt } from '../../../src/engine/task-across-hosts.js';
import type { Play, Playbook } from '../../../src/playbook/types.js';
import { ValidationErrors } from '../../../src/util/errors.js';
import { inventory } from '../../helpers/local-inventory.js';

const loc = { file: 'site.yml', line: 2, col: 3 };


function book(play: Partial<Play>): Playbook {
  const p: Play = {
    hosts: 'all', loc, dir: '.', tags: [], varsFiles: [], gatherFacts: false, serial: [], order: 'inventory', preTasks: [], tasks: [], postTasks: [], handlers: [], ...play,
  };
  return { file: 'site.yml', dir: '.', plays: [p] };
}

function opts(b: Playbook, events: EngineEvent[]) {
  return {
    playbooks: [b], inventory: inventory(), extraVars: {}, check: false, diff: false, tags: [], skipTags: [], forks: 1,
    conn: { knownHostsFiles: [] }, signal: new AbortController().signal, emit: (e: EngineEvent) => void events.push(e),
  };
}

describe('runPlaybooks input checks', () => {
  it('throws ValidationErrors with the play location for a bad serial, before any event', async () => {
    const events: EngineEvent[] = [];
    const err = await runPlaybooks(opts(book({ serial: ['abc%'] }), events)).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationErrors);
    expect((err as ValidationErrors).errors[0].loc).toEqual(loc);
    expect(events).toEqual([]);
  });

  it('refuses a role it cannot find, with the role location, before any event', async () => {
    const events: EngineEvent[] = [];
    const roleLoc = { file: 'site.yml', line: 5, col: 7 };
    const err = await runPlaybooks(opts(book({ roles: [{ name: 'web', loc: roleLoc }] }), events)).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationErrors);
    expect((err as ValidationErrors).errors[0]).toMatchObject({ loc: roleLoc, message: "the role 'web' was not found" });
    expect(events).toEqual([]);
  });

  it('runs an empty play and reports run_start/play_start/play_end/run_end', async () => {
    const events: EngineEvent[] = [];
    const s = await runPlaybooks(opts(book({ name: 'empty' }), events));
    expect(events.map((e) => e.type)).toEqual(['run_start', 'play_start', 'batch_start', 'play_end', 'run_end']);
    expect(s).toEqual({ stats: {}, interrupted: false, failedHosts: [] });
  });
});

describe('--start-at-task matching', () => {
  it('matches the name exactly or as a glob', () => {
    expect(matchesStartAt('install nginx', 'install nginx')).toBe(true);
    expect(matchesStartAt('install nginx', 'install *')).toBe(true);
    expect(matchesStartAt('install nginx', 'install')).toBe(false);
    expect(matchesStartAt('a.b', 'a?b')).toBe(true);
    expect(matchesStartAt('axb', 'a.b')).toBe(false);
  });
});
